package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each audit handler refuses, and how it says so: events that are not theirs, a config that is missing, empty or
 * changed since the plan, a setting out of range, a table not given. Nothing here reaches a server or a store.
 */
class AuditHandlersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        Path config = dir.resolve("ghostwatch.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private static AuditEnvironment environment(AuditEnvironment.Variables declared, Map<String, String> variables) {
        return new AuditEnvironment(variables, declared, Clock.systemUTC(), new AuditEnvironment.Stores(null, null, null),
                AwsClients.Settings.defaults());
    }

    private static AuditPlanHandler plan(Map<String, String> variables) {
        return new AuditPlanHandler(environment(AuditPlanHandler.ENVIRONMENT, variables));
    }

    private static String invoke(RequestStreamHandler handler, byte[] input, TestLambdaContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), out, context);
        return out.toString();
    }

    /** The plan's input as the state machine builds it: the run, and the execution's input as the trigger. */
    private static byte[] planRequest(String triggerFile) throws IOException {
        ObjectNode request = MAPPER.createObjectNode().put("runId", "run-1").put("startedAt", "2026-11-21T10:00:00.123Z");
        request.set("trigger", MAPPER.readTree(RepoFiles.file(triggerFile).toFile()));
        return MAPPER.writeValueAsBytes(request);
    }

    @Test
    void thePlanRefusesAnApiGatewayRequestBeforeReadingTheConfig() throws IOException {
        // The config path does not exist: if the plan read the config first, the error would be about it.
        AuditPlanHandler handler = plan(Map.of(AuditEnvironment.CONFIG, dir.resolve("never-read.yaml").toString()));
        TestLambdaContext context = new TestLambdaContext();

        assertThatThrownBy(() -> invoke(handler, planRequest("events/apigw-http-not-a-schedule.json"), context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an EventBridge schedule event")
                .hasMessageContaining("detail-type=")
                .hasMessageContaining("expected 'Scheduled Event' from 'aws.events', or {} for a run started by hand");
        assertThat(context.lines()).as("log lines for a refused event").isEmpty();
    }

    @Test
    void thePlanRefusesAScheduledEventFromAnotherSourceNamingIt() throws IOException {
        ObjectNode request = (ObjectNode) MAPPER.readTree(planRequest("events/schedule.json"));
        ((ObjectNode) request.get("trigger")).put("source", "ghostwatch.manual");
        AuditPlanHandler handler = plan(Map.of(AuditEnvironment.CONFIG, dir.resolve("never-read.yaml").toString()));

        assertThatThrownBy(() -> invoke(handler, MAPPER.writeValueAsBytes(request), new TestLambdaContext()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detail-type='Scheduled Event'")
                .hasMessageContaining("source='ghostwatch.manual'");
    }

    @Test
    void thePlanRefusesAnEventNotShapedByTheStateMachine() {
        AuditPlanHandler handler = plan(Map.of());

        assertThatThrownBy(() -> invoke(handler, Files.readAllBytes(RepoFiles.file("events/schedule.json")),
                new TestLambdaContext())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the plan request has no \"trigger\" object");
        assertThatThrownBy(() -> invoke(handler, "{\"runId\":\"r\",\"startedAt\":\"yesterday\",\"trigger\":{}}"
                .getBytes(), new TestLambdaContext())).hasMessageContaining("\"startedAt\" is 'yesterday', not an"
                + " ISO-8601 instant");
        assertThatThrownBy(() -> invoke(handler, "not json".getBytes(), new TestLambdaContext()))
                .hasMessageContaining("the plan request is not JSON");
    }

    @Test
    void aMissingConfigFileIsAnErrorNamingItsPath() {
        Path missing = dir.resolve("etc/ghostwatch.yaml");

        assertThatThrownBy(() -> invoke(plan(Map.of(AuditEnvironment.CONFIG, missing.toString())),
                planRequest("events/schedule.json"), new TestLambdaContext()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such config file");
    }

    @Test
    void withoutGhostwatchConfigTheErrorNamesTheDefaultPath() {
        assumeFalse(Files.exists(Path.of(AuditEnvironment.DEFAULT_CONFIG)),
                "this machine has a real " + AuditEnvironment.DEFAULT_CONFIG);

        assertThatThrownBy(() -> invoke(plan(Map.of()), planRequest("events/schedule.json"), new TestLambdaContext()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AuditEnvironment.DEFAULT_CONFIG)
                .hasMessageContaining("no such config file");
    }

    @Test
    void aConfigWithoutTargetsIsAnErrorNotAnEmptyRun() throws IOException {
        Path config = config("policy:\n  targetDeadlineSeconds: 5\n");
        TestLambdaContext context = new TestLambdaContext();

        assertThatThrownBy(() -> invoke(plan(Map.of(AuditEnvironment.CONFIG, config.toString())),
                planRequest("events/schedule.json"), context))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no targets");
        assertThat(context.lines()).isEmpty();
    }

    @Test
    void shardSettingsOutOfRangeAreRefusedNamingTheVariableAndTheRange() throws IOException {
        Path config = config("targets:\n  - {name: web-1, uri: redis://127.0.0.1:6390}\n");
        for (String bad : new String[] {"0", "20001", "many", "-3"}) {
            assertThatThrownBy(() -> invoke(plan(Map.of(AuditEnvironment.CONFIG, config.toString(),
                    AuditEnvironment.TARGETS_PER_SHARD, bad)), planRequest("events/schedule.json"), new TestLambdaContext()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("GHOSTWATCH_TARGETS_PER_SHARD is '" + bad + "'; valid: a whole number from 1 to 20000");
        }
        assertThatThrownBy(() -> invoke(plan(Map.of(AuditEnvironment.CONFIG, config.toString(),
                AuditEnvironment.MAX_PARALLEL_SHARDS, "41")), planRequest("events/schedule.json"), new TestLambdaContext()))
                .hasMessage("GHOSTWATCH_MAX_PARALLEL_SHARDS is '41'; valid: a whole number from 1 to 40");
    }

    @Test
    void thePlanCutsTheInventoryAndNamesTheRunAndTheConfigsContent() throws IOException {
        Path config = config("targets:\n  - {name: web-1, uri: redis://127.0.0.1:6390}\n"
                + "  - {name: web-2, uri: redis://127.0.0.1:6391}\n  - {name: web-3, uri: redis://127.0.0.1:6392}\n");
        TestLambdaContext context = new TestLambdaContext();

        var out = MAPPER.readTree(invoke(plan(Map.of(AuditEnvironment.CONFIG, config.toString(),
                AuditEnvironment.TARGETS_PER_SHARD, "2")), planRequest("events/schedule.json"), context));

        assertThat(out.path("runId").asText()).isEqualTo("run-1");
        assertThat(out.path("config").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(out.path("maxParallelShards").asInt()).isEqualTo(AuditEnvironment.DEFAULT_MAX_PARALLEL_SHARDS);
        assertThat(out.path("shards")).hasSize(2);
        assertThat(out.path("shards").get(1).toString()).isEqualTo("{\"runId\":\"run-1\",\"startedAt\":"
                + "\"2026-11-21T10:00:00.123Z\",\"config\":\"" + out.path("config").asText() + "\",\"shard\":1,\"of\":2,"
                + "\"targets\":{\"from\":2,\"to\":3}}");
        assertThat(context.messages()).singleElement().satisfies(m -> assertThat(m).contains("\"event\":"
                + "\"ghostwatch_audit_plan\"").contains("\"shards\":2"));
    }

    @Test
    void aShardRefusesAConfigThatChangedSinceThePlan() throws IOException {
        Path config = config("targets:\n  - {name: web-1, uri: redis://127.0.0.1:6390}\n");
        Map<String, String> variables = Map.of(AuditEnvironment.CONFIG, config.toString());
        byte[] request = ("{\"runId\":\"run-1\",\"startedAt\":\"2026-11-21T10:00:00.123Z\",\"config\":\"sha256:00\","
                + "\"shard\":0,\"of\":1,\"targets\":{\"from\":0,\"to\":1}}").getBytes();

        assertThatThrownBy(() -> invoke(new AuditShardHandler(environment(AuditShardHandler.ENVIRONMENT, variables),
                System.out), request, new TestLambdaContext()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the config changed since this run was planned (planned sha256:00, now sha256:")
                .hasMessageContaining("shard 1 of 1 (targets 1-1 of the inventory) refuses to audit a different inventory");
    }

    @Test
    void aShardWithoutItsTablesSaysWhichVariableIsMissing() throws IOException {
        Path config = config("targets:\n  - {name: web-1, uri: redis://127.0.0.1:6390}\n");
        String digest = io.ghostwatch.core.run.ConfigDigest.of(Files.readString(config));
        Map<String, String> variables = Map.of(AuditEnvironment.CONFIG, config.toString());
        byte[] request = ("{\"runId\":\"run-1\",\"startedAt\":\"2026-11-21T10:00:00.123Z\",\"config\":\"" + digest
                + "\",\"shard\":0,\"of\":1,\"targets\":{\"from\":0,\"to\":1}}").getBytes();
        TestLambdaContext context = new TestLambdaContext();

        assertThatThrownBy(() -> invoke(new AuditShardHandler(environment(AuditShardHandler.ENVIRONMENT, variables),
                new java.io.PrintStream(new ByteArrayOutputStream())), request, context))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GHOSTWATCH_FINDINGS_TABLE is not set");
        assertThat(context.lines()).as("refused before auditing: no report logged").isEmpty();
    }

    @Test
    void aShardRequestThatNamesNoWorkIsRefused() {
        byte[] request = "{\"runId\":\"run-1\",\"startedAt\":\"2026-11-21T10:00:00Z\",\"config\":\"sha256:00\",\"shard\":0,\"of\":1}"
                .getBytes();

        assertThatThrownBy(() -> invoke(new AuditShardHandler(environment(AuditShardHandler.ENVIRONMENT, Map.of()),
                System.out), request, new TestLambdaContext()))
                .hasMessage("the shard request names no work: it needs \"targets\" {from, to} or \"elasticache\""
                        + " {account, region}");
    }

    @Test
    void aHandlerReadingAVariableItDoesNotDeclareIsABug() {
        AuditEnvironment plan = environment(AuditPlanHandler.ENVIRONMENT, Map.of());

        assertThatThrownBy(() -> plan.metrics(System.out)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reads GHOSTWATCH_TARGET_METRICS but does not declare it");
    }

    @Test
    void aFailureCauseIsReducedToTheLambdaErrorMessage() throws IOException {
        assertThat(PublishRequest.reason(MAPPER.readTree("{\"Error\":\"io.ghostwatch.core.run.RunStoreException\","
                + "\"Cause\":\"{\\\"errorMessage\\\":\\\"shard 0 of run r: its part could not be stored\\\","
                + "\\\"errorType\\\":\\\"io.ghostwatch.core.run.RunStoreException\\\",\\\"stackTrace\\\":[]}\"}")))
                .isEqualTo("io.ghostwatch.core.run.RunStoreException: shard 0 of run r: its part could not be stored");
        assertThat(PublishRequest.reason(MAPPER.readTree("{\"Error\":\"States.Timeout\",\"Cause\":\"\"}")))
                .isEqualTo("States.Timeout");
    }
}
