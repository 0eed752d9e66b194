package io.ghostwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The shaded jar, run as a user runs it: {@code java -jar functions/target/ghostwatch.jar ...}. */
class GhostwatchCliIT {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run ghostwatch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("ghostwatch.jar", "target/ghostwatch.jar");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-jar");
        cmd.add(jar);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GHOSTWATCH_CONFIG");
        // Each run keeps its history in a fresh directory, never in the user's own data directory.
        pb.environment().put("XDG_DATA_HOME", Files.createTempDirectory("ghostwatch-data").toString());
        pb.environment().putAll(env);
        // Output goes to files, so a full pipe can never block the child and a hung child never blocks the test.
        java.nio.file.Path out = Files.createTempFile("ghostwatch-out", ".txt");
        java.nio.file.Path err = Files.createTempFile("ghostwatch-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ghostwatch did not finish within 60 s: " + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Run ghostwatch(String... args) throws IOException, InterruptedException {
        return ghostwatch(Map.of(), args);
    }

    @Test
    void auditPrintsAReadableReportAndExitCodesFollowFailOn() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0", "tcp-keepalive 0")) {
            Run text = ghostwatch("audit", "--target", redis.uri());
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out()).contains("FAIL HIGH  redis_idle_timeout_enabled  " + redis.address())
                    .contains("CONFIG SET timeout 86400").contains("CONFIG SET tcp-keepalive 300")
                    .doesNotContain("\u001b["); // no colour when not on a terminal

            Run failOn = ghostwatch("audit", "--target", redis.uri(), "--fail-on", "high");
            assertThat(failOn.exit()).isEqualTo(1);
            Run notBadEnough = ghostwatch("audit", "--target", redis.uri(), "--fail-on", "CRITICAL");
            assertThat(notBadEnough.exit()).isZero();
        }
    }

    @Test
    void jsonOutputHasTheDocumentedShape() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0"); Jedis idle = redis.admin()) {
            idle.clientSetname("pool-1");
            Run run = ghostwatch("audit", "--target", redis.uri(), "--format", "json");
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode root = new ObjectMapper().readTree(run.out());
            assertThat(root.has("startedAt")).isTrue();
            assertThat(root.get("durationMs").isNumber()).isTrue();
            JsonNode t = root.get("targets").get(0);
            assertThat(t.get("name").asText()).isEqualTo(redis.address());
            assertThat(t.get("endpoint").asText()).isEqualTo(redis.uri());
            assertThat(t.get("kind").asText()).isEqualTo("standalone");
            assertThat(t.get("status").asText()).isEqualTo("AUDITED");
            assertThat(t.get("error").isNull()).isTrue();
            assertThat(t.get("facts").get("timeout").asLong()).isZero();
            JsonNode client = t.get("census").get("clients").get(0);
            assertThat(client.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(client.get("connections").asInt()).isEqualTo(1);
            assertThat(client.get("idleOverSeconds").has("86400")).isTrue();
            assertThat(client.get("names").get(0).asText()).isEqualTo("pool-1");
            assertThat(t.get("census").get("skipped").isNull()).isTrue();
            JsonNode timeout = null;
            for (JsonNode f : t.get("findings")) {
                if (f.get("checkId").asText().equals("redis_idle_timeout_enabled")) {
                    timeout = f;
                }
            }
            assertThat(timeout).isNotNull();
            assertThat(timeout.get("node").asText()).isEqualTo(redis.address());
            assertThat(timeout.get("status").asText()).isEqualTo("FAIL");
            assertThat(timeout.get("severity").asText()).isEqualTo("HIGH");
            assertThat(timeout.get("evidence").get("timeout").asText()).isEqualTo("0");
            assertThat(timeout.get("fix").get("commands").get(0).asText()).isEqualTo("CONFIG SET timeout 86400");
        }
    }

    @Test
    void markdownEscapesServerText() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(); Jedis hostile = redis.admin()) {
            hostile.clientSetname("<!channel>|**x**");
            Run run = ghostwatch("audit", "--target", redis.uri(), "--format", "markdown");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("# Ghostwatch audit").contains("&lt;\\!channel&gt;\\|\\*\\*x\\*\\*")
                    .doesNotContain("<!channel>");
        }
    }

    @Test
    void configFileErrorsNameFileLineKeyAndValue() throws Exception {
        Path config = tmp.resolve("ghostwatch.yaml");
        Files.writeString(config, """
                targets:
                  - name: cache-1
                    host: 127.0.0.1
                    port: abc
                """);
        Run run = ghostwatch("audit", "--config", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(config + ":4: targets[0].port: 'abc' is not a port number (valid: 1..65535)");
    }

    @Test
    void literalPasswordsAreRefusedWithoutEchoingThem() throws Exception {
        Path config = tmp.resolve("ghostwatch.yaml");
        Files.writeString(config, """
                targets:
                  - name: cache-1
                    uri: redis://127.0.0.1:6379
                    password: hunter2-literal
                """);
        Run run = ghostwatch("audit", "--config", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(":4: targets[0].password").contains("env:VARIABLE, file:/path/to/file, secret:NAME or secret:NAME#json-key")
                .doesNotContain("hunter2-literal");
    }

    @Test
    void unknownPolicyKeyListsTheValidOnes() throws Exception {
        Run run = ghostwatch("audit", "--target", "redis://127.0.0.1:1", "--policy", "timeoutt=5");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown policy key 'timeoutt'").contains("minTimeoutSeconds");
    }

    @Test
    void configuredTargetsWithPasswordReferencesAreAudited() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.builder().config("requirepass from-env", "timeout 0")
                .admin(null, "from-env").start()) {
            Path config = tmp.resolve("ghostwatch.yaml");
            Files.writeString(config, """
                    targets:
                      - name: cache-1
                        uri: %s
                        password: env:CACHE1_PW
                        tags: {team: payments, env: prod}
                    policy:
                      minTimeoutSeconds: 600
                    """.formatted(redis.uri()));
            Run run = ghostwatch(Map.of("CACHE1_PW", "from-env"), "audit", "--config", config.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("■ cache-1").contains("tags: env=prod, team=payments")
                    .contains("cache-1 (" + redis.address() + ") never closes idle clients (timeout 0).")
                    .doesNotContain("from-env");
        }
    }

    @Test
    void anUnreachableTargetMakesTheRunIncomplete() throws Exception {
        int port = RedisServerProcess.freePort();
        Run run = ghostwatch("audit", "--target", "redis://127.0.0.1:" + port);
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).contains("UNREACHABLE").contains("connection refused");
    }

    @Test
    void fixShowsThePlanAndChangesNothingWithoutYes() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            Run run = ghostwatch("fix", "--target", redis.uri(), "--set", "timeout=86400");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("timeout 0 -> 86400").contains("persists to " + redis.configFile())
                    .contains("re-run with --yes");
            try (Jedis j = redis.admin()) {
                assertThat(j.configGet("timeout").get("timeout")).isEqualTo("0");
            }
            Run dry = ghostwatch("fix", "--target", redis.uri(), "--set", "timeout=86400", "--dry-run", "--yes");
            assertThat(dry.out()).contains("Dry run: nothing changed.");
            try (Jedis j = redis.admin()) {
                assertThat(j.configGet("timeout").get("timeout")).isEqualTo("0");
            }
        }
    }

    @Test
    void fixWithYesAppliesPersistsAndVerifies() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0", "tcp-keepalive 0")) {
            Run run = ghostwatch("fix", "--target", redis.uri(), "--set", "timeout=86400", "--set", "tcp-keepalive=300", "--yes");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("Applied and verified on 1 node(s)")
                    .contains("timeout=86400").contains("tcp-keepalive=300").contains("persisted to " + redis.configFile());
            assertThat(Files.readString(redis.configFile())).containsPattern("(?m)^timeout 86400$");
        }
    }

    @Test
    void fixRefusesAnythingOutsideTheAllowList() throws Exception {
        Run dir = ghostwatch("fix", "--target", "redis://127.0.0.1:1", "--set", "dir=/tmp", "--yes");
        assertThat(dir.exit()).isEqualTo(2);
        assertThat(dir.err()).contains("parameter 'dir' cannot be changed by Ghostwatch; valid parameters: timeout, tcp-keepalive");
        Run bad = ghostwatch("fix", "--target", "redis://127.0.0.1:1", "--set", "timeout=abc");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("timeout='abc' is not a whole number");
        Run negative = ghostwatch("fix", "--target", "redis://127.0.0.1:1", "--set", "timeout=-5");
        assertThat(negative.err()).contains("timeout=-5 is outside the allowed range 300..604800");
    }

    @Test
    void checksListsEveryCheckId() throws Exception {
        Run run = ghostwatch("checks");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("redis_idle_timeout_enabled", "redis_tcp_keepalive_enabled",
                "redis_network_access_authenticated", "redis_bind_restricted", "redis_idle_connections_reaped",
                "redis_connection_headroom", "censusMaxClients");
    }

    @Test
    void auditsKeepHistoryAndADamagedHistoryFileIsSetAsideWithAWarning() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Path history = tmp.resolve("history");
            for (int i = 0; i < 2; i++) {
                Run run = ghostwatch("audit", "--target", redis.uri(), "--history", history.toString());
                assertThat(run.exit()).as(run.err()).isZero();
            }
            List<Path> files;
            try (var list = Files.list(history)) {
                files = list.filter(p -> p.toString().endsWith(".jsonl")).toList();
            }
            assertThat(files).hasSize(1);
            assertThat(Files.readAllLines(files.getFirst())).hasSize(2);

            Files.writeString(files.getFirst(), "{\"truncated", java.nio.file.StandardOpenOption.APPEND);
            Run afterCrash = ghostwatch("audit", "--target", redis.uri(), "--history", history.toString());
            assertThat(afterCrash.exit()).as(afterCrash.err()).isZero();
            assertThat(afterCrash.err()).contains("ghostwatch audit: history:").contains(".corrupt");
            assertThat(Files.readAllLines(files.getFirst())).hasSize(3);
        }
    }

    @Test
    void noHistoryWritesNothing() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Path history = tmp.resolve("unused");
            Run both = ghostwatch("audit", "--target", redis.uri(), "--history", history.toString(), "--no-history");
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("--history and --no-history exclude each other");
            Run none = ghostwatch("audit", "--target", redis.uri(), "--no-history");
            assertThat(none.exit()).isZero();
            assertThat(history).doesNotExist();
        }
    }
}
