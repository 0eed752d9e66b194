package io.ghostwatch.cli;

import static io.ghostwatch.cli.GhostwatchCliIT.ghostwatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.cli.GhostwatchCliIT.Run;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code secret:} references from the shaded jar as a user runs it: the CLI reads Secrets Manager with the SDK's default
 * credential chain and region from the standard environment ({@code AWS_ENDPOINT_URL} at the AWS stand-in, dummy
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION}), against a redis-server with
 * {@code requirepass}.
 */
class SecretsCliIT {

    private static final String PASSWORD = "cli-Redis-pw-4417";
    private static final String TOKEN = "xoxb-1234-5678-secretsclitoken";

    @TempDir
    Path tmp;
    private AwsStandIn aws;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        env = new HashMap<>(aws.environment());
        aws.fleet().putSecret("ghostwatch/redis/payments", "{\"username\":\"default\",\"password\":\"" + PASSWORD
                + "\"}");
        aws.fleet().putSecret("ghostwatch/redis/plain", PASSWORD);
    }

    @AfterEach
    void stop() {
        aws.close();
        assertThat(aws.failures()).isEmpty();
    }

    private Path config(String... lines) throws Exception {
        return Files.writeString(tmp.resolve("ghostwatch.yaml"), String.join("\n", lines) + "\n");
    }

    @Test
    void auditReadsTheTargetsPasswordsFromSecretsManagerOncePerSecret() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.builder().config("requirepass " + PASSWORD)
                .admin(null, PASSWORD).start()) {
            Path config = config("targets:",
                    "  - name: payments-a",
                    "    uri: " + redis.uri(),
                    "    password: secret:ghostwatch/redis/payments#password",
                    "  - name: payments-b",
                    "    uri: " + redis.uri(),
                    "    password: secret:ghostwatch/redis/payments#password",
                    "  - name: payments-c",
                    "    uri: " + redis.uri(),
                    "    password: secret:ghostwatch/redis/payments#password");

            Run run = ghostwatch(env, "audit", "--config", config.toString(), "--format", "json");

            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode targets = new ObjectMapper().readTree(run.out()).get("targets");
            assertThat(targets).hasSize(3).allSatisfy(t -> {
                assertThat(t.get("status").asText()).as(t.get("name") + ": " + t.get("error")).isEqualTo("AUDITED");
                assertThat(t.get("facts").get("unauthenticatedProbe").asText()).isEqualTo("auth required (over loopback)");
            });
            assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
            assertThat(aws.calls("secretsmanager:GetSecretValue")).singleElement().satisfies(c -> {
                assertThat(c.param("SecretId")).isEqualTo("ghostwatch/redis/payments");
                assertThat(c.region()).isEqualTo(AwsStandIn.DEFAULT_REGION);
                assertThat(c.accessKeyId()).isEqualTo(aws.environment().get("AWS_ACCESS_KEY_ID"));
            });
        }
    }

    @Test
    void authAndFixTakeASecretReferenceToo() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.builder().config("requirepass " + PASSWORD, "timeout 0")
                .admin(null, PASSWORD).start(); Jedis admin = redis.admin()) {
            Run audit = ghostwatch(env, "audit", "--target", redis.uri(), "--auth", "secret:ghostwatch/redis/plain");
            assertThat(audit.exit()).as(audit.err()).isZero();
            assertThat(audit.out()).contains("FAIL HIGH  redis_idle_timeout_enabled");

            Run fix = ghostwatch(env, "fix", "--target", redis.uri(), "--auth",
                    "secret:ghostwatch/redis/payments#password", "--set", "timeout=86400", "--yes");
            assertThat(fix.exit()).as(fix.out() + fix.err()).isZero();
            assertThat(fix.out()).contains("Applied and verified on 1 node(s)");
            assertThat(admin.configGet("timeout")).containsEntry("timeout", "86400");
            assertThat(aws.calls("secretsmanager:GetSecretValue")).extracting(c -> c.param("SecretId"))
                    .containsExactly("ghostwatch/redis/plain", "ghostwatch/redis/payments");
        }
    }

    @Test
    void aDeniedSecretFailsItsTargetNamingThePermissionAndABadReferenceNamesTheLine() throws Exception {
        aws.denyAction(AwsStandIn.DEFAULT_ACCOUNT, "secretsmanager:GetSecretValue");
        try (RedisServerProcess redis = RedisServerProcess.start("requirepass " + PASSWORD)) {
            Run denied = ghostwatch(env, "audit", "--target", redis.uri(), "--auth",
                    "secret:ghostwatch/redis/payments#password", "--format", "json");

            assertThat(denied.exit()).as("a target not audited").isEqualTo(3);
            JsonNode target = new ObjectMapper().readTree(denied.out()).get("targets").get(0);
            assertThat(target.get("status").asText()).isEqualTo("ERROR");
            assertThat(target.get("error").asText()).startsWith("password reference"
                    + " secret:ghostwatch/redis/payments#password: not allowed: secretsmanager:GetSecretValue"
                    + " (AccessDeniedException: User: " + AwsStandIn.BASE_USER_ARN)
                    .endsWith("grant secretsmanager:GetSecretValue to the role Ghostwatch uses");
        }

        Path config = config("targets:",
                "  - name: a",
                "    host: 127.0.0.1",
                "    password: secret:ghostwatch/redis/payments#");
        Run bad = ghostwatch(env, "audit", "--config", config.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("ghostwatch.yaml:4: targets[0].password: 'secret:ghostwatch/redis/payments#'"
                + " has an empty JSON key after '#'; valid: secret:NAME");
    }

    @Test
    void theSlackBotTokenCanBeASecretToo() throws Exception {
        aws.fleet().putSecret("ghostwatch/slack", "{\"botToken\":\"" + TOKEN + "\",\"signingSecret\":\"s\"}");
        try (RedisServerProcess redis = RedisServerProcess.start();
             SlackApiStandIn slack = SlackApiStandIn.start(TOKEN)) {
            Path config = config("targets:",
                    "  - name: cache-1",
                    "    uri: " + redis.uri(),
                    "slack:",
                    "  channel: " + SlackApiStandIn.CHANNEL_ID,
                    "  botToken: secret:ghostwatch/slack#botToken");
            Map<String, String> withSlack = new HashMap<>(env);
            withSlack.put("SLACK_API_URL", slack.apiUrl());
            withSlack.put("XDG_DATA_HOME", Files.createDirectories(tmp.resolve("data")).toString());

            Run run = ghostwatch(withSlack, "audit", "--config", config.toString(), "--slack");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("Slack digest posted to " + SlackApiStandIn.CHANNEL_ID).doesNotContain(TOKEN);
            assertThat(slack.calls("chat.postMessage")).first()
                    .satisfies(c -> assertThat(c.authorization()).isEqualTo("Bearer " + TOKEN));
            assertThat(aws.calls("secretsmanager:GetSecretValue")).extracting(c -> c.param("SecretId"))
                    .isEqualTo(List.of("ghostwatch/slack"));
        }
    }
}
