package io.ghostwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.history.FileSampleStore;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The leak check inside `ghostwatch audit`, with stored history, charts and the Slack thread, run from the real jar. */
class LeakAuditIT {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

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
