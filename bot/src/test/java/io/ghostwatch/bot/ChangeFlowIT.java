package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The bot end to end, as Slack drives it: signed slash commands and button presses over HTTP to the local server,
 * a real redis-server changed, the approvals channel on the Slack stand-in, answers at a response-URL stand-in.
 * An on-demand audit and a status with its trend chart; propose, self-approval refused, a non-approver refused,
 * 20 concurrent approve clicks giving one approval and one CONFIG SET, applied and verified, a later click a no-op, the history listed, rolled back; a forged approval
 * refused with 401.
 */
class ChangeFlowIT {

    private static final String REQUESTER = "U0REQUEST1";
    private static final String APPROVER = "U0APPROVE1";
    private static final String STRANGER = "U0STRANGE1";
    private static final Pattern CHANGE_ID = Pattern.compile("chg-[0-9a-z]{10}");

    @TempDir
    Path dir;

    private SignedBotClient client;

    private static String configGet(RedisServerProcess redis, String parameter) {
        try (Jedis j = redis.admin()) {
            return j.configGet(parameter).get(parameter);
        }
    }

    @Test
    void proposeRefuseApproveApplyVerifyListAndRollBack() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0");
             SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN);
             ResponseUrlStandIn responses = ResponseUrlStandIn.start()) {
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
            Map<String, String> env = SignedBotClient.environment(config, slack, dir.resolve("data"));
            try (BotRuntime runtime = BotRuntime.fromEnvironment(env, Clock.systemUTC());
                 LocalBotServer server = LocalBotServer.start(runtime.endpoint(), new InetSocketAddress("127.0.0.1", 0))) {
                client = new SignedBotClient(server.address().getPort(), responses);

                String audit = client.command("audit", STRANGER, "audit web");
                assertThat(audit).startsWith("```").endsWith("```").contains("redis_idle_timeout_enabled")
                        .contains(redis.address());
                String status = client.command("status", STRANGER, "status web");
                assertThat(status).contains("redis_idle_timeout_enabled").contains("Open since the scheduled audits"
                        + " saw them:* none").contains("Trend chart of `" + redis.address() + "` posted in this channel");
                assertThat(slack.calls("files.completeUploadExternal")).singleElement().satisfies(c -> assertThat(
                        c.param("channel_id")).isEqualTo(SlackApiStandIn.CHANNEL_ID));
                assertThat(slack.uploads()).hasSize(1);

                // the digest's "Propose fix" button opens the form, prefilled; a bad value is shown on its field
                String finding = "web/" + redis.address() + "/redis_idle_timeout_enabled";
                HttpResponse<String> click = client.post(SlackSigning.buttonPress(REQUESTER, "ghostwatch_propose_fix", finding,
                        responses.url("form")), SlackSigning.SECRET);
                assertThat(click.statusCode()).isEqualTo(200);
                SlackApiStandIn.Call open = slack.calls("views.open").getFirst();
                assertThat(open.param("trigger_id")).isNotEmpty();
                JsonNode view = open.jsonParam("view");
                assertThat(view.path("callback_id").asText()).isEqualTo("ghostwatch_propose_fix_modal");
                assertThat(view.toString()).contains("\"initial_value\":\"86400\"");
                String metadata = view.path("private_metadata").asText();
                HttpResponse<String> bad = client.post(SlackSigning.viewSubmission(REQUESTER, "ghostwatch_propose_fix_modal",
                        metadata, Map.of("timeout", "abc")), SlackSigning.SECRET);
                assertThat(bad.statusCode()).isEqualTo(200);
                JsonNode errors = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bad.body());
                assertThat(errors.path("response_action").asText()).isEqualTo("errors");
                assertThat(errors.path("errors").path("timeout").asText()).contains("not a whole number");
                HttpResponse<String> good = client.post(SlackSigning.viewSubmission(REQUESTER, "ghostwatch_propose_fix_modal",
                        metadata, Map.of("timeout", "600")), SlackSigning.SECRET);
                assertThat(good.statusCode()).isEqualTo(200);
                String fromForm = responses.await("form", Duration.ofSeconds(20)).path("text").asText();
                assertThat(fromForm).startsWith(":hourglass: Proposed `chg-").contains("set timeout=600");
                Matcher f = CHANGE_ID.matcher(fromForm);
                assertThat(f.find()).isTrue();
                assertThat(client.press("reject-form", REQUESTER, "ghostwatch_reject", f.group()))
                        .contains("*REJECTED*").contains("withdrawn by the requester");

                String proposed = client.command("fix", REQUESTER, "fix web timeout=300");
                assertThat(proposed).startsWith(":hourglass: Proposed `chg-").contains("set timeout=300").contains("*web*");
                Matcher m = CHANGE_ID.matcher(proposed);
                assertThat(m.find()).isTrue();
                String id = m.group();
                JsonNode request = slack.calls("chat.postMessage").stream().filter(c -> c.param("thread_ts") == null)
                        .reduce((a, b) -> b).orElseThrow().blocks();
                assertThat(request.toString()).contains("ghostwatch_approve").contains(id).contains("timeout 0 \u2192 300");

                assertThat(client.press("self", REQUESTER, "ghostwatch_approve", id))
                        .startsWith(":no_entry: Not done: you proposed this change");
                assertThat(client.press("stranger", STRANGER, "ghostwatch_approve", id))
                        .startsWith(":no_entry: Not done: only the users listed in slack.approvers may approve");
                assertThat(configGet(redis, "timeout")).isEqualTo("0");

                // a forged approval (wrong signing secret) is refused before anything reads it
                HttpResponse<String> forged = client.post(SlackSigning.buttonPress(APPROVER, "ghostwatch_approve", id,
                        responses.url("forged")), "not-the-secret");
                assertThat(forged.statusCode()).isEqualTo(401);
                assertThat(forged.body()).isEmpty();
                assertThat(configGet(redis, "timeout")).isEqualTo("0");

                // 20 approve clicks at once (an impatient approver, Slack retries): one approval, one CONFIG SET
                java.util.concurrent.ExecutorService clickers = java.util.concurrent.Executors.newFixedThreadPool(20);
                try {
                    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                    java.util.List<java.util.concurrent.Future<HttpResponse<String>>> acks = new java.util.ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        String body = SlackSigning.buttonPress(APPROVER, "ghostwatch_approve", id,
                                responses.url("approve" + i));
                        acks.add(clickers.submit(() -> {
                            go.await();
                            return client.post(body, SlackSigning.SECRET);
                        }));
                    }
                    go.countDown();
                    for (java.util.concurrent.Future<HttpResponse<String>> ack : acks) {
                        assertThat(ack.get().statusCode()).isEqualTo(200);
                    }
                } finally {
                    clickers.shutdownNow();
                }
                java.util.List<String> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    answers.add(responses.await("approve" + i, Duration.ofSeconds(20)).path("text").asText());
                }
                assertThat(answers).filteredOn(a -> a.startsWith(":white_check_mark: Approved `" + id + "`")).hasSize(1);
                assertThat(answers).filteredOn(a -> a.startsWith(":information_source: Nothing done: `" + id + "` is *"))
                        .hasSize(19);
                awaitConfig(redis, "timeout", "300");
                try (Jedis j = redis.admin()) {
                    assertThat(j.info("commandstats")).containsPattern("cmdstat_config\\|set:calls=1,");
                }
                assertThat(client.press("again", APPROVER, "ghostwatch_approve", id))
                        .startsWith(":information_source: Nothing done: `" + id + "` is *APPLIED*");

                String history = client.command("changes", STRANGER, "changes web");
                assertThat(history).contains(id).contains("*APPLIED*").contains("asked by " + REQUESTER)
                        .contains("APPROVED by " + APPROVER);

                String rollback = client.command("rollback", REQUESTER, "rollback " + id);
                Matcher r = CHANGE_ID.matcher(rollback);
                assertThat(r.find()).isTrue();
                assertThat(rollback).contains("roll back " + id);
                client.press("approve-rollback", APPROVER, "ghostwatch_approve", r.group());
                awaitConfig(redis, "timeout", "0");
            }
        }
    }

    /** The apply runs on the worker after the "Approved" answer: wait for its CONFIG SET. */
    private static void awaitConfig(RedisServerProcess redis, String parameter, String value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!value.equals(configGet(redis, parameter))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(parameter + " never became " + value + " (now " + configGet(redis, parameter)
                        + ")");
            }
            Thread.sleep(50);
        }
    }
}
