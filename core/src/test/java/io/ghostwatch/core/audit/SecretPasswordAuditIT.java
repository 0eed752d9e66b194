package io.ghostwatch.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.check.NetworkAccessAuthenticatedCheck;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.CacheClusterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real redis-server with {@code requirepass}, audited with its password from a {@code secret:} reference served by
 * the AWS stand-in's Secrets Manager: self-hosted targets (many sharing one secret: one GetSecretValue) and an
 * ElastiCache direct connection ({@code elasticache.connect[].password}).
 */
class SecretPasswordAuditIT {

    private static final String PASSWORD = "rq-8xK2-secret-from-sm";
    private static final Map<String, String> ENV = Map.of("AWS_REGION", AwsStandIn.DEFAULT_REGION);

    private AwsStandIn aws;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        aws.fleet().putSecret("ghostwatch/redis/payments",
                "{\"username\":\"default\",\"password\":\"" + PASSWORD + "\",\"engine\":\"redis\"}");
    }

    @AfterEach
    void stop() {
        aws.close();
        assertThat(aws.failures()).isEmpty();
    }

    @Test
    void twentyTargetsBehindOneSecretAreAuditedWithOneGetSecretValue() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.builder()
                .config("bind 0.0.0.0", "protected-mode no", "requirepass " + PASSWORD).admin(null, PASSWORD).start();
             Secrets secrets = Secrets.create(ENV, aws.clientSettings())) {
            SecretRef password = SecretRef.parse("secret:ghostwatch/redis/payments#password", "targets[].password");
            List<TargetSpec> targets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                targets.add(TargetSpec.fromUri("payments-" + i, redis.uri(), password, Map.of("team", "payments"),
                        "targets[" + i + "].uri"));
            }
            // a wrong key and a secret that is not there fail their own targets only
            targets.add(TargetSpec.fromUri("wrong-key", redis.uri(),
                    SecretRef.parse("secret:ghostwatch/redis/payments#authToken", "p"), Map.of(), "u"));
            targets.add(TargetSpec.fromUri("typo", redis.uri(),
                    SecretRef.parse("secret:ghostwatch/redis/paymnets#password", "p"), Map.of(), "u"));

            AuditReport report = new FleetAuditor(Policy.defaults(), secrets, Clock.systemUTC())
                    .audit(targets, AuditProgress.NONE);

            assertThat(report.targets().subList(0, 20)).allSatisfy(t -> {
                assertThat(t.status()).as(t.target().name() + ": " + t.error()).isEqualTo(AuditStatus.AUDITED);
                Finding auth = t.findings().stream().filter(f -> f.checkId().equals(NetworkAccessAuthenticatedCheck.ID))
                        .findFirst().orElseThrow();
                assertThat(auth.status()).as("the server demands the password it was given").isEqualTo(CheckStatus.PASS);
            });
            TargetReport wrongKey = report.targets().get(20);
            assertThat(wrongKey.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(wrongKey.error()).isEqualTo("password reference secret:ghostwatch/redis/payments#authToken: the"
                    + " secret's JSON has no key 'authToken' (its keys: username, password, engine)");
            TargetReport typo = report.targets().get(21);
            assertThat(typo.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(typo.error()).startsWith("password reference secret:ghostwatch/redis/paymnets#password: Secrets"
                    + " Manager has no such secret (secretsmanager:GetSecretValue: ResourceNotFoundException");

            assertThat(aws.calls("secretsmanager:GetSecretValue")).extracting(c -> c.param("SecretId"))
                    .as("one call per secret, however many targets share it")
                    .containsExactlyInAnyOrder("ghostwatch/redis/payments", "ghostwatch/redis/paymnets");
            assertThat(new JsonReportRenderer().render(report)).doesNotContain(PASSWORD);
        }
    }

    @Test
    void anElastiCacheDirectConnectionTakesItsAuthTokenFromASecret() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("requirepass " + PASSWORD);
             AwsClients clients = AwsClients.create(aws.clientSettings());
             Secrets secrets = Secrets.create(ENV, aws.clientSettings())) {
            aws.fleet().add(CacheClusterSpec.redis("tasks").nodeEndpoint("127.0.0.1", redis.port()).authToken(true));
            GhostwatchConfig config = ConfigLoader.parse("""
                    elasticache:
                      regions: [us-east-1]
                      connect:
                        - match: default/us-east-1/tasks
                          password: secret:ghostwatch/redis/payments#password
                    """, "ghostwatch.yaml");

            AuditReport report = new FleetAuditor(config.policy(), secrets, Clock.systemUTC(), null,
                    new ElastiCacheAuditor(config.elasticache(), clients, config.policy(), secrets, Clock.systemUTC(),
                            null)).audit(List.of(), AuditProgress.NONE);

            TargetReport tasks = report.targets().stream()
                    .filter(t -> t.target().name().equals("default/us-east-1/tasks")).findFirst().orElseThrow();
            assertThat(tasks.nodes()).singleElement().satisfies(n -> {
                assertThat(n.status()).as(String.valueOf(n.error())).isEqualTo(AuditStatus.AUDITED);
                assertThat(n.snapshot().census().orElse(null)).as("CLIENT LIST read with the password").isNotNull();
            });
            assertThat(aws.calls("secretsmanager:GetSecretValue")).hasSize(1);
            assertThat(aws.actions()).as("what template.yaml grants the audit function (AwsAction AUDIT and SECRETS)")
                    .isSubsetOf(Stream.concat(AwsAction.iamNames(AwsAction.Use.AUDIT).stream(),
                            AwsAction.iamNames(AwsAction.Use.SECRETS).stream()).toList())
                    .contains("secretsmanager:GetSecretValue");
        }
    }
}
