package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.RegionFleet;
import io.ghostwatch.core.testing.aws.ReplicationGroupSpec;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ElastiCache fix from Slack, end to end: signed slash commands and button presses to the local bot server, the
 * approvals channel on the Slack stand-in, and ElastiCache on the AWS stand-in, which the bot's SDK clients find the
 * standard way (the {@code aws.endpointUrl} and credential system properties, the JVM's equivalent of
 * {@code AWS_ENDPOINT_URL} and {@code AWS_ACCESS_KEY_ID}).
 */
class ElastiCacheFlowIT {

    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final Pattern CHANGE_ID = Pattern.compile("chg-[0-9a-z]{10}");
    private static final Map<String, String> SDK_PROPERTIES = Map.of("aws.endpointUrl", "",
            "aws.accessKeyId", "", "aws.secretAccessKey", "");

    @TempDir
    Path dir;
    private AwsStandIn aws;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        System.setProperty("aws.endpointUrl", aws.endpoint().toString());
        System.setProperty("aws.accessKeyId", aws.baseCredentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", aws.baseCredentials().secretAccessKey());
        RegionFleet fleet = aws.fleet();
        fleet.add(ReplicationGroupSpec.named("orders").transitEncryption(true).authToken(true));
    }

    @AfterEach
    void stop() {
        SDK_PROPERTIES.keySet().forEach(System::clearProperty);
        aws.close();
    }

    private String groupOf(String cacheClusterId) {
        return aws.fleet().cacheCluster(cacheClusterId).orElseThrow().parameterGroup().name();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within 20 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aCacheOnADefaultGroupIsAuditedFixedAfterApprovalAndRolledBackFromSlack() throws Exception {
        try (SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN);
             ResponseUrlStandIn responses = ResponseUrlStandIn.start()) {
            Path config = Files.writeString(dir.resolve("ghostwatch.yaml"), """
                    slack:
                      channel: %s
                      botToken: env:SLACK_BOT_TOKEN
                      approvalsChannel: %s
                      approvers: [%s]
                    elasticache:
                      regions: [us-east-1]
                    """.formatted(SlackApiStandIn.CHANNEL_ID, SlackApiStandIn.CHANNEL_ID, APPROVER));
            Map<String, String> env = SignedBotClient.environment(config, slack, dir.resolve("data"));
            try (BotRuntime runtime = BotRuntime.fromEnvironment(env, Clock.systemUTC());
                 LocalBotServer server = LocalBotServer.start(runtime.endpoint(), new InetSocketAddress("127.0.0.1", 0))) {
                SignedBotClient client = new SignedBotClient(server.address().getPort(), responses);

                String audit = client.command("audit", REQUESTER, "audit default/us-east-1/orders");
                assertThat(audit).contains("default/us-east-1/orders").contains("FAIL HIGH  elasticache_idle_timeout_enabled")
                        .doesNotContain("default/us-east-1\n");

                var elsewhere = client.post(SlackSigning.slashCommand(REQUESTER, "fix prod/us-east-1/orders"
                        + " timeout=86400", responses.url("elsewhere")), SlackSigning.SECRET);
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(elsewhere.body()).path("text")
                        .asText()).as("refused in the ack itself").contains("is in prod/us-east-1, which the config's"
                        + " elasticache section does not search (default/us-east-1)");

                String proposed = client.command("fix", REQUESTER, "fix default/us-east-1/orders timeout=86400");
                assertThat(proposed).startsWith(":hourglass: Proposed `chg-")
                        .contains("(new parameter group ghostwatch-orders-redis7 for orders)");
                Matcher m = CHANGE_ID.matcher(proposed);
                assertThat(m.find()).isTrue();
                String id = m.group();
                assertThat(slack.calls("chat.postMessage").getLast().blocks().toString())
                        .contains("1. create parameter group `ghostwatch-orders-redis7` in family redis7");
                assertThat(aws.fleet().parameterGroup("ghostwatch-orders-redis7")).as("nothing before approval").isEmpty();

                assertThat(client.press("self", REQUESTER, "ghostwatch_approve", id)).startsWith(":no_entry: Not done");
                assertThat(client.press("approve", APPROVER, "ghostwatch_approve", id))
                        .startsWith(":white_check_mark: Approved `" + id + "`");
                await("the new group attached to orders", () -> groupOf("orders-002").equals("ghostwatch-orders-redis7"));
                assertThat(aws.parameterValue(AwsStandIn.DEFAULT_ACCOUNT, "us-east-1", "ghostwatch-orders-redis7",
                        "timeout")).isEqualTo("86400");

                await("the change recorded as applied", () -> {
                    try {
                        return client.command("changes-" + System.nanoTime(), REQUESTER,
                                "changes default/us-east-1/orders").contains("*APPLIED*");
                    } catch (Exception e) {
                        throw new AssertionError("changes failed: " + e, e);
                    }
                });

                String rollback = client.command("rollback", REQUESTER, "rollback " + id);
                Matcher r = CHANGE_ID.matcher(rollback);
                assertThat(r.find()).as(rollback).isTrue();
                client.press("approve-rollback", APPROVER, "ghostwatch_approve", r.group());
                await("default.redis7 attached again", () -> groupOf("orders-001").equals("default.redis7"));
                await("the created group deleted", () -> aws.fleet().parameterGroup("ghostwatch-orders-redis7").isEmpty());
            }
        }
    }
}
