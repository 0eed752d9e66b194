package io.ghostwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.history.FileSampleStore;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** `ghostwatch trend` and the leak check inside `ghostwatch audit`, run from the real jar. */
class TrendCliIT {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hourly counts: base + daily swing + noise + leak/day, as the CSV a cron script would have collected. */
    private Path csv(String name, int hours, double leakPerDay, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder("timestamp,connected_clients\n");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int h = 0; h < hours; h++) {
            long v = Math.round(300 + 40 * Math.sin(2 * Math.PI * h / 24) + random.nextGaussian() * 5 + leakPerDay * h / 24);
            out.append(h % 2 == 0 ? start.plusSeconds(3600L * h).toString() : Long.toString(start.getEpochSecond() + 3600L * h))
                    .append(',').append(v).append('\n');
        }
        Path file = tmp.resolve(name);
        Files.writeString(file, out);
        return file;
    }

    @Test
    void aLeakingSeriesIsLeakingWithAForecastAndAChart() throws Exception {
        Path chart = tmp.resolve("leak.png");
        GhostwatchCliIT.Run run = GhostwatchCliIT.ghostwatch("trend", "--csv", csv("leak.csv", 72, 70, 1).toString(),
                "--maxclients", "1000", "--format", "json", "--chart", chart.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode r = JSON.readTree(run.out());
        assertThat(r.get("leaking").asBoolean()).isTrue();
        assertThat(r.get("slopePerDay").asDouble()).isBetween(60.0, 80.0);
        assertThat(r.get("confidence").asDouble()).isGreaterThan(0.9);
        assertThat(r.get("startedAt").isNull()).isFalse();
        // 300 + 210 after 3 days, ~490 to go at 70/day: about a week after the last sample
        Instant last = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * 71);
        long days = Duration.between(last, Instant.parse(r.get("exhaustsAt").asText())).toDays();
        assertThat(days).isBetween(5L, 9L);
        BufferedImage png = ImageIO.read(chart.toFile());
        assertThat(png.getWidth()).isEqualTo(900);
        assertThat(png.getHeight()).isEqualTo(450);
    }

    @Test
    void dailyTrafficAloneIsNotALeak() throws Exception {
        GhostwatchCliIT.Run run = GhostwatchCliIT.ghostwatch("trend", "--csv", csv("diurnal.csv", 96, 0, 2).toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("not leaking: ");
        GhostwatchCliIT.Run json = GhostwatchCliIT.ghostwatch("trend", "--csv", csv("d2.csv", 96, 0, 2).toString(),
                "--format", "json");
        JsonNode r = JSON.readTree(json.out());
        assertThat(r.get("leaking").asBoolean()).isFalse();
        assertThat(r.get("exhaustsAt").isNull()).isTrue();
        assertThat(r.get("startedAt").isNull()).isTrue();
    }

    @Test
    void aMalformedCsvNamesFileLineColumnAndValue() throws Exception {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "timestamp,connected_clients\n2026-11-21T10:00:00Z,12\nyesterday,13\n");
        GhostwatchCliIT.Run run = GhostwatchCliIT.ghostwatch("trend", "--csv", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(bad + ":3: column timestamp: 'yesterday' is not a time");
    }

    @Test
    void auditReadsStoredHistoryFailsTheLeakCheckNamingTheHostAndDrawsTheChart() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0", "tcp-keepalive 0", "maxclients 400")) {
            Path history = tmp.resolve("history");
            seedLeakingHistory(history, redis.address(), redis);
            List<Jedis> held = holdConnections(redis, 60);
            try {
                Path charts = tmp.resolve("charts");
                GhostwatchCliIT.Run run = GhostwatchCliIT.ghostwatch("audit", "--target", redis.uri(), "--history",
                        history.toString(), "--charts", charts.toString(), "--format", "json");
                assertThat(run.exit()).as(run.err()).isZero();
                JsonNode finding = null;
                for (JsonNode f : JSON.readTree(run.out()).get("targets").get(0).get("findings")) {
                    if (f.get("checkId").asText().equals("redis_connection_count_stable")) {
                        finding = f;
                    }
                }
                assertThat(finding).isNotNull();
                assertThat(finding.get("status").asText()).as(finding.toString()).isEqualTo("FAIL");
                assertThat(finding.get("severity").asText()).isEqualTo("HIGH"); // ~340 left at 20/day: about 17 days
                assertThat(finding.get("detail").asText()).contains("The rise comes from 127.0.0.1")
                        .contains("timeout 0 and tcp-keepalive 0");
                try (var files = Files.list(charts)) {
                    assertThat(files.map(p -> p.getFileName().toString()).toList())
                            .containsExactly("127.0.0.1_" + redis.port() + "--127.0.0.1_" + redis.port() + ".png");
                }
                assertThat(run.err()).contains("ghostwatch audit: chart ");
            } finally {
                held.forEach(Jedis::close);
            }
        }
    }

    /**
     * Three days of hourly samples from earlier audits of {@code target}: +20 connections a day, all from this
     * host, ending where the server really is once the test holds 60 connections open.
     */
    private static void seedLeakingHistory(Path history, String target, RedisServerProcess redis) {
        FileSampleStore store = new FileSampleStore(history, w -> { });
        List<ServerSample> past = new ArrayList<>();
        Instant now = Instant.now();
        for (int h = 72; h >= 1; h--) {
            int leaked = (int) Math.round(20.0 * (72 - h) / 24);
            past.add(new ServerSample(target, redis.address(), now.minus(Duration.ofHours(h)), leaked + 1,
                    400, 0, 100, List.of(new ServerSample.AddressSample("127.0.0.1", leaked, 0, 0, 3600))));
        }
        store.append(past);
    }

    private static List<Jedis> holdConnections(RedisServerProcess redis, int n) {
        List<Jedis> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Jedis j = redis.admin();
            j.ping();
            held.add(j);
        }
        return held;
    }

    @Test
    void aLeakingTargetsChartIsUploadedIntoItsDigestThread() throws Exception {
        String token = "xoxb-trend-test-token";
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0", "tcp-keepalive 0", "maxclients 400");
             SlackApiStandIn slack = SlackApiStandIn.start(token)) {
            Path data = Files.createDirectories(tmp.resolve("data"));
            seedLeakingHistory(data.resolve("ghostwatch/history"), "cache-1", redis);
            Path config = tmp.resolve("ghostwatch.yaml");
            Files.writeString(config, """
                    targets:
                      - name: cache-1
                        uri: %s
                    slack:
                      channel: C0GHOSTW1
                      botToken: env:SLACK_BOT_TOKEN
                    """.formatted(redis.uri()));
            List<Jedis> held = holdConnections(redis, 60);
            try {
                GhostwatchCliIT.Run run = GhostwatchCliIT.ghostwatch(Map.of("XDG_DATA_HOME", data.toString(),
                        "SLACK_API_URL", slack.apiUrl(), "SLACK_BOT_TOKEN", token), "audit", "--config", config.toString(),
                        "--slack");
                assertThat(run.exit()).as(run.out() + run.err()).isZero();
                assertThat(slack.calls().stream().map(SlackApiStandIn.Call::method).toList())
                        .containsSubsequence("chat.postMessage", "files.getUploadURLExternal", "files.completeUploadExternal");
            } finally {
                held.forEach(Jedis::close);
            }
        }
    }
}
