package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.run.ConfigDigest;
import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit's sample events in {@code events/}, each given to a fresh handler of the function events/README.md says
 * takes it, the way {@code sam local invoke -e} would: the plan cut from events/ghostwatch.yaml (whose targets are on
 * loopback), one of its shards, the publisher of a run whose second shard timed out. The events stay what the code
 * makes: the shard event is the plan's first item, the publish event is the plan's output with the Map's results.
 */
class SampleEventsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = "xoxb-0000-sample-events-token";
    private static DynamoDbLocal dynamo;
    private static SlackApiStandIn slack;
    private static AuditStack stack;

    @BeforeAll
    static void start() throws Exception {
        dynamo = DynamoDbLocal.start();
        slack = SlackApiStandIn.start(TOKEN);
        stack = new AuditStack(dynamo, RepoFiles.file("events/ghostwatch.yaml"), Map.of(
                AuditEnvironment.TARGETS_PER_SHARD, "2", "SLACK_BOT_TOKEN", TOKEN, "SLACK_API_URL", slack.apiUrl()),
                AwsClients.Settings.defaults());
    }

    @AfterAll
    static void stop() {
        if (slack != null) slack.close();
        if (dynamo != null) dynamo.close();
    }

    private static JsonNode event(String name) throws IOException {
        return MAPPER.readTree(RepoFiles.file("events/" + name).toFile());
    }

    private static JsonNode invoke(RequestStreamHandler fresh, JsonNode event, TestLambdaContext context)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fresh.handleRequest(new ByteArrayInputStream(MAPPER.writeValueAsBytes(event)), out, context);
        return MAPPER.readTree(out.toByteArray());
    }

    private static AuditPlanHandler plan() {
        return new AuditPlanHandler(stack.environment(AuditPlanHandler.ENVIRONMENT));
    }

    @Test
    void theEventsNameTheSampleConfigsContent() throws IOException {
        String digest = ConfigDigest.of(Files.readString(RepoFiles.file("events/ghostwatch.yaml")));
        for (String name : List.of("audit-shard.json", "audit-publish.json")) {
            assertThat(event(name).path("config").asText()).as(name + " was cut from events/ghostwatch.yaml; after"
                    + " changing that file, cut the events again").isEqualTo(digest);
        }
    }

    @Test
    void thePlanEventIsCutIntoTheShardAndPublishEvents() throws IOException {
        TestLambdaContext context = new TestLambdaContext();

        JsonNode planned = invoke(plan(), event("audit-plan.json"), context);

        assertThat(planned.path("shards").get(0)).as("events/audit-shard.json is the plan's first shard")
                .isEqualTo(event("audit-shard.json"));
        ObjectNode publish = (ObjectNode) event("audit-publish.json").deepCopy();
        publish.remove("shardResults");
        ObjectNode expected = (ObjectNode) planned.deepCopy();
        expected.put("maxParallelShards", publish.path("maxParallelShards").asInt()); // the template's default
        assertThat(publish).as("events/audit-publish.json is the plan's output and the Map's results").isEqualTo(expected);
        assertThat(context.messages()).singleElement().satisfies(m -> assertThat(m).contains("ghostwatch_audit_plan"));
    }

    @Test
    void theShardEventAuditsItsTargetsAndThePublishEventPostsTheRunsDigest() throws IOException {
        JsonNode shard = invoke(new AuditShardHandler(stack.environment(AuditShardHandler.ENVIRONMENT),
                new java.io.PrintStream(new ByteArrayOutputStream())), event("audit-shard.json"), new TestLambdaContext());

        assertThat(shard.path("targets").asInt()).isEqualTo(2);
        assertThat(shard.path("audited").asInt() + shard.path("unreachable").asInt() + shard.path("error").asInt())
                .isEqualTo(2);
        assertThat(stack.runs.parts(new io.ghostwatch.core.run.AuditRun(shard.path("runId").asText(),
                java.time.Instant.parse(event("audit-shard.json").path("startedAt").asText()))).parts()).containsKey(0);

        TestLambdaContext context = new TestLambdaContext();
        JsonNode published = invoke(new AuditPublishHandler(stack.environment(AuditPublishHandler.ENVIRONMENT),
                new java.io.PrintStream(new ByteArrayOutputStream())), event("audit-publish.json"), context);

        assertThat(published.path("shardsFailed").asInt()).isEqualTo(1);
        assertThat(published.path("failedShards").get(0).asText()).isEqualTo("shard 2 of 2 (targets 3-3 of the"
                + " inventory) did not finish: Sandbox.Timedout: RequestId: 0b6e4b1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b Error:"
                + " Task timed out after 900.00 seconds");
        assertThat(published.path("slack").asText()).startsWith("digest posted to C0GHOSTW1");
        // The digest (one line when nothing listens on those ports, as in CI) names what was not audited, and why.
        SlackApiStandIn.Call digest = slack.calls("chat.postMessage").getFirst();
        assertThat(digest.param("thread_ts")).isNull();
        assertThat(digest.param("text") + digest.blocks()).contains("`local-6381`")
                .contains("shard 2 of 2 (targets 3-3 of the inventory) did not finish: Sandbox.Timedout:");
    }

    @Test
    void aScheduleEventIsTheStateMachinesInputAndAnythingElseIsRefusedByThePlan() throws IOException {
        ObjectNode request = (ObjectNode) event("audit-plan.json").deepCopy();
        request.set("trigger", event("schedule.json"));
        assertThat(invoke(plan(), request, new TestLambdaContext()).path("shards")).hasSize(2);

        request.set("trigger", event("apigw-http-not-a-schedule.json"));
        assertThatThrownBy(() -> invoke(plan(), request, new TestLambdaContext()))
                .hasMessageContaining("not an EventBridge schedule event");
    }

    /** Every event file is in the README's table, and every row names a file that exists. */
    @Test
    void everyEventIsDocumented() throws IOException {
        String readme = Files.readString(RepoFiles.file("events/README.md"));
        TreeSet<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+\\.json)` \\|").matcher(readme);
        while (m.find()) {
            documented.add(m.group(1));
        }
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(RepoFiles.root().resolve("events"))) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
        }
        assertThat(documented).isEqualTo(files);
    }
}
