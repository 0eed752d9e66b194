package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.testing.RedisServerProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled audit handler end to end: the sample EventBridge event from events/, a YAML config naming
 * real redis-server processes on loopback, a fresh handler per test, the summary it returns and the report it
 * logs. One server is left with the settings that grow ghost connections (timeout 0, tcp-keepalive 0), one is
 * set up well (timeout, keepalive, password).
 */
class ScheduledAuditHandlerIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TIDY_PASSWORD = "tidy-" + UUID.randomUUID();
    private static final String PASSWORD_VARIABLE = "TIDY_REDIS_PASSWORD";

    private static RedisServerProcess ghosty;
    private static RedisServerProcess tidy;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws IOException {
        // Both listen on loopback only, so nothing is exposed while the tests run.
        ghosty = RedisServerProcess.start("bind 127.0.0.1", "protected-mode yes", "timeout 0", "tcp-keepalive 0");
        tidy = RedisServerProcess.builder()
                .config("bind 127.0.0.1", "protected-mode yes", "timeout 86400", "tcp-keepalive 300",
                        "requirepass " + TIDY_PASSWORD)
                .admin(null, TIDY_PASSWORD)
                .start();
    }

    @AfterAll
    static void stopServers() {
        if (ghosty != null) ghosty.close();
        if (tidy != null) tidy.close();
    }

    @Test
    void auditsEveryTargetReturnsTheSummaryAndLogsTheFullReport() throws IOException {
        Path config = writeConfig("""
                targets:
                  - name: ghosty
                    uri: redis://127.0.0.1:%d
                    tags: {team: payments}
                  - name: tidy
                    host: 127.0.0.1
                    port: %d
                    password: env:%s
                """.formatted(ghosty.port(), tidy.port(), PASSWORD_VARIABLE));
        TestLambdaContext context = new TestLambdaContext();

        JsonNode summary = invoke(scheduleEvent(), environment(config), context);

        JsonNode event = MAPPER.readTree(RepoFiles.file("events/schedule.json").toFile());
        assertThat(summary.path("eventId").asText()).isEqualTo(event.path("id").asText());
        assertThat(summary.path("scheduledTime").asText()).isEqualTo(event.path("time").asText());
        assertThat(Instant.parse(summary.path("startedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(summary.path("durationMs").asLong(-1)).isNotNegative();
        assertThat(summary.path("targets").asInt()).isEqualTo(2);
        assertThat(summary.path("audited").asInt()).isEqualTo(2);
        assertThat(summary.path("unreachable").asInt()).isZero();
        assertThat(summary.path("error").asInt()).isZero();
        // ghosty: timeout 0 and tcp-keepalive 0, both HIGH; tidy: nothing.
        assertThat(fields(summary.path("failures")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("CRITICAL", 0, "HIGH", 2, "MEDIUM", 0, "LOW", 0));

        JsonNode report = loggedReport(context);
        assertThat(report.path("summary")).as("the logged summary is the returned one")
                .isEqualTo(withoutEventFields(summary));

        JsonNode ghostyReport = target(report, "ghosty");
        assertThat(ghostyReport.path("status").asText()).isEqualTo("AUDITED");
        assertThat(ghostyReport.path("endpoint").asText()).isEqualTo(ghosty.uri());
        assertThat(ghostyReport.path("tags").path("team").asText()).isEqualTo("payments");
        assertThat(failures(ghostyReport)).containsExactlyInAnyOrder(
                "redis_idle_timeout_enabled FAIL HIGH", "redis_tcp_keepalive_enabled FAIL HIGH");
        JsonNode idleTimeout = finding(ghostyReport, "redis_idle_timeout_enabled");
        assertThat(idleTimeout.path("node").asText()).isEqualTo(ghosty.address());
        assertThat(idleTimeout.path("detail").asText()).contains("never closes idle clients (timeout 0)");
        assertThat(idleTimeout.path("evidence").path("timeout").asText()).isEqualTo("0");
        assertThat(idleTimeout.path("fix").path("commands").toString()).contains("CONFIG SET timeout 86400");

        JsonNode tidyReport = target(report, "tidy");
        assertThat(tidyReport.path("status").asText()).isEqualTo("AUDITED");
        assertThat(failures(tidyReport)).as("failed checks on the well-configured server").isEmpty();
        // Audited for real, not skipped: the same checks ran and passed.
        assertThat(finding(tidyReport, "redis_idle_timeout_enabled").path("status").asText()).isEqualTo("PASS");
        assertThat(finding(tidyReport, "redis_tcp_keepalive_enabled").path("status").asText()).isEqualTo("PASS");
        assertThat(finding(tidyReport, "redis_network_access_authenticated").path("detail").asText())
                .contains("requires a password");

        assertThat(String.join("\n", context.messages()) + summary)
                .as("the password resolved from env:" + PASSWORD_VARIABLE + " never reaches the log or the summary")
                .doesNotContain(TIDY_PASSWORD);
    }

    @Test
    void aServerThatIsDownIsReportedAndTheOthersAreStillAudited() throws IOException {
        int closedPort = RedisServerProcess.freePort(); // nothing listens there
        Path config = writeConfig("""
                targets:
                  - name: gone
                    host: 127.0.0.1
                    port: %d
                  - name: ghosty
                    uri: redis://127.0.0.1:%d
                """.formatted(closedPort, ghosty.port()));
        TestLambdaContext context = new TestLambdaContext();

        JsonNode summary = invoke(scheduleEvent(), environment(config), context);

        assertThat(summary.path("targets").asInt()).isEqualTo(2);
        assertThat(summary.path("audited").asInt()).isEqualTo(1);
        assertThat(summary.path("unreachable").asInt()).isEqualTo(1);
        assertThat(summary.path("failures").path("HIGH").asInt()).isEqualTo(2);
        JsonNode gone = target(loggedReport(context), "gone");
        assertThat(gone.path("status").asText()).isEqualTo("UNREACHABLE");
        assertThat(gone.path("error").asText()).isNotBlank();
        assertThat(gone.path("findings")).isEmpty();
    }

    @Test
    void refusesAnApiGatewayRequestBeforeReadingTheConfig() throws IOException {
        // The config path does not exist: if the handler read the config first, the error would be about it.
        Map<String, String> env = environment(dir.resolve("never-read.yaml"));
        TestLambdaContext context = new TestLambdaContext();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (InputStream in = Files.newInputStream(RepoFiles.file("events/apigw-http-not-a-schedule.json"))) {
            assertThatThrownBy(() -> new ScheduledAuditHandler(env, Clock.systemUTC()).handleRequest(in, out, context))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an EventBridge schedule event")
                    .hasMessageContaining("detail-type=")
                    .hasMessageContaining("source=")
                    .hasMessageContaining("expected 'Scheduled Event' from 'aws.events'");
        }
        assertThat(out.size()).as("bytes written for a refused event").isZero();
        assertThat(context.lines()).as("log lines for a refused event").isEmpty();
    }

    @Test
    void refusesAScheduledEventFromAnotherSourceNamingIt() throws IOException {
        ObjectNode forged = (ObjectNode) MAPPER.readTree(RepoFiles.file("events/schedule.json").toFile());
        forged.put("source", "ghostwatch.manual");
        Map<String, String> env = environment(dir.resolve("never-read.yaml"));

        assertThatThrownBy(() -> invoke(MAPPER.writeValueAsBytes(forged), env, new TestLambdaContext()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detail-type='Scheduled Event'")
                .hasMessageContaining("source='ghostwatch.manual'");
    }

    @Test
    void aMissingConfigFileIsAnErrorNamingItsPath() {
        Path missing = dir.resolve("etc/ghostwatch.yaml");

        assertThatThrownBy(() -> invoke(scheduleEvent(), environment(missing), new TestLambdaContext()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such config file");
    }

    @Test
    void withoutGhostwatchConfigTheErrorNamesTheDefaultPath() {
        assumeFalse(Files.exists(Path.of(ScheduledAuditHandler.DEFAULT_CONFIG)),
                "this machine has a real " + ScheduledAuditHandler.DEFAULT_CONFIG);

        assertThatThrownBy(() -> invoke(scheduleEvent(), Map.of(), new TestLambdaContext()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScheduledAuditHandler.DEFAULT_CONFIG)
                .hasMessageContaining("no such config file");
    }

    @Test
    void aConfigWithoutTargetsIsAnErrorNotAnEmptySuccess() throws IOException {
        Path config = writeConfig("policy:\n  targetDeadlineSeconds: 5\n");
        TestLambdaContext context = new TestLambdaContext();

        assertThatThrownBy(() -> invoke(scheduleEvent(), environment(config), context))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no targets");
        assertThat(context.lines()).isEmpty();
    }

    @Test
    void auditsTheConfigsElastiCacheAlongsideTheInventory() throws IOException {
        try (io.ghostwatch.core.testing.aws.AwsStandIn aws = io.ghostwatch.core.testing.aws.AwsStandIn.start()) {
            aws.fleet().add(io.ghostwatch.core.testing.aws.ReplicationGroupSpec.named("orders").transitEncryption(true)
                    .authToken(true));
            Path config = writeConfig("""
                    targets:
                      - name: ghosty
                        uri: redis://127.0.0.1:%d
                    elasticache:
                      regions: [us-east-1]
                    """.formatted(ghosty.port()));
            TestLambdaContext context = new TestLambdaContext();
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            new ScheduledAuditHandler(environment(config), Clock.systemUTC(), null, null, aws.clientSettings())
                    .handleRequest(new ByteArrayInputStream(scheduleEvent()), out, context);

            JsonNode summary = MAPPER.readTree(out.toByteArray());
            assertThat(summary.path("targets").asInt()).as("ghosty, the region and its cache").isEqualTo(3);
            JsonNode report = loggedReport(context);
            assertThat(failures(target(report, "default/us-east-1/orders")))
                    .contains("elasticache_idle_timeout_enabled FAIL HIGH");
            assertThat(target(report, "default/us-east-1/orders").path("elasticache").path("arn").asText())
                    .startsWith("arn:aws:elasticache:us-east-1:");
            assertThat(finding(target(report, "default/us-east-1"), "elasticache_inventory_readable").path("status")
                    .asText()).isEqualTo("PASS");
            assertThat(failures(target(report, "ghosty"))).contains("redis_idle_timeout_enabled FAIL HIGH");
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static byte[] scheduleEvent() throws IOException {
        return Files.readAllBytes(RepoFiles.file("events/schedule.json"));
    }

    private Path writeConfig(String yaml) throws IOException {
        Path config = dir.resolve("ghostwatch.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return config;
    }

    private static Map<String, String> environment(Path config) {
        Map<String, String> env = new HashMap<>();
        env.put(ScheduledAuditHandler.ENV_CONFIG, config.toString());
        env.put(PASSWORD_VARIABLE, TIDY_PASSWORD);
        return env;
    }

    /** A fresh handler, as in a new execution environment; returns the JSON it wrote. */
    private static JsonNode invoke(byte[] event, Map<String, String> env, TestLambdaContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScheduledAuditHandler(env, Clock.systemUTC()).handleRequest(new ByteArrayInputStream(event), out, context);
        return MAPPER.readTree(out.toByteArray());
    }

    /** The one log line holding the report: a single JSON document tagged event=ghostwatch_audit_report. */
    private static JsonNode loggedReport(TestLambdaContext context) throws IOException {
        List<JsonNode> reports = new ArrayList<>();
        for (String line : context.messages()) {
            assertThat(line.strip()).as("a log line is one line (one CloudWatch event)").doesNotContain("\n");
            JsonNode json = MAPPER.readTree(line);
            if ("ghostwatch_audit_report".equals(json.path("event").asText())) {
                reports.add(json);
            }
        }
        assertThat(reports).as("logged audit reports").hasSize(1);
        return reports.getFirst();
    }

    private static JsonNode target(JsonNode report, String name) {
        return StreamSupport.stream(report.path("targets").spliterator(), false)
                .filter(t -> name.equals(t.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + name + " in the report: " + report.path("targets")));
    }

    private static JsonNode finding(JsonNode target, String checkId) {
        return StreamSupport.stream(target.path("findings").spliterator(), false)
                .filter(f -> checkId.equals(f.path("checkId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + checkId + " finding for " + target.path("name")));
    }

    /** "checkId FAIL SEVERITY" for each failed finding of a target. */
    private static List<String> failures(JsonNode target) {
        return StreamSupport.stream(target.path("findings").spliterator(), false)
                .filter(f -> "FAIL".equals(f.path("status").asText()))
                .map(f -> f.path("checkId").asText() + " FAIL " + f.path("severity").asText()).toList();
    }

    private static Map<String, Integer> fields(JsonNode object) {
        Map<String, Integer> out = new HashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    /** The returned summary minus what the handler adds from the event and the run (the report's summary block). */
    private static JsonNode withoutEventFields(JsonNode summary) {
        ObjectNode copy = summary.deepCopy();
        copy.remove(List.of("scheduledTime", "eventId", "startedAt", "durationMs"));
        return copy;
    }
}
