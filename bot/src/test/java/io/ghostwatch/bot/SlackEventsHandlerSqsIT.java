package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.work.BotButton;
import io.ghostwatch.bot.work.ButtonClick;
import io.ghostwatch.bot.work.Requester;
import io.ghostwatch.bot.work.SqsStandIn;
import io.ghostwatch.bot.work.WorkItem;
import io.ghostwatch.bot.work.WorkItemJson;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot function as deployed: a fresh {@link SlackEventsHandler} in a JVM of its own on the shaded jar, with
 * {@code GHOSTWATCH_WORK_QUEUE_URL} set, given freshly signed HTTP API events. Work goes to the SQS stand-in before
 * the ack; nothing runs after it (the changes table it is configured with is never called: its endpoint is closed).
 */
class SlackEventsHandlerSqsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIX_URL = "https://hooks.slack.com/commands/T0GHOSTW1/fix/1795255200001";
    private static final String PRESS_URL = "https://hooks.slack.com/actions/T0GHOSTW1/approve/1795255200002";

    @TempDir
    Path dir;

    private Map<String, String> environment(SlackApiStandIn slack, SqsStandIn sqs, String queueUrl) {
        Map<String, String> env = WorkerProcesses.awsEnvironment();
        env.put("SLACK_SIGNING_SECRET", SlackSigning.SECRET);
        env.put("SLACK_BOT_TOKEN", LocalBotServerIT.TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GHOSTWATCH_CONFIG", BotConfigs.write(dir).toString());
        env.put("GHOSTWATCH_WORK_QUEUE_URL", queueUrl);
        env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint());
        env.put("GHOSTWATCH_CHANGES_TABLE", "ghostwatch-changes");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9"); // discard port: a call would fail loudly
        return env;
    }

    /** An HTTP API (payload 2.0) event carrying {@code body}, signed now with the test secret. */
    private Path event(String name, String body) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(RepoFiles.file(
                "events/slack-command-help-text-body.json")));
        long now = Instant.now().getEpochSecond();
        ObjectNode headers = (ObjectNode) event.path("headers");
        headers.put("x-slack-request-timestamp", Long.toString(now));
        headers.put("x-slack-signature", SlackSigning.signature(SlackSigning.SECRET, now, body));
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        event.put("body", body);
        return Files.writeString(dir.resolve(name + ".json"), event.toString());
    }

    private static String ackText(WorkerProcesses.Answer answer) throws Exception {
        assertThat(answer.body().path("statusCode").asInt()).isEqualTo(200);
        return JSON.readTree(answer.body().path("body").asText()).path("text").asText();
    }

    @Test
    void commandsAndPressesAreSentToSqsBeforeTheAck() throws Exception {
        try (SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN); SqsStandIn sqs = SqsStandIn.start()) {
            String queueUrl = sqs.createQueue("ghostwatch-WorkQueue");
            Path fix = event("fix", SlackSigning.slashCommand("U0REQUEST1", "fix web timeout=300", FIX_URL));
            Path press = event("press", SlackSigning.buttonPress("U0APPROVE1", "ghostwatch_approve", "chg-7k2m9x4d1q",
                    PRESS_URL));
            Path help = event("help", SlackSigning.slashCommand("help", FIX_URL));

            List<WorkerProcesses.Answer> answers = WorkerProcesses.invoke(environment(slack, sqs, queueUrl),
                    SlackEventsHandler.class, fix, press, help);

            assertThat(ackText(answers.get(0))).isEqualTo(":hourglass_flowing_sand: Working on it: `fix web timeout=300`");
            assertThat(answers.get(1).body().path("statusCode").asInt()).isEqualTo(200);
            assertThat(answers.get(1).body().path("body").asText()).as("a press is acked empty").isEmpty();
            assertThat(ackText(answers.get(2))).contains("Targets: `web`, `cache`");
            assertThat(answers).allSatisfy(a -> assertThat(a.elapsedMillis()).as("within Slack's 3 s")
                    .isLessThan(3000));

            // exactly the two queued items, as the worker will read them with its config
            CommandParser parser = CommandParser.of(BotConfigs.config());
            List<SqsStandIn.Message> messages = sqs.messages("ghostwatch-WorkQueue");
            assertThat(messages.stream().map(m -> WorkItemJson.read(m.body(), parser)).toList()).containsExactly(
                    new WorkItem.Command(new BotCommand.Fix("web", List.of(new ParameterChange(TunableParameter.TIMEOUT,
                            300))), new Requester("T0GHOSTW1", "U0REQUEST1", SlackSigning.CHANNEL, FIX_URL)),
                    new WorkItem.Press(new ButtonClick(BotButton.APPROVE, "chg-7k2m9x4d1q", new Requester("T0GHOSTW1",
                            "U0APPROVE1", SlackSigning.CHANNEL, PRESS_URL), "1795255100.000100")));
            assertThat(sqs.requests()).hasSize(2).allSatisfy(r -> {
                assertThat(r.target()).isEqualTo("AmazonSQS.SendMessage");
                assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                        .contains("/us-east-1/sqs/aws4_request");
            });
            // auth.test at start-up; the bot itself posts nothing (the worker does)
            assertThat(slack.methods()).containsOnly("auth.test");
        }
    }

    /**
     * What only performing needs is never built by the bot: its JVM, given a command, an Approve press and help with all
     * three tables named, loads no DynamoDB client, no store, no fix engine, no audit, no Redis client and no chart
     * (the JVM's class-load log, as Lambda would take {@code JAVA_TOOL_OPTIONS}). The SQS client it does use is the
     * control: the log sees what the ack path builds.
     */
    @Test
    void theAckPathBuildsNoStoreNoFixEngineAndNoRedisClient() throws Exception {
        try (SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN); SqsStandIn sqs = SqsStandIn.start()) {
            Map<String, String> env = environment(slack, sqs, sqs.createQueue("ghostwatch-WorkQueue"));
            env.put("GHOSTWATCH_SAMPLES_TABLE", "ghostwatch-samples");
            env.put("GHOSTWATCH_FINDINGS_TABLE", "ghostwatch-findings");
            Path classLog = dir.resolve("class-load.log");
            env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog + ":none");
            Path fix = event("fix", SlackSigning.slashCommand("U0REQUEST1", "fix web timeout=300", FIX_URL));
            Path press = event("press", SlackSigning.buttonPress("U0APPROVE1", "ghostwatch_approve", "chg-7k2m9x4d1q",
                    PRESS_URL));
            Path help = event("help", SlackSigning.slashCommand("help", FIX_URL));

            WorkerProcesses.Run run = WorkerProcesses.run(env, SlackEventsHandler.class, fix, press, help);
            List<WorkerProcesses.Answer> answers = run.answers();

            assertThat(answers).allSatisfy(a -> assertThat(a.body().path("statusCode").asInt()).isEqualTo(200));
            assertThat(sqs.messages("ghostwatch-WorkQueue")).as("the command and the press were queued").hasSize(2);
            List<String> loaded = Files.readAllLines(classLog).stream().map(line -> line.split(" ", 2)[0]).toList();
            assertThat(loaded).as("the control: the class-load log sees the SQS client the ack path built")
                    .contains("software.amazon.awssdk.services.sqs.DefaultSqsClient");
            assertThat(loaded).as("the send path primed at init, from the shaded jar (SqsPriming)")
                    .contains("io.ghostwatch.bot.work.SqsPriming",
                            "software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient");
            assertThat(run.stderr()).as("the priming did not fail")
                    .doesNotContain("priming the work queue's send path");
            assertThat(loaded).as("classes only performing needs, loaded by the bot's init or ack path")
                    .filteredOn(c -> c.startsWith("software.amazon.awssdk.services.dynamodb.")
                            || c.startsWith("redis.clients.") || c.startsWith("org.jfree.")
                            || List.of("io.ghostwatch.core.change.DynamoDbChangeStore",
                                    "io.ghostwatch.core.history.DynamoDbSampleStore",
                                    "io.ghostwatch.core.findings.DynamoDbFindingStore",
                                    "io.ghostwatch.core.change.FileChangeStore",
                                    "io.ghostwatch.core.fix.ConfigChangeEngine",
                                    "io.ghostwatch.core.fix.IdleClientKiller",
                                    "io.ghostwatch.core.elasticache.ParameterGroupChangeEngine",
                                    "io.ghostwatch.core.audit.FleetAuditor").contains(c))
                    .isEmpty();
        }
    }

    @Test
    void aQueueThatRefusesIsSaidInTheAckAndNothingIsDone() throws Exception {
        try (SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN); SqsStandIn sqs = SqsStandIn.start()) {
            Path fix = event("fix", SlackSigning.slashCommand("U0REQUEST1", "fix web timeout=300", FIX_URL));
            JsonNode ack = JSON.readTree(WorkerProcesses.invoke(environment(slack, sqs, sqs.queueUrl("deleted-queue")),
                    SlackEventsHandler.class, fix).getFirst().body().path("body").asText());
            assertThat(ack.path("response_type").asText()).isEqualTo("ephemeral");
            assertThat(ack.path("text").asText()).startsWith(":x: `fix web timeout=300` could not be queued: the work"
                    + " queue (SQS " + sqs.queueUrl("deleted-queue") + ") did not take it")
                    .contains("The specified queue does not exist").endsWith("Nothing was done; try again later.");
        }
    }
}
