package io.ghostwatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.ManualClock;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code secret:} references resolved through the real SDK client ({@link io.ghostwatch.core.aws.SecretsManagerReader})
 * against the AWS stand-in's Secrets Manager: the whole value and a JSON key, by name and by ARN (the ARN's region
 * called), every refusal said with the reference and never the value, and one GetSecretValue per secret for many
 * targets.
 */
class SecretsManagerSecretsIT {

    private static final String PASSWORD = "Zq8-pay-7731-redis";
    private static final Map<String, String> ENV = Map.of("AWS_REGION", AwsStandIn.DEFAULT_REGION);

    private AwsStandIn aws;
    private Secrets secrets;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        secrets = Secrets.create(ENV, aws.clientSettings());
    }

    @AfterEach
    void stop() {
        secrets.close();
        aws.close();
        assertThat(aws.failures()).isEmpty();
    }

    private String resolve(String reference) {
        return SecretRef.parse(reference, "ghostwatch.yaml:4: targets[0].password").resolve(secrets);
    }

    @Test
    void theWholeSecretAndAJsonKeyByNameAndByArn() {
        aws.fleet().putSecret("ghostwatch/redis/plain", PASSWORD);
        String arn = aws.fleet().putSecret("ghostwatch/redis/payments",
                "{\"engine\":\"redis\",\"username\":\"ghostwatch\",\"password\":\"" + PASSWORD + "\",\"port\":6379}");
        String westArn = aws.fleet(AwsStandIn.DEFAULT_ACCOUNT, "eu-west-1").putSecret("ghostwatch/redis/eu", "eu-pw");

        assertThat(resolve("secret:ghostwatch/redis/plain")).isEqualTo(PASSWORD);
        assertThat(resolve("secret:ghostwatch/redis/payments#password")).isEqualTo(PASSWORD);
        assertThat(resolve("secret:ghostwatch/redis/payments#username")).isEqualTo("ghostwatch");
        assertThat(resolve("secret:" + arn + "#password")).isEqualTo(PASSWORD);
        assertThat(resolve("secret:" + westArn)).isEqualTo("eu-pw");

        assertThat(aws.calls("secretsmanager:GetSecretValue")).extracting(c -> c.param("SecretId") + " in " + c.region())
                .containsExactly("ghostwatch/redis/plain in us-east-1", "ghostwatch/redis/payments in us-east-1",
                        arn + " in us-east-1", westArn + " in eu-west-1");
    }

    @Test
    void aNameIsLookedUpInTheEnvironmentsRegion() {
        aws.fleet(AwsStandIn.DEFAULT_ACCOUNT, "ap-southeast-2").putSecret("ghostwatch/redis/sydney", "syd-pw");
        try (Secrets sydney = Secrets.create(Map.of("AWS_REGION", "ap-southeast-2"), aws.clientSettings())) {
            assertThat(new SecretRef.Secret("ghostwatch/redis/sydney", null).resolve(sydney)).isEqualTo("syd-pw");
        }
        assertThatThrownBy(() -> resolve("secret:ghostwatch/redis/sydney")).as("not in us-east-1")
                .hasMessageContaining("Secrets Manager has no such secret");
    }

    @Test
    void aMissingKeyAndASecretThatIsNotJsonSayWhichWithoutTheValue() {
        aws.fleet().putSecret("ghostwatch/redis/payments", "{\"username\":\"ghostwatch\",\"pass\":\"" + PASSWORD + "\"}");
        aws.fleet().putSecret("ghostwatch/redis/plain", PASSWORD);

        assertThatThrownBy(() -> resolve("secret:ghostwatch/redis/payments#password")).isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:ghostwatch/redis/payments#password: the secret's JSON has no key"
                        + " 'password' (its keys: username, pass)");
        assertThatThrownBy(() -> resolve("secret:ghostwatch/redis/plain#password")).isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:ghostwatch/redis/plain#password: the secret's value is not JSON,"
                        + " so it has no key 'password' (for a plain-text secret write secret:ghostwatch/redis/plain"
                        + " without #password)");
        assertThat(aws.calls("secretsmanager:GetSecretValue")).hasSize(2);
    }

    @Test
    void aSecretThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> resolve("secret:ghostwatch/redis/typo#password")).isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:ghostwatch/redis/typo#password: Secrets Manager has no such secret"
                        + " (secretsmanager:GetSecretValue: ResourceNotFoundException: Secrets Manager can't find the"
                        + " specified secret.); check the name, the region (AWS_REGION, or the ARN's) and the account")
                .cause().isInstanceOfSatisfying(AwsCallException.class, e ->
                        assertThat(e.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND));
    }

    @Test
    void accessDeniedNamesTheActionToGrant() {
        aws.fleet().putSecret("ghostwatch/redis/payments", PASSWORD);
        aws.denyAction(AwsStandIn.DEFAULT_ACCOUNT, "secretsmanager:GetSecretValue");

        assertThatThrownBy(() -> resolve("secret:ghostwatch/redis/payments")).isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:ghostwatch/redis/payments: not allowed:"
                        + " secretsmanager:GetSecretValue (AccessDeniedException: User: " + AwsStandIn.BASE_USER_ARN
                        + " is not authorized to perform: secretsmanager:GetSecretValue on resource:"
                        + " arn:aws:secretsmanager:us-east-1:111111111111:secret:ghostwatch/redis/payments because no"
                        + " identity-based policy allows the secretsmanager:GetSecretValue action); grant"
                        + " secretsmanager:GetSecretValue to the role Ghostwatch uses")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    void aBinarySecretIsRefused() {
        aws.fleet().putBinarySecret("ghostwatch/redis/blob", PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThatThrownBy(() -> resolve("secret:ghostwatch/redis/blob")).isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:ghostwatch/redis/blob: the secret holds binary data"
                        + " (SecretBinary), not text; store the value as SecretString");
    }

    @Test
    void fiveHundredTargetsSharingASecretCostOneCallUntilItsTimeToLiveIsOver() throws Exception {
        aws.fleet().putSecret("ghostwatch/redis/fleet", "{\"password\":\"" + PASSWORD + "\"}");
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (Secrets cached = Secrets.create(ENV, aws.clientSettings(), Duration.ofMinutes(5), clock)) {
            List<TargetSpec> targets = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                targets.add(TargetSpec.fromUri("cache-" + i, "redis://10.0.0." + (i % 250) + ":" + (6379 + i / 250),
                        SecretRef.parse("secret:ghostwatch/redis/fleet#password", "targets[" + i + "].password"),
                        Map.of(), "targets[" + i + "].uri"));
            }
            List<Future<String>> passwords = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (TargetSpec t : targets) {
                    passwords.add(threads.submit(() -> t.connectionSettings(Policy.defaults(), cached).password()));
                }
                for (Future<String> p : passwords) {
                    assertThat(p.get()).isEqualTo(PASSWORD);
                }
            }
            assertThat(aws.calls("secretsmanager:GetSecretValue")).hasSize(1);

            aws.fleet().putSecret("ghostwatch/redis/fleet", "{\"password\":\"rotated-pw\"}");
            clock.advance(Duration.ofMinutes(4));
            assertThat(targets.get(7).connectionSettings(Policy.defaults(), cached).password()).isEqualTo(PASSWORD);
            clock.advance(Duration.ofMinutes(1));
            assertThat(targets.get(7).connectionSettings(Policy.defaults(), cached).password()).isEqualTo("rotated-pw");
            assertThat(aws.calls("secretsmanager:GetSecretValue")).extracting(RecordedCall::status)
                    .containsExactly(200, 200);
        }
    }
}
