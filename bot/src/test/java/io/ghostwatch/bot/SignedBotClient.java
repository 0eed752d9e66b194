package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Slack, as the bot's tests play it: signed slash commands and button presses POSTed to a local bot server, the
 * answers awaited at the response-URL stand-in.
 */
final class SignedBotClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    private final int port;
    private final ResponseUrlStandIn responses;

    SignedBotClient(int port, ResponseUrlStandIn responses) {
        this.port = port;
        this.responses = responses;
    }

    /**
     * The environment of a local bot on this config: the test signing secret and bot token, Slack's Web API on the
     * stand-in, and the embedded stores under {@code dataDir}.
     */
    static Map<String, String> environment(Path config, SlackApiStandIn slack, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_SIGNING_SECRET", SlackSigning.SECRET);
        env.put("SLACK_BOT_TOKEN", LocalBotServerIT.TOKEN);
        env.put("GHOSTWATCH_CONFIG", config.toString());
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("XDG_DATA_HOME", dataDir.toString()); // the embedded stores live here
        return env;
    }

    /** POSTs a body to /slack/events, signed with {@code secret} now. */
    HttpResponse<String> post(String body, String secret) throws IOException, InterruptedException {
        return post(body, secret, Clock.systemUTC().instant().getEpochSecond());
    }

    /** POSTs a body to /slack/events, signed with {@code secret} as sent at {@code timestamp} (epoch seconds). */
    HttpResponse<String> post(String body, String secret, long timestamp) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SlackEndpoint.PATH))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
        SlackSigning.headers(secret, timestamp, body).forEach((name, values) -> request.header(name, values.getFirst()));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /ghostwatch <text>} from {@code user}; the text of the answer at the response URL named {@code name}. */
    String command(String name, String user, String text) throws Exception {
        HttpResponse<String> ack = post(SlackSigning.slashCommand(user, text, responses.url(name)), SlackSigning.SECRET);
        assertThat(ack.statusCode()).isEqualTo(200);
        return responses.await(name, Duration.ofSeconds(20)).path("text").asText();
    }

    /** A button press by {@code user} on the change's Approve/Reject; the text of the answer. */
    String press(String name, String user, String actionId, String changeId) throws Exception {
        HttpResponse<String> ack = post(SlackSigning.buttonPress(user, actionId, changeId, responses.url(name)),
                SlackSigning.SECRET);
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).isEmpty();
        return responses.await(name, Duration.ofSeconds(20)).path("text").asText();
    }
}
