package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.BotButton;
import io.ghostwatch.bot.work.ButtonClick;
import io.ghostwatch.bot.work.WorkItem;
import io.ghostwatch.bot.work.WorkQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared request path, without network: Bolt's own signature check stays in front of the listeners; the
 * single-workspace token check (auth.test) is left out here and covered by the ITs.
 */
class SlackEndpointTest {

    private static final long NOW = 1_795_255_200L;
    private static final String RESPONSE_URL = "https://hooks.slack.com/commands/T0GHOSTW1/1/x";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<WorkItem> queued = new CopyOnWriteArrayList<>();
    private final List<ButtonClick> pressed = new CopyOnWriteArrayList<>();
    private final Slack slack = Slack.getInstance(new SlackConfig());
    private final SlackEndpoint endpoint = endpoint(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private SlackEndpoint endpoint(Clock clock) {
        AppConfig config = new AppConfig();
        config.setSigningSecret(SlackSigning.SECRET);
        App app = new App(config, slack, new java.util.ArrayList<>(List.of(
                new RequestVerification(new ClockedSignatureVerifier(SlackSigning.SECRET, clock)))));
        WorkQueue queue = queued::add;
        BotActions actions = new BotActions() {
            @Override
            public boolean pressed(ButtonClick click) {
                pressed.add(click);
                return click.button() != BotButton.REJECT;
            }

            @Override
            public void perform(WorkItem item) {
                throw new AssertionError("the endpoint never performs work itself");
            }
        };
        new GhostwatchBot(CommandParser.of(BotConfigs.config()), queue, actions).register(app);
        return new SlackEndpoint(new SlackRequestVerifier(SlackSigning.SECRET, clock), app);
    }

    @AfterEach
    void closeSlack() throws Exception {
        slack.close();
    }

    private EndpointResponse post(String body, Map<String, List<String>> headers) {
        return endpoint.handle(new EndpointRequest("POST", SlackEndpoint.PATH, headers,
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
    }

    private EndpointResponse command(String text) {
        String body = SlackSigning.slashCommand(text, RESPONSE_URL);
        return post(body, SlackSigning.headers(SlackSigning.SECRET, NOW, body));
    }

    private static JsonNode json(EndpointResponse response) throws IOException {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("Content-Type")).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    // ---- refused before anything reads the body: 401, empty body

    static Stream<Arguments> forged() {
        String body = SlackSigning.slashCommand("help", RESPONSE_URL);
        String tampered = SlackSigning.slashCommand("fix web timeout=300", RESPONSE_URL);
        long old = NOW - 360;
        long future = NOW + 360;
        long replayed = NOW - 3600;
        return Stream.of(
                Arguments.of("wrong secret", body, SlackSigning.headers("not-the-secret", NOW, body)),
                Arguments.of("tampered body", tampered, SlackSigning.headers(SlackSigning.SECRET, NOW, body)),
                Arguments.of("unsigned", body, Map.of("Content-Type", List.of("application/x-www-form-urlencoded"))),
                Arguments.of("no timestamp", body, Map.of("X-Slack-Signature",
                        List.of(SlackSigning.signature(SlackSigning.SECRET, NOW, body)))),
                Arguments.of("garbled signature", body, Map.of("X-Slack-Request-Timestamp", List.of(Long.toString(NOW)),
                        "X-Slack-Signature", List.of("v0=not-hex"))),
                Arguments.of("garbled timestamp", body, Map.of("X-Slack-Request-Timestamp", List.of("now"),
                        "X-Slack-Signature", List.of(SlackSigning.signature(SlackSigning.SECRET, NOW, body)))),
                Arguments.of("6 min old", body, SlackSigning.headers(SlackSigning.SECRET, old, body)),
                Arguments.of("6 min in the future", body, SlackSigning.headers(SlackSigning.SECRET, future, body)),
                Arguments.of("replay of a valid request from an hour ago", body,
                        SlackSigning.headers(SlackSigning.SECRET, replayed, body)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("forged")
    void refusesWith401AndNoBody(String scenario, String body, Map<String, List<String>> headers) {
        EndpointResponse response = post(body, headers);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers()).isEmpty();
        assertThat(queued).isEmpty();
    }

    @Test
    void aRequestValidAtItsTimeIsRefusedWhenReplayedLater() {
        String body = SlackSigning.slashCommand("audit web", RESPONSE_URL);
        Map<String, List<String>> headers = SlackSigning.headers(SlackSigning.SECRET, NOW, body);
        assertThat(post(body, headers).status()).isEqualTo(200);
        SlackEndpoint later = endpoint(Clock.fixed(Instant.ofEpochSecond(NOW + 301), ZoneOffset.UTC));
        EndpointResponse replay = later.handle(new EndpointRequest("POST", SlackEndpoint.PATH, headers,
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body()).isEmpty();
        assertThat(queued).hasSize(1);
    }

    @Test
    void boltsOwnCheckUsesTheSameClock() {
        // our verifier passes (its clock says NOW); Bolt's, on the same clock, passes too: the ack comes back
        assertThat(command("help").status()).isEqualTo(200);
    }

    // ---- routing

    @Test
    void otherPathsAre404AndOtherMethods405() {
        String body = SlackSigning.slashCommand("help", RESPONSE_URL);
        Map<String, List<String>> headers = SlackSigning.headers(SlackSigning.SECRET, NOW, body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/", "/slack", "/slack/events/", "/slack/commands", "/SLACK/EVENTS")) {
            EndpointResponse r = endpoint.handle(new EndpointRequest("POST", path, headers, bytes, null));
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).isEmpty();
        }
        for (String method : List.of("GET", "PUT", "DELETE", "HEAD", "OPTIONS", "post")) {
            EndpointResponse r = endpoint.handle(new EndpointRequest(method, SlackEndpoint.PATH, headers, bytes, null));
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.headers()).containsEntry("Allow", "POST");
            assertThat(r.body()).isEmpty();
        }
        assertThat(queued).isEmpty();
    }

    @Test
    void headerNamesAreMatchedInAnyCase() {
        String body = SlackSigning.slashCommand("help", RESPONSE_URL);
        EndpointResponse r = post(body, Map.of(
                "x-slack-request-timestamp", List.of(Long.toString(NOW)),
                "X-SLACK-SIGNATURE", List.of(SlackSigning.signature(SlackSigning.SECRET, NOW, body))));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void aSignedRequestOfAnUnknownKindIs400() {
        String body = "hello=world";
        EndpointResponse r = post(body, SlackSigning.headers(SlackSigning.SECRET, NOW, body));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEmpty();
    }

    // ---- the slash command

    @Test
    void helpIsAnsweredInTheAck() throws IOException {
        JsonNode ack = json(command("help"));
        assertThat(ack.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(ack.path("text").asText()).contains("/ghostwatch").contains("`fix &lt;target&gt; timeout=&lt;seconds&gt;")
                .contains("`web`, `cache`");
        assertThat(queued).isEmpty();
    }

    @Test
    void anEmptyCommandIsHelp() throws IOException {
        assertThat(json(command("")).path("text").asText()).isEqualTo(json(command("help")).path("text").asText());
    }

    @Test
    void aMalformedCommandIsAnsweredEphemeralNamingTheBadPart() throws IOException {
        JsonNode ack = json(command("fix web timeout=abc"));
        assertThat(ack.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(ack.path("text").asText()).contains("`timeout=abc`").contains("not a whole number of seconds")
                .contains("`fix &lt;target&gt; timeout=&lt;seconds&gt; [tcp-keepalive=&lt;seconds&gt;]`");
        JsonNode dir = json(command("fix web dir=/tmp"));
        assertThat(dir.path("text").asText()).contains("`dir` is not a parameter Ghostwatch changes");
        assertThat(queued).isEmpty();
    }

    @Test
    void userTextComesBackEscaped() throws IOException {
        String text = json(command("audit <!channel>")).path("text").asText();
        assertThat(text).contains("`&lt;!channel&gt;` is not a target").doesNotContain("<!channel>");
    }

    @Test
    void otherCommandsAreQueuedAndAckedAtOnce() throws IOException {
        JsonNode ack = json(command("fix web timeout=86400 tcp-keepalive=300"));
        assertThat(ack.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(ack.path("text").asText()).contains("Working on it").contains("`fix web timeout=86400 tcp-keepalive=300`");
        assertThat(queued).hasSize(1);
        WorkItem.Command item = (WorkItem.Command) queued.getFirst();
        assertThat(item.command()).isInstanceOf(BotCommand.Fix.class);
        assertThat(item.requester().userId()).isEqualTo(SlackSigning.USER);
        assertThat(item.requester().channelId()).isEqualTo(SlackSigning.CHANNEL);
        assertThat(item.requester().teamId()).isEqualTo("T0GHOSTW1");
        assertThat(item.requester().responseUrl()).isEqualTo(RESPONSE_URL);
        assertThat(item.requester().toString()).doesNotContain(RESPONSE_URL);
    }

    // ---- buttons

    @Test
    void buttonsGoToTheActionsAndAreAckedEmpty() {
        for (BotButton button : BotButton.values()) {
            String body = SlackSigning.buttonPress(button.actionId(), "chg-42", RESPONSE_URL);
            EndpointResponse r = post(body, SlackSigning.headers(SlackSigning.SECRET, NOW, body));
            assertThat(r.status()).as(button.name()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
        }
        assertThat(pressed).extracting(ButtonClick::button).containsExactly(BotButton.values());
        ButtonClick approve = pressed.get(1);
        assertThat(approve.value()).isEqualTo("chg-42");
        assertThat(approve.messageTs()).isEqualTo("1795255100.000100");
        assertThat(approve.requester().userId()).isEqualTo(SlackSigning.USER);
        assertThat(approve.requester().responseUrl()).isEqualTo(RESPONSE_URL);
        // REJECT answered false: not handed off
        assertThat(queued).extracting(i -> ((WorkItem.Press) i).click().button())
                .containsExactly(BotButton.PROPOSE_FIX, BotButton.APPROVE);
    }

    @Test
    void anUnknownButtonIsNotOurs() {
        String body = SlackSigning.buttonPress("someone_elses_button", "x", RESPONSE_URL);
        EndpointResponse r = post(body, SlackSigning.headers(SlackSigning.SECRET, NOW, body));
        assertThat(r.status()).isEqualTo(404);
        assertThat(pressed).isEmpty();
    }
}
