package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.BotButton;
import io.ghostwatch.bot.work.ButtonClick;
import io.ghostwatch.bot.work.Requester;
import io.ghostwatch.bot.work.SqsStandIn;
import io.ghostwatch.bot.work.WorkItem;
import io.ghostwatch.bot.work.WorkItemJson;
import io.ghostwatch.core.policy.Policy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The worker's event handling with recording actions: no network. */
class BotWorkerHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Requester FROM = new Requester("T0GHOSTW1", "U0ONCALL1", "C0GHOSTW1",
            "https://hooks.slack.com/commands/T0GHOSTW1/1/abc");
    private static final CommandParser PARSER = new CommandParser(List.of("web", "cache"), Policy.defaults());

    private final List<WorkItem> performed = new CopyOnWriteArrayList<>();
    private final BotActions actions = new BotActions() {
        @Override
        public boolean pressed(ButtonClick click) {
            throw new AssertionError("the worker never sees a press before its ack");
        }

        @Override
        public void perform(WorkItem item) {
            if (item instanceof WorkItem.Command c && c.command() instanceof BotCommand.Status) {
                throw new IllegalStateException("Slack's response URL answered 500");
            }
            performed.add(item);
        }
    };

    private static SqsStandIn.Message message(String id, String body) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        return new SqsStandIn.Message("ghostwatch-work", id, body, md5, Instant.parse("2026-11-21T10:00:00Z"));
    }

    private JsonNode invoke(JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BotWorkerHandler(PARSER, actions).handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
                null);
        return JSON.readTree(out.toByteArray());
    }

    private static List<String> failures(JsonNode answer) {
        return answer.path("batchItemFailures").valueStream().map(f -> f.path("itemIdentifier").asText()).toList();
    }

    @Test
    void everyRecordIsCarriedOutAndOnlyTheFailedOnesAreReported() throws Exception {
        WorkItem changes = new WorkItem.Command(new BotCommand.TargetChanges("web"), FROM);
        WorkItem approve = new WorkItem.Press(new ButtonClick(BotButton.APPROVE, "chg-7k2m9x4d1q", FROM, "1.2"));
        WorkItem failing = new WorkItem.Command(new BotCommand.Status("cache"), FROM);
        String noUser = WorkItemJson.write(changes).replace("\"userId\":\"U0ONCALL1\",", "");
        ObjectNode event = SqsStandIn.lambdaEvent(List.of(
                message("m-1", WorkItemJson.write(changes)),
                message("m-2", noUser),
                message("m-3", WorkItemJson.write(failing)),
                message("m-4", WorkItemJson.write(approve)),
                message("m-5", WorkItemJson.write(new WorkItem.Command(new BotCommand.Audit("orders"), FROM))
                        .replace("orders", "unconfigured-target")),
                message("m-6", "{\"v\":1}")));
        ((ObjectNode) event.path("Records").get(5)).put("md5OfBody", "00000000000000000000000000000000");

        JsonNode answer = invoke(event);
        assertThat(failures(answer)).containsExactly("m-2", "m-3", "m-5", "m-6");
        assertThat(performed).containsExactlyInAnyOrder(changes, approve);
    }

    @Test
    void anEmptyBatchHasNoFailures() throws IOException {
        assertThat(invoke(JSON.readTree("{\"Records\":[]}")).toString()).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void aBodyThatIsNotAStringIsAFailureNotADrop() throws Exception {
        ObjectNode event = SqsStandIn.lambdaEvent(List.of(message("m-1", "x")));
        ((ObjectNode) event.path("Records").get(0)).remove("body");
        ((ObjectNode) event.path("Records").get(0)).remove("md5OfBody");
        assertThat(failures(invoke(event))).containsExactly("m-1");
    }

    @Test
    void anEventThatCannotBeReportedRecordByRecordFailsAsAWhole() throws Exception {
        assertThatThrownBy(() -> invoke(JSON.readTree("{\"detail-type\":\"Scheduled Event\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Records array");
        ObjectNode event = SqsStandIn.lambdaEvent(List.of(message("m-1", "x"), message("m-2", "y")));
        ((ObjectNode) event.path("Records").get(1)).remove("messageId");
        assertThatThrownBy(() -> invoke(event)).hasMessageStartingWith("Records[1].messageId is missing");
        ((ArrayNode) event.path("Records")).remove(1);
        ((ObjectNode) event.path("Records").get(0)).put("eventSource", "aws:kinesis");
        assertThatThrownBy(() -> invoke(event)).hasMessageStartingWith("Records[0].eventSource is 'aws:kinesis'");
        assertThatThrownBy(() -> invoke(JSON.readTree("\"text\""))).hasMessageContaining("no Records array");
        assertThat(performed).isEmpty();
    }
}
