package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.findings.DynamoDbFindingStore;
import io.ghostwatch.core.findings.FindingRecord;
import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.SlackApiStandIn.Call;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled audit reporting to Slack: a real redis-server, finding state in DynamoDB Local, the Slack Web API
 * stand-in. Findings are stored before the post, a failed post fails the invocation loudly without losing them.
 */
class ScheduledAuditSlackIT {

    private static final String TOKEN = "xoxb-0000-lambda-test-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static DynamoDbLocal dynamo;
    private static int tables;

    @TempDir
    Path dir;

    private SlackApiStandIn slack;
    private DynamoDbFindingStore store;
    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void startDynamo() throws Exception {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stopDynamo() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @BeforeEach
    void setUp() {
        String table = "ghostwatch-findings-" + ++tables;
        DynamoDbFindingStore.createTable(dynamo.client(), table);
        store = DynamoDbFindingStore.using(dynamo.client(), table, warnings::add);
    }

    private Path config(RedisServerProcess redis, String channel) throws Exception {
        Path config = dir.resolve("ghostwatch.yaml");
        Files.writeString(config, """
                targets:
                  - name: cache-1
                    uri: %s
                slack:
                  channel: %s
                  botToken: env:SLACK_BOT_TOKEN
                """.formatted(redis.uri(), channel));
        return config;
    }

    private JsonNode invoke(Path config, TestLambdaContext context) throws Exception {
        Map<String, String> env = Map.of(ScheduledAuditHandler.ENV_CONFIG, config.toString(),
                "SLACK_BOT_TOKEN", TOKEN, "SLACK_API_URL", slack.apiUrl());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScheduledAuditHandler(env, Clock.systemUTC(), null, store).handleRequest(
                new ByteArrayInputStream(Files.readAllBytes(RepoFiles.file("events/schedule.json"))), out, context);
        return MAPPER.readTree(out.toByteArray());
    }

    private static JsonNode slackLine(TestLambdaContext context) throws Exception {
        for (String m : context.messages()) {
            JsonNode line = MAPPER.readTree(m);
            if (line.path("event").asText().equals("ghostwatch_slack_digest")) {
                return line;
            }
        }
        throw new AssertionError("no ghostwatch_slack_digest line in " + context.messages());
    }

    @Test
    void eachRunStoresItsFindingsThenPostsAndAnUnchangedRunIsOneLine() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0", "tcp-keepalive 0")) {
            slack = SlackApiStandIn.start(TOKEN);
            Path config = config(redis, SlackApiStandIn.CHANNEL_ID);

            JsonNode first = invoke(config, new TestLambdaContext());

            assertThat(first.path("slack").asText()).startsWith("digest posted to " + SlackApiStandIn.CHANNEL_ID);
            Call digest = slack.calls("chat.postMessage").getFirst();
            assertThat(digest.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(digest.blocks().get(0).path("text").path("text").asText()).startsWith("Ghostwatch audit: ")
                    .contains(" new, 0 resolved, 0 still open");
            List<FindingRecord> stored = store.findings(List.of("cache-1"));
            assertThat(stored).extracting(r -> r.key().checkId())
                    .contains("redis_idle_timeout_enabled", "redis_tcp_keepalive_enabled");
            String digestTs = slack.calls("chat.postMessage").get(1).param("thread_ts"); // a reply names its digest
            assertThat(digestTs).isNotNull();
            assertThat(stored).allSatisfy(r -> {
                assertThat(r.reportedOpen()).isTrue();
                assertThat(r.postedIn().ts()).isEqualTo(digestTs);
                assertThat(r.postedIn().channel()).isEqualTo(SlackApiStandIn.CHANNEL_ID);
            });

            int before = slack.calls().size();
            TestLambdaContext second = new TestLambdaContext();
            invoke(config, second);
            List<Call> after = slack.calls().subList(before, slack.calls().size());
            assertThat(after).singleElement().satisfies(c -> assertThat(c.param("text")).startsWith("*All quiet:*"));
            assertThat(slackLine(second).path("outcome").asText()).isEqualTo("posted");
        } finally {
            if (slack != null) {
                slack.close();
            }
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aPostSlackRefusesFailsTheInvocationLoudlyAndTheFindingsStayStored() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            slack = SlackApiStandIn.start(TOKEN);
            TestLambdaContext context = new TestLambdaContext();

            assertThatThrownBy(() -> invoke(config(redis, SlackApiStandIn.FOREIGN_CHANNEL_ID), context))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("digest NOT posted to C0NOTMEMB").hasMessageContaining("not_in_channel")
                    .hasMessageContaining("the findings are stored");

            JsonNode line = slackLine(context);
            assertThat(line.path("outcome").asText()).isEqualTo("not_posted");
            assertThat(context.lines()).anySatisfy(l -> {
                assertThat(l.level()).isEqualTo(LogLevel.ERROR);
                assertThat(l.message()).contains("not_in_channel");
            });
            assertThat(context.messages()).anySatisfy(m -> assertThat(m).contains("\"event\":\"ghostwatch_audit_report\""));
            assertThat(String.join("\n", context.messages())).doesNotContain(TOKEN);
            assertThat(store.findings(List.of("cache-1"))).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.reported()).as("the channel heard nothing").isNull());
        } finally {
            if (slack != null) {
                slack.close();
            }
        }
    }

    @Test
    void aSlackSectionWithoutAFindingsTableIsRefusedBeforeTheAudit() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            slack = SlackApiStandIn.start(TOKEN);
            Path config = config(redis, SlackApiStandIn.CHANNEL_ID);
            TestLambdaContext context = new TestLambdaContext();
            assertThatThrownBy(() -> new ScheduledAuditHandler(Map.of(ScheduledAuditHandler.ENV_CONFIG, config.toString()),
                    Clock.systemUTC(), null, null).handleRequest(new ByteArrayInputStream(
                    Files.readAllBytes(RepoFiles.file("events/schedule.json"))), new ByteArrayOutputStream(), context))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("GHOSTWATCH_FINDINGS_TABLE is not set");
            assertThat(context.lines()).isEmpty();
            assertThat(slack.calls()).isEmpty();
        } finally {
            if (slack != null) {
                slack.close();
            }
        }
    }
}
