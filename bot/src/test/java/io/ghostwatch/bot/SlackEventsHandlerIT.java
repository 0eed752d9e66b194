package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.bot.work.NotYetAvailableActions;
import io.ghostwatch.core.slack.SlackSettings;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda handler given the API Gateway HTTP API (payload 2.0) events in {@code events/}, signed with the test
 * secret at 2026-11-21T10:00:00Z; the bot runs on a clock 10 s later, its token checked against the Slack stand-in.
 * The answers are the local server's (LocalBotServerIT).
 */
class SlackEventsHandlerIT {

    static final long EVENT_TIME = 1_795_255_200L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SlackApiStandIn slack;
    static BotSettings settings;

    @BeforeAll
    static void start() {
        slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN);
        settings = new BotSettings(SlackSigning.SECRET, LocalBotServerIT.TOKEN, BotConfigs.write(dir),
                SlackSettings.fromEnvironment(Map.of(SlackSettings.API_URL_VARIABLE, slack.apiUrl())));
    }

    @AfterAll
    static void stop() {
        if (slack != null) {
            slack.close();
        }
    }

    /** Each event on a fresh runtime and handler, as a new execution environment ({@code sam local invoke}) has. */
    static JsonNode invoke(byte[] event) throws IOException {
        try (BotRuntime runtime = BotRuntime.start(settings, Clock.fixed(Instant.ofEpochSecond(EVENT_TIME + 10),
                ZoneOffset.UTC), NotYetAvailableActions::new)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new SlackEventsHandler(runtime.endpoint()).handleRequest(new ByteArrayInputStream(event), out, null);
            return JSON.readTree(out.toByteArray());
        }
    }

    static JsonNode invoke(String eventFile) throws IOException {
        return invoke(Files.readAllBytes(RepoFiles.file("events/" + eventFile)));
    }

    static String ephemeralText(JsonNode answer) throws IOException {
        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        assertThat(answer.path("headers").path("Content-Type").asText()).startsWith("application/json");
        assertThat(answer.path("isBase64Encoded").asBoolean()).isFalse();
        JsonNode body = JSON.readTree(answer.path("body").asText());
        assertThat(body.path("response_type").asText()).isEqualTo("ephemeral");
        return body.path("text").asText();
    }

    @Test
    void help() throws IOException {
        String text = ephemeralText(invoke("slack-command-help.json"));
        assertThat(text).contains("*/ghostwatch* audits").contains("Targets: `web`, `cache`");
        assertThat(ephemeralText(invoke("slack-command-help-text-body.json"))).isEqualTo(text);
    }

    @Test
    void aBadTimeoutIsNamed() throws IOException {
        assertThat(ephemeralText(invoke("slack-command-fix-bad-timeout.json")))
                .startsWith(":warning: `timeout=abc` is not a whole number of seconds (valid: 300..604800");
    }

    @Test
    void anyOtherParameterIsRefusedByName() throws IOException {
        assertThat(ephemeralText(invoke("slack-command-fix-dir.json")))
                .startsWith(":warning: `dir` is not a parameter Ghostwatch changes");
    }

    @Test
    void anApproveButtonPressIsAcknowledgedAtOnceWithAnEmptyBody() throws IOException {
        JsonNode answer = invoke("slack-button-approve.json");
        assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
        assertThat(answer.path("body").asText()).as("Slack wants an empty 200 for a block action").isEmpty();
    }

    @Test
    void aForgedEventGets401AndAnEmptyBody() throws IOException {
        JsonNode answer = invoke("slack-command-forged.json");
        assertThat(answer.path("statusCode").asInt()).isEqualTo(401);
        assertThat(answer.path("body").asText()).isEmpty();
        assertThat(answer.path("headers").isEmpty()).isTrue();
    }

    @Test
    void theSameEventsAreReplaysOnTheRealClock() throws IOException {
        // on today's clock the sample events are far more than 5 minutes old
        try (BotRuntime now = BotRuntime.start(settings, Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(1)),
                NotYetAvailableActions::new)) {
            SlackEventsHandler late = new SlackEventsHandler(now.endpoint());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            late.handleRequest(Files.newInputStream(RepoFiles.file("events/slack-command-help.json")), out, null);
            JsonNode answer = JSON.readTree(out.toByteArray());
            assertThat(answer.path("statusCode").asInt()).isEqualTo(401);
            assertThat(answer.path("body").asText()).isEmpty();
        }
    }

    @Test
    void routesByRawPathAndMethod() throws IOException {
        JsonNode event = JSON.readTree(Files.readAllBytes(RepoFiles.file("events/slack-command-help.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("rawPath", "/prod/slack/events");
        assertThat(invoke(JSON.writeValueAsBytes(event)).path("statusCode").asInt()).isEqualTo(404);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("rawPath", "/slack/events");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("requestContext").path("http")).put("method", "GET");
        JsonNode get = invoke(JSON.writeValueAsBytes(event));
        assertThat(get.path("statusCode").asInt()).isEqualTo(405);
        assertThat(get.path("headers").path("Allow").asText()).isEqualTo("POST");
    }

    @Test
    void anEventThatIsNotAnHttpApiRequestIsNamed() {
        assertThatThrownBy(() -> invoke(Files.readAllBytes(RepoFiles.file("events/schedule.json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> invoke("{\"version\":\"2.0\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("requestContext.http.method");
        assertThatThrownBy(() -> invoke("not json".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
        String badBase64 = """
                {"version":"2.0","rawPath":"/slack/events","requestContext":{"http":{"method":"POST"}},
                 "body":"***","isBase64Encoded":true}""";
        assertThatThrownBy(() -> invoke(badBase64.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("isBase64Encoded but its body is not base64");
    }
}
