package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.work.WorkItem;
import io.ghostwatch.bot.work.WorkItemJson;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signed sample events in {@code events/} match their bodies and the test secret README.md documents. */
class SampleEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "slack-command-help.json, help, true",
            "slack-command-help-text-body.json, help, true",
            "slack-command-fix-bad-timeout.json, fix web timeout=abc, true",
            "slack-command-fix-dir.json, fix web dir=/tmp, true",
            "slack-command-forged.json, help, false"})
    void signedWithTheDocumentedTestSecret(String file, String text, boolean genuine) throws IOException {
        JsonNode event = JSON.readTree(Files.readAllBytes(RepoFiles.file("events/" + file)));
        String body = event.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8)
                : event.path("body").asText();
        assertThat(SlackEndpoint.PATH).isEqualTo(event.path("rawPath").asText());
        assertThat(body).contains("command=%2Fghostwatch").contains("text=" + java.net.URLEncoder.encode(text, StandardCharsets.UTF_8));
        long timestamp = event.path("headers").path("x-slack-request-timestamp").asLong();
        assertThat(timestamp).isEqualTo(SlackEventsHandlerIT.EVENT_TIME);
        boolean matches = SlackSigning.signature(SlackSigning.SECRET, timestamp, body)
                .equals(event.path("headers").path("x-slack-signature").asText());
        assertThat(matches).isEqualTo(genuine);
        assertThat(Files.readString(RepoFiles.file("events/README.md"))).contains(SlackSigning.SECRET).contains(file);
    }

    @Test
    void theButtonPressIsAnApproveSignedWithTheDocumentedTestSecret() throws Exception {
        JsonNode event = JSON.readTree(Files.readAllBytes(RepoFiles.file("events/slack-button-approve.json")));
        String body = new String(Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8);
        long timestamp = event.path("headers").path("x-slack-request-timestamp").asLong();
        assertThat(timestamp).isEqualTo(SlackEventsHandlerIT.EVENT_TIME);
        assertThat(SlackSigning.signature(SlackSigning.SECRET, timestamp, body))
                .isEqualTo(event.path("headers").path("x-slack-signature").asText());
        assertThat(body).startsWith("payload=");
        JsonNode payload = JSON.readTree(java.net.URLDecoder.decode(body.substring("payload=".length()),
                StandardCharsets.UTF_8));
        assertThat(payload.path("type").asText()).isEqualTo("block_actions");
        assertThat(payload.path("actions").get(0).path("action_id").asText())
                .isEqualTo(io.ghostwatch.bot.work.BotButton.APPROVE.actionId());
        assertThat(Integer.parseInt(event.path("headers").path("content-length").asText()))
                .isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
        assertThat(Files.readString(RepoFiles.file("events/README.md"))).contains("slack-button-approve.json");
    }

    @Test
    void theSqsEventCarriesACommandAndAPressThisBuildReads() throws Exception {
        JsonNode event = JSON.readTree(Files.readAllBytes(RepoFiles.file("events/sqs-work-item.json")));
        CommandParser parser = CommandParser.of(BotConfigs.config());
        List<WorkItem> items = new java.util.ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            String body = record.path("body").asText();
            assertThat(record.path("eventSource").asText()).isEqualTo("aws:sqs");
            assertThat(record.path("md5OfBody").asText()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8))));
            items.add(WorkItemJson.read(body, parser));
        }
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).isInstanceOf(WorkItem.Command.class);
        assertThat(items.get(1)).isInstanceOf(WorkItem.Press.class);
        assertThat(Files.readString(RepoFiles.file("events/README.md"))).contains("sqs-work-item.json");
    }
}
