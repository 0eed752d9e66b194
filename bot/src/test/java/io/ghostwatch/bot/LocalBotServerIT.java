package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server in-process on a free port, over real HTTP on 127.0.0.1, wired from its environment like
 * {@code main}: Bolt checks the token against the Slack stand-in's auth.test at startup, requests are signed as Slack
 * signs them, and later answers go to a response-URL stand-in.
 */
class LocalBotServerIT {

    static final String TOKEN = "xoxb-ghostwatch-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static SlackApiStandIn slack;
    static ResponseUrlStandIn responses;
    static BotRuntime runtime;
    static LocalBotServer server;

    static Map<String, String> environment() {
        return SignedBotClient.environment(BotConfigs.write(dir), slack, dir.resolve("data"));
    }

    @BeforeAll
    static void start() throws IOException {
        slack = SlackApiStandIn.start(TOKEN);
        responses = ResponseUrlStandIn.start();
        runtime = BotRuntime.fromEnvironment(environment(), Clock.systemUTC());
        server = LocalBotServer.start(runtime.endpoint(), new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (responses != null) {
            responses.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    static HttpResponse<String> post(String body, String secret, long timestamp) throws IOException, InterruptedException {
        return new SignedBotClient(server.address().getPort(), responses).post(body, secret, timestamp);
    }

    static HttpResponse<String> command(String text, String responseUrl) throws IOException, InterruptedException {
        return post(SlackSigning.slashCommand(text, responseUrl), SlackSigning.SECRET, Clock.systemUTC().instant().getEpochSecond());
    }

    static JsonNode ephemeral(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode ack = JSON.readTree(response.body());
        assertThat(ack.path("response_type").asText()).isEqualTo("ephemeral");
        return ack;
    }

    @Test
    void checksTheTokenWithAuthTest() {
        // at startup (a refused token stops it: see below), then as Bolt's cache of the answer expires (10 min)
        assertThat(slack.calls("auth.test")).filteredOn(c -> ("Bearer " + TOKEN).equals(c.authorization())).isNotEmpty();
    }

    @Test
    void helpIsAnsweredInTheHttpResponse() throws Exception {
        long start = System.nanoTime();
        JsonNode ack = ephemeral(command("help", responses.url("help")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(ack.path("text").asText()).contains("*/ghostwatch* audits")
                .contains("`fix &lt;target&gt; kill-idle=&lt;seconds&gt;`").contains("Targets: `web`, `cache`");
    }

    @Test
    void aBadTimeoutIsNamed() throws Exception {
        String text = ephemeral(command("fix web timeout=abc", responses.url("abc"))).path("text").asText();
        assertThat(text).startsWith(":warning: `timeout=abc` is not a whole number of seconds (valid: 300..604800")
                .contains("Valid form: `fix &lt;target&gt; timeout=&lt;seconds&gt; [tcp-keepalive=&lt;seconds&gt;]`");
    }

    @Test
    void anyOtherParameterIsRefusedByName() throws Exception {
        String text = ephemeral(command("fix web dir=/tmp", responses.url("dir"))).path("text").asText();
        assertThat(text).startsWith(":warning: `dir` is not a parameter Ghostwatch changes (valid: timeout, tcp-keepalive,"
                + " or kill-idle alone)");
    }

    @Test
    void mentionsInTheTextStayInert() throws Exception {
        String text = ephemeral(command("audit <!channel>", responses.url("mention"))).path("text").asText();
        assertThat(text).contains("`&lt;!channel&gt;` is not a target").doesNotContain("<!channel>");
    }

    @Test
    void aForgedRequestGets401AndNothingElse() throws Exception {
        String body = SlackSigning.slashCommand("fix web timeout=300", responses.url("forged"));
        HttpResponse<String> response = post(body, "guessed-secret", Clock.systemUTC().instant().getEpochSecond());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        HttpResponse<String> stale = post(body, SlackSigning.SECRET, Clock.systemUTC().instant().getEpochSecond() - 360);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).isEmpty();
    }

    @Test
    void otherCommandsAreAckedThenAnsweredThroughTheResponseUrl() throws Exception {
        JsonNode ack = ephemeral(command("audit web", responses.url("audit")));
        assertThat(ack.path("text").asText()).isEqualTo(":hourglass_flowing_sand: Working on it: `audit web`");
        JsonNode later = responses.await("audit", Duration.ofSeconds(10));
        assertThat(later.path("response_type").asText()).isEqualTo("ephemeral");
        // nothing listens on the test config's port: the report says so, in a code block
        assertThat(later.path("text").asText()).startsWith("```Ghostwatch audit").contains("web  redis://127.0.0.1:6390"
                + "  UNREACHABLE").endsWith("```");
    }

    @Test
    void buttonsAreAckedEmptyThenAnswered() throws Exception {
        String body = SlackSigning.buttonPress("ghostwatch_approve", "chg-42", responses.url("approve"));
        HttpResponse<String> response = post(body, SlackSigning.SECRET, Clock.systemUTC().instant().getEpochSecond());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(responses.await("approve", Duration.ofSeconds(10)).path("text").asText())
                .contains("`chg-42` is not a change ID: nothing was decided");
    }

    @Test
    void otherPathsAndMethods() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(url(SlackEndpoint.PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(url("/slack/other"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEmpty();
    }

    @Test
    void aTokenSlackRefusesStopsTheStartup() {
        Map<String, String> env = environment();
        env.put("SLACK_BOT_TOKEN", "xoxb-revoked");
        assertThatThrownBy(() -> BotRuntime.fromEnvironment(env, Clock.systemUTC()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SLACK_BOT_TOKEN was refused by Slack's auth.test: invalid_auth");
    }

    @Test
    void aConfigFileThatCannotBeReadStopsTheStartup() {
        Map<String, String> env = environment();
        env.put("GHOSTWATCH_CONFIG", dir.resolve("missing.yaml").toString());
        assertThatThrownBy(() -> BotRuntime.fromEnvironment(env, Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageEndingWith("missing.yaml: no such config file");
    }
}
