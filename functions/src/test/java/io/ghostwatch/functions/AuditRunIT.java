package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.findings.FindingRecord;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.SlackApiStandIn.Call;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.ReplicationGroupSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A scheduled audit run end to end, as deployed: template.yaml's state machine (plan, a Map of shards, publish) run by
 * the Step Functions stand-in on the template's own handlers, against real redis-server processes on loopback, the
 * tables in DynamoDB Local and the Slack Web API stand-in. One server grows ghosts (timeout 0, tcp-keepalive 0), one
 * is set up well (timeout, keepalive, password), one port has nothing listening.
 */
class AuditRunIT {

    private static final String TOKEN = "xoxb-0000-audit-run-test-token";
    private static final String TIDY_PASSWORD = "tidy-" + UUID.randomUUID();
    private static final String PASSWORD_VARIABLE = "TIDY_REDIS_PASSWORD";

    private static DynamoDbLocal dynamo;
    private static RedisServerProcess ghosty;
    private static RedisServerProcess tidy;

    @TempDir
    Path dir;
    private SlackApiStandIn slack;

    @BeforeAll
    static void start() throws Exception {
        dynamo = DynamoDbLocal.start();
        // Both listen on loopback only, so nothing is exposed while the tests run.
        ghosty = RedisServerProcess.start("bind 127.0.0.1", "protected-mode yes", "timeout 0", "tcp-keepalive 0");
        tidy = RedisServerProcess.builder()
                .config("bind 127.0.0.1", "protected-mode yes", "timeout 86400", "tcp-keepalive 300",
                        "requirepass " + TIDY_PASSWORD)
                .admin(null, TIDY_PASSWORD)
                .start();
    }

    @AfterAll
    static void stop() {
        if (ghosty != null) ghosty.close();
        if (tidy != null) tidy.close();
        if (dynamo != null) dynamo.close();
    }

    @BeforeEach
    void startSlack() {
        slack = SlackApiStandIn.start(TOKEN);
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    /** Five inventory targets (one down) with a slack: section, cut two per shard: three shards. */
    private AuditStack fleetOfFive(String channel) throws IOException {
        int closedPort = RedisServerProcess.freePort();
        Path config = dir.resolve("ghostwatch.yaml");
        Files.writeString(config, """
                targets:
                  - name: ghosty
                    uri: redis://127.0.0.1:%1$d
                    tags: {team: payments}
                  - name: tidy
                    host: 127.0.0.1
                    port: %2$d
                    password: env:%3$s
                  - name: gone
                    host: 127.0.0.1
                    port: %4$d
                  - name: ghosty-again
                    uri: redis://127.0.0.1:%1$d
                  - name: tidy-again
                    uri: redis://127.0.0.1:%2$d
                    password: env:%3$s
                slack:
                  channel: %5$s
                  botToken: env:SLACK_BOT_TOKEN
                """.formatted(ghosty.port(), tidy.port(), PASSWORD_VARIABLE, closedPort, channel),
                StandardCharsets.UTF_8);
        return new AuditStack(dynamo, config, Map.of(AuditEnvironment.TARGETS_PER_SHARD, "2",
                AuditEnvironment.MAX_PARALLEL_SHARDS, "2", PASSWORD_VARIABLE, TIDY_PASSWORD,
                "SLACK_BOT_TOKEN", TOKEN, "SLACK_API_URL", slack.apiUrl()), AwsClients.Settings.defaults());
    }

    private List<Call> digests() {
        return slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null).toList();
    }

    @Test
    void aScheduledRunAuditsEveryShardAndPostsOneDigest() throws Exception {
        AuditStack stack = fleetOfFive(SlackApiStandIn.CHANNEL_ID);
        try (Jedis client = ghosty.admin()) {
            client.clientSetname("billing-worker");

            StateMachineStandIn.Execution run = stack.scheduledRun("run-1");

            assertThat(run.succeeded()).as(run.error() + " " + run.cause()).isTrue();
            assertThat(run.states()).containsExactlyInAnyOrder("Plan", "Audit shards", "Audit shard", "Audit shard",
                    "Audit shard", "Publish");
            JsonNode plan = stack.stateMachine().invocations("AuditPlanFunctionArn").getFirst().output();
            JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(RepoFiles.file("events/schedule.json").toFile());
            assertThat(plan.path("trigger").path("eventId").asText()).isEqualTo(event.path("id").asText());
            assertThat(plan.path("trigger").path("scheduledTime").asText()).isEqualTo(event.path("time").asText());
            assertThat(plan.path("shards")).hasSize(3);
            assertThat(plan.path("maxParallelShards").asInt()).isEqualTo(2);

            // Each shard logged its report, a line per target: together every target, in inventory order.
            List<JsonNode> reports = stack.logged("AuditShardFunctionArn", "ghostwatch_target_report");
            assertThat(reports.stream().sorted(java.util.Comparator.comparing(r -> r.path("shard").asText()))
                    .map(t -> t.path("name").asText())).containsExactly("ghosty", "tidy", "gone", "ghosty-again",
                    "tidy-again");
            assertThat(reports).allSatisfy(r -> assertThat(r.path("runId").asText()).isEqualTo("run-1"));
            assertThat(stack.logged("AuditShardFunctionArn", "ghostwatch_shard_report")).hasSize(3)
                    .allSatisfy(r -> assertThat(r.path("summary").path("targets").asInt()).isBetween(1, 2));
            JsonNode ghostyReport = target(reports, "ghosty");
            assertThat(failures(ghostyReport)).containsExactlyInAnyOrder("redis_idle_timeout_enabled FAIL HIGH",
                    "redis_tcp_keepalive_enabled FAIL HIGH");
            assertThat(ghostyReport.path("tags").path("team").asText()).isEqualTo("payments");
            assertThat(failures(target(reports, "tidy"))).as("the well-configured server").isEmpty();
            assertThat(target(reports, "gone").path("status").asText()).isEqualTo("UNREACHABLE");
            for (StateMachineStandIn.Invocation i : stack.stateMachine().invocations()) {
                assertThat(String.join("\n", i.context().messages()) + i.output())
                        .as("the password resolved from env:" + PASSWORD_VARIABLE + " never reaches a log or an output")
                        .doesNotContain(TIDY_PASSWORD);
            }

            // One digest for the run, its thread under it.
            assertThat(digests()).singleElement().satisfies(d -> {
                assertThat(d.authorization()).isEqualTo("Bearer " + TOKEN);
                assertThat(d.blocks().get(0).path("text").path("text").asText()).isEqualTo(
                        "Ghostwatch audit: 4 new, 0 resolved, 0 still open");
                assertThat(d.blocks().get(1).path("text").path("text").asText())
                        .startsWith("*4 of 5 targets audited*").contains("*Not audited:* `gone` (unreachable)");
            });
            String digestTs = slack.calls("chat.postMessage").get(1).param("thread_ts");
            assertThat(digestTs).as("the thread replies to the digest").isNotNull();
            List<FindingRecord> stored = stack.findings.findings(List.of("ghosty", "ghosty-again", "tidy"));
            assertThat(stored).extracting(r -> r.key().target() + " " + r.key().checkId()).containsExactlyInAnyOrder(
                    "ghosty redis_idle_timeout_enabled", "ghosty redis_tcp_keepalive_enabled",
                    "ghosty-again redis_idle_timeout_enabled", "ghosty-again redis_tcp_keepalive_enabled");
            assertThat(stored).allSatisfy(r -> {
                assertThat(r.reportedOpen()).isTrue();
                assertThat(r.postedIn().ts()).isEqualTo(digestTs);
            });
            JsonNode published = run.output();
            assertThat(published.path("shards").asInt()).isEqualTo(3);
            assertThat(published.path("shardsFailed").asInt()).isZero();
            assertThat(published.path("slack").asText()).startsWith("digest posted to " + SlackApiStandIn.CHANNEL_ID);

            // Metrics: each audited target's connections, and the run's.
            List<JsonNode> metrics = stack.metricLines();
            assertThat(metrics).allSatisfy(AuditRunIT::isValidEmf);
            JsonNode ghostyMetrics = metrics.stream().filter(m -> m.path("Target").asText().equals("ghosty"))
                    .findFirst().orElseThrow();
            assertThat(ghostyMetrics.path("ConnectedClients").asLong()).as("billing-worker and Ghostwatch itself")
                    .isGreaterThanOrEqualTo(2);
            assertThat(ghostyMetrics.path("Stack").asText()).isEqualTo(AuditStack.STACK);
            assertThat(metrics).extracting(m -> m.path("Target").asText()).as("no metric for a target never reached")
                    .doesNotContain("gone");
            assertThat(metrics).filteredOn(m -> m.has("AuditRuns")).singleElement().satisfies(m -> {
                assertThat(m.path("TargetsAudited").asInt()).isEqualTo(4);
                assertThat(m.path("TargetsNotAudited").asInt()).isEqualTo(1);
                assertThat(m.path("ShardsFailed").asInt()).isZero();
            });

            // The next run, started by hand, tells the channel nothing new: one line.
            int before = slack.calls().size();
            StateMachineStandIn.Execution again = stack.runByHand("run-2");

            assertThat(again.succeeded()).as(again.error() + " " + again.cause()).isTrue();
            assertThat(stack.stateMachine().invocations("AuditPlanFunctionArn").getLast().output()
                    .path("trigger").path("kind").asText()).isEqualTo("by hand");
            assertThat(slack.calls().subList(before, slack.calls().size())).singleElement()
                    .satisfies(c -> assertThat(c.param("text")).startsWith("*All quiet:*"));
            List<ServerSample> history = stack.samples.history("ghosty", ghosty.address(), Instant.EPOCH);
            assertThat(history).as("one sample per server per run").hasSize(2);
            assertThat(history.getLast().addresses()).extracting(a -> a.address()).contains("127.0.0.1");
        }
        assertThat(stack.storeWarnings).isEmpty();
    }

    @Test
    void aShardThatFailsForGoodIsNamedInTheDigestAndTheOthersStillReport() throws Exception {
        AuditStack stack = fleetOfFive(SlackApiStandIn.CHANNEL_ID);
        stack.set(AuditEnvironment.MAX_PARALLEL_SHARDS, "1"); // shards in plan order: the first one fails
        stack.stateMachine().failNext("AuditShardFunctionArn", "Sandbox.Timedout", "{\"errorMessage\":\"RequestId:"
                + " 2f0c Error: Task timed out after 900.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}");

        StateMachineStandIn.Execution run = stack.scheduledRun("run-failing-shard");

        assertThat(run.succeeded()).as("the run publishes what it has").isTrue();
        assertThat(run.output().path("shardsFailed").asInt()).isEqualTo(1);
        assertThat(run.output().path("failedShards").get(0).asText()).isEqualTo("shard 1 of 3 (targets 1-2 of the"
                + " inventory) did not finish: Sandbox.Timedout: RequestId: 2f0c Error: Task timed out after 900.00 seconds");
        String summary = digests().getFirst().blocks().get(1).path("text").path("text").asText();
        assertThat(summary).startsWith("*2 of 5 targets audited*")
                .contains("*Not audited:* `ghosty` (error), `tidy` (error), `gone` (unreachable)")
                .contains("*Why:* shard 1 of 3 (targets 1-2 of the inventory) did not finish: Sandbox.Timedout:");
        assertThat(stack.findings.findings(List.of("ghosty", "ghosty-again"))).extracting(r -> r.key().target())
                .as("the shards that ran stored their findings; the failed one's targets have none yet")
                .containsOnly("ghosty-again").isNotEmpty();
        assertThat(stack.metricLines()).filteredOn(m -> m.has("AuditRuns")).singleElement()
                .satisfies(m -> assertThat(m.path("ShardsFailed").asInt()).isEqualTo(1));
        assertThat(stack.logged("AuditPublishFunctionArn", "ghostwatch_shards_failed")).hasSize(1);
    }

    @Test
    void aThrottledShardIsRetriedAndTheRunIsWhole() throws Exception {
        AuditStack stack = fleetOfFive(SlackApiStandIn.CHANNEL_ID);
        stack.stateMachine().failNext("AuditShardFunctionArn", "Lambda.TooManyRequestsException",
                "Rate Exceeded. (Service: Lambda, Status Code: 429)");

        StateMachineStandIn.Execution run = stack.scheduledRun("run-throttled");

        assertThat(run.succeeded()).isTrue();
        assertThat(run.output().path("shardsFailed").asInt()).isZero();
        assertThat(stack.stateMachine().invocations("AuditShardFunctionArn")).as("3 shards, one tried twice").hasSize(4);
        assertThat(digests().getFirst().blocks().get(1).path("text").path("text").asText())
                .startsWith("*4 of 5 targets audited*");
    }

    @Test
    void aDigestSlackRefusesFailsTheRunLoudlyAndTheFindingsStayStored() throws Exception {
        AuditStack stack = fleetOfFive(SlackApiStandIn.FOREIGN_CHANNEL_ID);

        StateMachineStandIn.Execution run = stack.scheduledRun("run-refused");

        assertThat(run.succeeded()).isFalse();
        assertThat(run.error()).isEqualTo(IllegalStateException.class.getName());
        assertThat(run.cause()).contains("digest NOT posted to " + SlackApiStandIn.FOREIGN_CHANNEL_ID)
                .contains("the findings are stored");
        assertThat(stack.findings.findings(List.of("ghosty"))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.reportedOpen()).as("the channel heard nothing").isFalse());
        assertThat(stack.logged("AuditPublishFunctionArn", "ghostwatch_slack_digest")).singleElement()
                .satisfies(l -> assertThat(l.path("outcome").asText()).isEqualTo("not_posted"));
    }

    @Test
    void elastiCacheIsAShardOfItsOwnPerAccountAndRegion() throws Exception {
        try (AwsStandIn aws = AwsStandIn.start()) {
            aws.fleet().add(ReplicationGroupSpec.named("orders").transitEncryption(true).authToken(true));
            Path config = dir.resolve("ghostwatch.yaml");
            Files.writeString(config, """
                    targets:
                      - name: ghosty
                        uri: redis://127.0.0.1:%d
                    elasticache:
                      regions: [us-east-1]
                    """.formatted(ghosty.port()));
            AuditStack stack = new AuditStack(dynamo, config, Map.of(), aws.clientSettings());

            StateMachineStandIn.Execution run = stack.scheduledRun("run-elasticache");

            assertThat(run.succeeded()).as(run.error() + " " + run.cause()).isTrue();
            assertThat(stack.stateMachine().invocations("AuditPlanFunctionArn").getFirst().output().path("shards")
                    .get(1).path("elasticache").path("region").asText()).isEqualTo("us-east-1");
            List<JsonNode> reports = stack.logged("AuditShardFunctionArn", "ghostwatch_target_report");
            assertThat(failures(target(reports, "default/us-east-1/orders")))
                    .contains("elasticache_idle_timeout_enabled FAIL HIGH");
            assertThat(target(reports, "default/us-east-1/orders").path("elasticache").path("arn").asText())
                    .startsWith("arn:aws:elasticache:us-east-1:");
            assertThat(failures(target(reports, "ghosty"))).contains("redis_idle_timeout_enabled FAIL HIGH");
            assertThat(run.output().path("slack").asText()).as("no slack: section: stored, not posted")
                    .startsWith("finding state stored");
            assertThat(stack.metricLines()).filteredOn(m -> m.has("AuditRuns")).singleElement().satisfies(m -> {
                assertThat(m.path("TargetsAudited").asInt()).as("ghosty, the region and its cache").isEqualTo(3);
                assertThat(m.path("TargetsNotAudited").asInt()).isZero();
            });
            assertThat(stack.findings.findings(List.of("default/us-east-1/orders"))).isNotEmpty();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** The EMF specification's rules for a line: the directive's metrics and dimensions are members of the line. */
    private static void isValidEmf(JsonNode line) {
        JsonNode aws = line.path("_aws");
        assertThat(aws.path("Timestamp").isIntegralNumber()).as(line.toString()).isTrue();
        assertThat(aws.path("CloudWatchMetrics")).hasSize(1);
        JsonNode directive = aws.path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Ghostwatch");
        for (JsonNode set : directive.path("Dimensions")) {
            assertThat(set.size()).isBetween(1, 30);
            set.forEach(d -> assertThat(line.path(d.asText()).isTextual()).as("dimension " + d).isTrue());
        }
        assertThat(directive.path("Metrics").size()).isBetween(1, 100);
        directive.path("Metrics").forEach(m -> {
            assertThat(line.path(m.path("Name").asText()).isNumber()).as("metric " + m).isTrue();
            assertThat(m.path("Unit").asText()).isIn("Count", "Percent");
        });
    }

    private static JsonNode target(List<JsonNode> reports, String name) {
        return reports.stream().filter(t -> name.equals(t.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + name + " in the reports"));
    }

    /** "checkId FAIL SEVERITY" for each failed finding of a target. */
    private static List<String> failures(JsonNode target) {
        return StreamSupport.stream(target.path("findings").spliterator(), false)
                .filter(f -> "FAIL".equals(f.path("status").asText()))
                .map(f -> f.path("checkId").asText() + " FAIL " + f.path("severity").asText()).toList();
    }
}
