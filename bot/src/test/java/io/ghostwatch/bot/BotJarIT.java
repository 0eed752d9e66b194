package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.testing.LambdaJar;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar ({@code bot/target/ghostwatch-bot.jar}) as it is run: {@code java -jar}, configured by environment. */
class BotJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/slack/events");

    @TempDir
    Path dir;

    private static ProcessBuilder jar(Map<String, String> environment) {
        String jar = System.getProperty("ghostwatch.bot.jar");
        assertThat(jar).as("failsafe sets ghostwatch.bot.jar").isNotNull();
        assertThat(Path.of(jar)).isRegularFile();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar);
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb;
    }

    @Test
    void theJarIsSmallAndKeepsTheModelOfEveryAwsCall() throws Exception {
        Path jar = Path.of(System.getProperty("ghostwatch.bot.jar"));

        assertThat(Files.size(jar)).as(jar + " is " + LambdaJar.size(jar)).isLessThan(LambdaJar.MAX_BYTES);
        assertThat(LambdaJar.missingAwsModels(jar)).as("the parent pom's shade filters drop these").isEmpty();
    }

    @Test
    void aMissingVariableIsNamedAtStartup() throws Exception {
        Process p = jar(Map.of("GHOSTWATCH_CONFIG", BotConfigs.write(dir).toString())).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output.strip()).startsWith("ghostwatch-bot: SLACK_SIGNING_SECRET is not set");
    }

    @Test
    void servesSignedCommands() throws Exception {
        try (SlackApiStandIn slack = SlackApiStandIn.start(LocalBotServerIT.TOKEN)) {
            Path config = BotConfigs.write(dir);
            Process p = jar(Map.of("SLACK_SIGNING_SECRET", SlackSigning.SECRET, "SLACK_BOT_TOKEN", LocalBotServerIT.TOKEN,
                    "GHOSTWATCH_CONFIG", config.toString(), "SLACK_API_URL", slack.apiUrl(), "PORT", "0"))
                    .redirectErrorStream(true).start();
            try {
                int port = port(p);
                String body = SlackSigning.slashCommand("help", "http://127.0.0.1:9/unused");
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SlackEndpoint.PATH))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10));
                SlackSigning.headers(SlackSigning.SECRET, Clock.systemUTC().instant().getEpochSecond(), body)
                        .forEach((name, values) -> request.header(name, values.getFirst()));
                HttpResponse<String> response = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(response.body()).path("text").asText()).contains("Targets: `web`, `cache`");
            } finally {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the process's output until it says where it listens. */
    private static int port(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the bot never said where it listens; its output:\n" + seen);
    }
}
