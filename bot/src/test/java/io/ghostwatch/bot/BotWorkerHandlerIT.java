package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.work.BotButton;
import io.ghostwatch.bot.work.ButtonClick;
import io.ghostwatch.bot.work.Requester;
import io.ghostwatch.bot.work.SqsStandIn;
import io.ghostwatch.bot.work.WorkItem;
import io.ghostwatch.bot.work.WorkItemJson;
import io.ghostwatch.core.change.Change;
import io.ghostwatch.core.change.ChangeState;
import io.ghostwatch.core.change.DynamoDbChangeStore;
import io.ghostwatch.core.testing.CfnTemplate;
import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The worker as Lambda runs it: {@code events/sqs-work-item.json} (a {@code fix} command and a Reject press) given
 * to a fresh {@link BotWorkerHandler} created in a JVM of its own on the shaded jar, configured only by its
 * environment, against DynamoDB Local (the changes table), the Slack stand-in (approvals channel), a response-URL
 * stand-in and a real redis-server; then a second fresh worker gets the approval and applies it.
 */
class BotWorkerHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "ghostwatch-changes";
    private static final String APPROVER = "U0APPROVE1";

    @TempDir
    Path dir;

    @Test
    void theSampleEventProposesAndAnswersThenAnApprovalIsApplied() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0");
             DynamoDbLocal dynamo = DynamoDbLocal.start();
             DynamoDbClient client = dynamo.client();
             SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN);
             ResponseUrlStandIn responses = ResponseUrlStandIn.start()) {
            DynamoDbChangeStore.createTable(client, TABLE);
            Path config = Files.writeString(dir.resolve("ghostwatch.yaml"), """
                    targets:
                      - name: web
                        uri: %s
                    slack:
                      channel: %s
                      botToken: env:SLACK_BOT_TOKEN
                      approvalsChannel: %s
                      approvers: [%s]
                    """.formatted(redis.uri(), SlackApiStandIn.CHANNEL_ID, SlackApiStandIn.CHANNEL_ID, APPROVER));
            Map<String, String> env = WorkerProcesses.awsEnvironment();
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
            env.put("GHOSTWATCH_CHANGES_TABLE", TABLE);
            env.put("GHOSTWATCH_CONFIG", config.toString());
            env.put("SLACK_BOT_TOKEN", LocalBotServerIT.TOKEN);
            env.put("SLACK_API_URL", slack.apiUrl());

            Path event = pointedAt(responses, RepoFiles.file("events/sqs-work-item.json"));
            JsonNode answer = WorkerProcesses.invoke(env, BotWorkerHandler.class, event).getFirst().body();
            assertThat(answer.toString()).isEqualTo("{\"batchItemFailures\":[]}");

            String proposed = responses.await("fix", Duration.ofSeconds(5)).path("text").asText();
            assertThat(proposed).startsWith(":hourglass: Proposed `chg-").contains("*web*");
            assertThat(responses.await("reject", Duration.ofSeconds(5)).path("text").asText())
                    .isEqualTo(":x: There is no change `chg-7k2m9x4d1q`.");
            DynamoDbChangeStore store = DynamoDbChangeStore.using(client, TABLE, w -> { });
            List<Change> changes = store.recent(Optional.of("web"), 10);
            assertThat(changes).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(ChangeState.PROPOSED);
                assertThat(c.requester()).isEqualTo("U0REQUEST1");
                assertThat(proposed).contains(c.id().value());
            });
            assertThat(slack.calls("chat.postMessage")).singleElement()
                    .satisfies(c -> assertThat(c.blocks().toString()).contains("ghostwatch_approve"));
            try (Jedis j = redis.admin()) {
                assertThat(j.configGet("timeout").get("timeout")).as("nothing applied without approval").isEqualTo("0");
            }

            // the approver's click, as the bot queues it, to a second fresh worker
            String approve = WorkItemJson.write(new WorkItem.Press(new ButtonClick(BotButton.APPROVE,
                    changes.getFirst().id().value(), new Requester("T0GHOSTW1", APPROVER, "C0GHOSTW1",
                    responses.url("approve")), "1795255100.000100")));
            Path approval = Files.writeString(dir.resolve("approve.json"), SqsStandIn.lambdaEvent(List.of(
                    new SqsStandIn.Message("ghostwatch-work", UUID.randomUUID().toString(), approve, md5(approve),
                            Instant.now()))).toString());
            assertThat(WorkerProcesses.invoke(env, BotWorkerHandler.class, approval).getFirst().body().toString())
                    .isEqualTo("{\"batchItemFailures\":[]}");
            assertThat(responses.await("approve", Duration.ofSeconds(5)).path("text").asText())
                    .startsWith(":white_check_mark: Approved `" + changes.getFirst().id().value() + "`; applying now.");
            try (Jedis j = redis.admin()) {
                assertThat(j.configGet("timeout").get("timeout")).isEqualTo("300");
            }
            assertThat(store.find(changes.getFirst().id()).orElseThrow().state()).isEqualTo(ChangeState.APPLIED);
        }
    }

    @Test
    void aTargetWhosePasswordIsASecretIsReadWithTheWorkersRoleOncePerSecret() throws Exception {
        String password = "worker-sm-pw-5521";
        try (RedisServerProcess redis = RedisServerProcess.builder().config("timeout 0", "requirepass " + password)
                .admin(null, password).start();
             AwsStandIn aws = AwsStandIn.start();
             DynamoDbLocal dynamo = DynamoDbLocal.start();
             DynamoDbClient client = dynamo.client();
             SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN);
             ResponseUrlStandIn responses = ResponseUrlStandIn.start()) {
            DynamoDbChangeStore.createTable(client, TABLE);
            aws.fleet().putSecret("ghostwatch/redis/web", "{\"username\":\"default\",\"password\":\"" + password
                    + "\"}");
            Path config = Files.writeString(dir.resolve("ghostwatch.yaml"), """
                    targets:
                      - name: web
                        uri: %s
                        password: secret:ghostwatch/redis/web#password
                    slack:
                      channel: %s
                      botToken: env:SLACK_BOT_TOKEN
                      approvalsChannel: %s
                      approvers: [%s]
                    """.formatted(redis.uri(), SlackApiStandIn.CHANNEL_ID, SlackApiStandIn.CHANNEL_ID, APPROVER));
            // the stand-in's access key and region, AWS_ENDPOINT_URL at it; DynamoDB Local takes any key
            Map<String, String> env = new java.util.HashMap<>(aws.environment());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
            env.put("GHOSTWATCH_CHANGES_TABLE", TABLE);
            env.put("GHOSTWATCH_CONFIG", config.toString());
            env.put("SLACK_BOT_TOKEN", LocalBotServerIT.TOKEN);
            env.put("SLACK_API_URL", slack.apiUrl());

            Path event = pointedAt(responses, RepoFiles.file("events/sqs-work-item.json"));
            assertThat(WorkerProcesses.invoke(env, BotWorkerHandler.class, event).getFirst().body().toString())
                    .isEqualTo("{\"batchItemFailures\":[]}");

            assertThat(responses.await("fix", Duration.ofSeconds(5)).path("text").asText())
                    .as("the plan read every node with the secret's password")
                    .startsWith(":hourglass: Proposed `chg-").contains("*web*");
            assertThat(aws.calls("secretsmanager:GetSecretValue")).singleElement().satisfies(c -> {
                assertThat(c.param("SecretId")).isEqualTo("ghostwatch/redis/web");
                assertThat(c.succeeded()).isTrue();
            });
            assertThat(aws.failures()).isEmpty();
        }
    }

    @Test
    void aMalformedRecordIsReportedAndTheOthersAreDone() throws Exception {
        try (DynamoDbLocal dynamo = DynamoDbLocal.start();
             DynamoDbClient client = dynamo.client();
             SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN);
             ResponseUrlStandIn responses = ResponseUrlStandIn.start()) {
            DynamoDbChangeStore.createTable(client, TABLE);
            Map<String, String> env = WorkerProcesses.awsEnvironment();
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
            env.put("GHOSTWATCH_CHANGES_TABLE", TABLE);
            env.put("GHOSTWATCH_CONFIG", BotConfigs.write(dir).toString());
            env.put("SLACK_BOT_TOKEN", LocalBotServerIT.TOKEN);
            env.put("SLACK_API_URL", slack.apiUrl());
            ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(pointedAt(responses,
                    RepoFiles.file("events/sqs-work-item.json"))));
            // the first record's command names a target this worker's config lacks: refused, reported, not run
            ObjectNode first = (ObjectNode) event.path("Records").get(0);
            String body = first.path("body").asText().replace("fix web timeout=300", "fix orders timeout=300");
            first.put("body", body);
            first.put("md5OfBody", md5(body));
            Path file = Files.writeString(dir.resolve("event.json"), event.toString());
            JsonNode answer = WorkerProcesses.invoke(env, BotWorkerHandler.class, file).getFirst().body();
            assertThat(answer.path("batchItemFailures")).singleElement()
                    .satisfies(f -> assertThat(f.path("itemIdentifier").asText()).isEqualTo(first.path("messageId").asText()));
            assertThat(responses.await("reject", Duration.ofSeconds(5)).path("text").asText())
                    .isEqualTo(":x: There is no change `chg-7k2m9x4d1q`.");
        }
    }

    @Test
    void theTemplatesChangesTableIsTheOneTheStoreCreates() throws Exception {
        TableDescription created;
        try (DynamoDbLocal dynamo = DynamoDbLocal.start(); DynamoDbClient client = dynamo.client()) {
            DynamoDbChangeStore.createTable(client, TABLE);
            created = client.describeTable(b -> b.tableName(TABLE)).table();
        }
        Map<String, Object> store = new TreeMap<>();
        store.put("key", created.keySchema().stream().map(k -> k.attributeName() + "=" + k.keyTypeAsString()).toList());
        store.put("attributes", created.attributeDefinitions().stream()
                .map(a -> a.attributeName() + "=" + a.attributeTypeAsString()).sorted().toList());
        created.globalSecondaryIndexes().forEach(i -> store.put(i.indexName(), i.keySchema().stream()
                .map(k -> k.attributeName() + "=" + k.keyTypeAsString()).toList() + " " + i.projection().projectionTypeAsString()));

        CfnTemplate template = CfnTemplate.load(RepoFiles.file("template.yaml"));
        Map<String, org.yaml.snakeyaml.nodes.Node> props = template.properties("ChangesTable");
        Map<String, Object> declared = new TreeMap<>();
        declared.put("key", pairs(props.get("KeySchema"), "AttributeName", "KeyType"));
        declared.put("attributes", pairs(props.get("AttributeDefinitions"), "AttributeName", "AttributeType").stream()
                .sorted().toList());
        for (var index : ((org.yaml.snakeyaml.nodes.SequenceNode) props.get("GlobalSecondaryIndexes")).getValue()) {
            var gsi = CfnTemplate.map(index, "GlobalSecondaryIndexes[]");
            declared.put(CfnTemplate.scalar(gsi.get("IndexName"), "IndexName"), pairs(gsi.get("KeySchema"),
                    "AttributeName", "KeyType") + " " + CfnTemplate.scalar(CfnTemplate.map(gsi.get("Projection"),
                    "Projection").get("ProjectionType"), "ProjectionType"));
        }
        assertThat(declared).isEqualTo(store);
    }

    private static List<String> pairs(org.yaml.snakeyaml.nodes.Node list, String name, String value) {
        return ((org.yaml.snakeyaml.nodes.SequenceNode) list).getValue().stream().map(n -> CfnTemplate.map(n, name))
                .map(m -> CfnTemplate.scalar(m.get(name), name) + "=" + CfnTemplate.scalar(m.get(value), value)).toList();
    }

    /** The sample event with its response URLs on the local stand-in (and each body's MD5 recomputed). */
    private Path pointedAt(ResponseUrlStandIn responses, Path sample) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(sample));
        for (JsonNode record : event.path("Records")) {
            String body = record.path("body").asText().replace("https://hooks.slack.com/", responses.base());
            ((ObjectNode) record).put("body", body);
            ((ObjectNode) record).put("md5OfBody", md5(body));
        }
        return Files.writeString(dir.resolve("sqs-work-item.local.json"), event.toString());
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
