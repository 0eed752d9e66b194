package io.ghostwatch.cli;

import static io.ghostwatch.cli.GhostwatchCliIT.ghostwatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.cli.GhostwatchCliIT.Run;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.SlackApiStandIn.Call;
import io.ghostwatch.core.testing.SlackApiStandIn.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code ghostwatch audit --slack} and {@code --slack-preview}, run as a user runs them (the shaded jar), against a
 * real redis-server changed with CONFIG SET between runs and the Slack Web API stand-in ({@code SLACK_API_URL}). Each
 * test has its own XDG_DATA_HOME, so runs within a test share finding state and tests never share it.
 */
class GhostwatchSlackIT {

    private static final String TOKEN = "xoxb-0000-cli-test-token-never-shown";
    private static final String TIMEOUT = "redis_idle_timeout_enabled";
    private static final String KEEPALIVE = "redis_tcp_keepalive_enabled";

    @TempDir
    Path tmp;

    private SlackApiStandIn slack;
    private Path data;

    @BeforeEach
    void start() throws Exception {
        slack = SlackApiStandIn.start(TOKEN);
        data = Files.createDirectories(tmp.resolve("data"));
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_DATA_HOME", data.toString());
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("SLACK_BOT_TOKEN", TOKEN);
        return env;
    }

    private Path config(RedisServerProcess redis, String slackSection) throws Exception {
        return config(redis, slackSection, "");
    }

    private Path config(RedisServerProcess redis, String slackSection, String rest) throws Exception {
        Path config = tmp.resolve("ghostwatch.yaml");
        Files.writeString(config, """
                targets:
                  - name: cache-1
                    uri: %s
                    tags: {team: payments}
                %s
                %s
                """.formatted(redis.uri(), slackSection, rest));
        return config;
    }

    private static String slackSection(String channel, String quietRuns) {
        return """
                slack:
                  channel: %s
                  botToken: env:SLACK_BOT_TOKEN
                  quietRuns: %s
                """.formatted(channel, quietRuns);
    }

    private Run audit(Path config, String... more) throws Exception {
        String[] args = new String[3 + more.length];
        args[0] = "audit";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return ghostwatch(env(), args);
    }

    private List<Call> posts() {
        return slack.calls("chat.postMessage");
    }

    private static String header(Call call) {
        return call.blocks().get(0).path("text").path("text").asText();
    }

    private static List<String> keys(Call digest, String list) {
        return StreamSupport.stream(digest.metadata().path("event_payload").path(list).spliterator(), false)
                .map(e -> e.path("key").asText()).toList();
    }

    private static String keyOf(RedisServerProcess redis, String check) {
        return "cache-1/" + redis.address() + "/" + check;
    }

    @Test
    void firstRunUnchangedRunAFixAndANewFindingAgainstARealServer() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0", "tcp-keepalive 300");
             Jedis admin = redis.admin()) {
            Path config = config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post"));

            Run first = audit(config, "--slack");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).as("the audit's own report is printed as ever").contains("FAIL HIGH  " + TIMEOUT);
            assertThat(first.err()).contains("ghostwatch audit: Slack digest posted to " + SlackApiStandIn.CHANNEL_ID)
                    .doesNotContain(TOKEN);
            Call digest = posts().getFirst();
            assertThat(digest.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(header(digest)).isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 0 still open");
            assertThat(keys(digest, "new")).containsExactly(keyOf(redis, TIMEOUT));
            assertThat(posts()).hasSizeGreaterThan(1);
            assertThat(data.resolve("ghostwatch/findings/findings.jsonl")).isRegularFile();

            int before = posts().size();
            Run unchanged = audit(config, "--slack");
            assertThat(unchanged.exit()).as(unchanged.err()).isZero();
            assertThat(posts().subList(before, posts().size())).singleElement().satisfies(c -> {
                assertThat(c.param("text")).isEqualTo("*All quiet:* nothing new or resolved across 1 target; 1 finding"
                        + " still open (1 high).");
                assertThat(c.param("thread_ts")).isNull();
            });

            admin.configSet("timeout", "86400");
            before = posts().size();
            Run fixed = audit(config, "--slack");
            assertThat(fixed.exit()).as(fixed.err()).isZero();
            Call resolved = posts().get(before);
            assertThat(header(resolved)).isEqualTo("Ghostwatch audit: 0 new, 1 resolved, 0 still open");
            assertThat(keys(resolved, "resolved")).containsExactly(keyOf(redis, TIMEOUT));

            admin.configSet("tcp-keepalive", "0");
            before = posts().size();
            Run worse = audit(config, "--slack");
            assertThat(worse.exit()).as(worse.err()).isZero();
            Call fresh = posts().get(before);
            assertThat(header(fresh)).isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 0 still open");
            assertThat(keys(fresh, "new")).containsExactly(keyOf(redis, KEEPALIVE));
        }
    }

    @Test
    void quietRunsSkipPostsNothingWhenNothingChanged() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            Path config = config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "skip"));
            assertThat(audit(config, "--slack").exit()).isZero();
            int calls = slack.calls().size();

            Run quiet = audit(config, "--slack");

            assertThat(quiet.exit()).as(quiet.err()).isZero();
            assertThat(quiet.err()).contains("ghostwatch audit: Slack: quiet run (nothing new or resolved) and quietRuns"
                    + " is skip: nothing posted");
            assertThat(slack.calls()).hasSize(calls);
        }
    }

    @Test
    void aMutedFindingIsCountedNotListedAndComesBackWhenTheMuteExpires() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            String mute = """
                    mutes:
                      - check: %s
                        tag: team=payments
                        reason: "reaped by the <!here> proxy's own idle timeout (OPS-7)"
                        expires: %s
                    """;
            Path config = config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post"), mute.formatted(TIMEOUT, "2999-12-31"));

            Run muted = audit(config, "--slack");

            assertThat(muted.exit()).as(muted.err()).isZero();
            Call quiet = posts().getFirst();
            assertThat(quiet.param("text")).isEqualTo("*All quiet:* nothing new or resolved across 1 target; nothing"
                    + " open; 1 muted.");
            assertThat(quiet.metadata().path("event_payload").path("muted_count").asInt()).isEqualTo(1);

            config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post"), mute.formatted(TIMEOUT, "2020-01-01"));
            Run expired = audit(config, "--slack");

            assertThat(expired.exit()).as(expired.err()).isZero();
            Call digest = posts().get(1);
            assertThat(header(digest)).as("news to the channel").isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 0 still open");
            assertThat(digest.blocks().toString()).contains("*1 mute expired, ignored now:* `" + TIMEOUT + "` on tag"
                    + " `team=payments` (expired 2020-01-02 00:00 UTC; reason: reaped by the &lt;!here&gt; proxy's own")
                    .doesNotContain("<!here>");
        }
    }

    @Test
    void hostileClientNamesNeverPingAnyone() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0");
             Jedis hostile = redis.admin(); Jedis other = redis.admin()) {
            hostile.clientSetname("<!channel>");
            other.clientSetname("<@U0ADMIN>|<https://evil.example|click>");
            Thread.sleep(2_100); // idle longer than ghostIdleSeconds below: both become probable ghosts, named in Slack
            Path config = config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post"),
                    "policy:\n  ghostIdleSeconds: 1\n  ghostMinCount: 2\n");

            Run run = audit(config, "--slack");

            assertThat(run.exit()).as(run.err()).isZero();
            // as Slack reads them: the parsed parameters (the SDK's JSON escapes '<' as \u003c, which Slack decodes)
            String everything = String.join("\n", posts().stream()
                    .map(c -> c.param("text") + "\n" + c.blocks()).toList());
            assertThat(everything).contains("&lt;!channel&gt;").contains("&lt;@U0ADMIN&gt;")
                    .doesNotContain("<!channel>").doesNotContain("<@U0ADMIN>").doesNotContain("<https://evil");
            assertThat(posts()).allSatisfy(c -> assertThat(c.param("parse")).isEqualTo("none"));
        }
    }

    @Test
    void aRateLimitIsWaitedOutThenTheDigestPosts() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            slack.reply("chat.postMessage", Reply.rateLimited(1));

            Run run = audit(config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post")), "--slack");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("Slack digest posted");
            List<Call> posts = posts();
            assertThat(posts.get(0).blocks()).isEqualTo(posts.get(1).blocks());
            assertThat(posts.get(1).param("thread_ts")).isNull();
            assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
    }

    @Test
    void notInChannelExitsFiveWithTheReportAndTheFindingsIntact() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            Path config = config(redis, slackSection(SlackApiStandIn.FOREIGN_CHANNEL_ID, "post"));

            Run run = audit(config, "--slack", "--fail-on", "HIGH");

            assertThat(run.exit()).as("5 wins over --fail-on's 1: the team was not told").isEqualTo(5);
            assertThat(run.out()).contains("FAIL HIGH  " + TIMEOUT);
            assertThat(run.err()).contains("ghostwatch audit: Slack digest NOT posted to C0NOTMEMB")
                    .contains("not_in_channel").contains("invite it with /invite")
                    .contains("The audit's report above and its stored findings (" + data.resolve("ghostwatch/findings") + ") stand")
                    .doesNotContain(TOKEN);
            List<String> stored = Files.readAllLines(data.resolve("ghostwatch/findings/findings.jsonl"));
            assertThat(stored).anySatisfy(l -> assertThat(l).contains("\"check\":\"" + TIMEOUT + "\"")
                    .contains("\"status\":\"open\"").contains("\"reported\":null"));

            Run fixedChannel = audit(config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post")), "--slack");
            assertThat(fixedChannel.exit()).as(fixedChannel.err()).isZero();
            assertThat(header(posts().get(1))).as("the channel never heard: new, not still open")
                    .isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 0 still open");
        }
    }

    @Test
    void aRefusedTokenExitsFiveToo() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            Map<String, String> env = env();
            env.put("SLACK_BOT_TOKEN", "xoxb-0000-wrong-token");
            Run run = ghostwatch(env, "audit", "--config",
                    config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post")).toString(), "--slack");
            assertThat(run.exit()).isEqualTo(5);
            assertThat(run.err()).contains("invalid_auth").contains("Slack refused the bot token")
                    .doesNotContain("xoxb-0000-wrong-token");
        }
    }

    @Test
    void slackNeedsItsConfigAndItsTokenBeforeTheAuditStarts() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            Run noSection = audit(config(redis, ""), "--slack");
            assertThat(noSection.exit()).isEqualTo(2);
            assertThat(noSection.err()).contains("--slack needs a 'slack:' section in the config file");
            assertThat(noSection.out()).as("refused before the audit").isEmpty();

            Map<String, String> env = env();
            env.remove("SLACK_BOT_TOKEN");
            Run noToken = ghostwatch(env, "audit", "--config",
                    config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post")).toString(), "--slack");
            assertThat(noToken.exit()).isEqualTo(2);
            assertThat(noToken.err()).contains("Slack bot token (env:SLACK_BOT_TOKEN)").contains("is not set");
            assertThat(noToken.out()).isEmpty();

            Run both = audit(config(redis, slackSection(SlackApiStandIn.CHANNEL_ID, "post")), "--slack",
                    "--slack-preview", tmp.resolve("p.json").toString());
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("--slack and --slack-preview exclude each other");
            assertThat(slack.calls()).isEmpty();
        }
    }

    @Test
    void slackPreviewWritesTheExactRequestsAndPostsAndStoresNothing() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            Path preview = tmp.resolve("digest.json");
            Map<String, String> env = env();
            env.remove("SLACK_BOT_TOKEN"); // a preview needs no token

            Run run = ghostwatch(env, "audit", "--config",
                    config(redis, slackSection("\"#ghostwatch\"", "post")).toString(), "--slack-preview", preview.toString());

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("Slack preview written to " + preview).contains("nothing was posted");
            assertThat(slack.calls()).isEmpty();
            assertThat(data.resolve("ghostwatch/findings")).as("a preview stores nothing").doesNotExist();
            JsonNode json = new ObjectMapper().readTree(preview.toFile());
            assertThat(json.path("channel").asText()).isEqualTo("#ghostwatch");
            JsonNode requests = json.path("requests");
            assertThat(requests.get(0).path("method").asText()).isEqualTo("chat.postMessage");
            JsonNode body = requests.get(0).path("body");
            assertThat(body.path("channel").asText()).isEqualTo("#ghostwatch");
            assertThat(body.path("blocks").get(0).path("text").path("text").asText())
                    .isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 0 still open");
            assertThat(body.path("metadata").path("event_type").asText()).isEqualTo("ghostwatch_audit_digest");
            assertThat(requests.get(1).path("body").path("thread_ts").asText()).isEqualTo("DIGEST_TS");

            // posting for real sends exactly what was previewed
            Run post = ghostwatch(env(), "audit", "--config",
                    config(redis, slackSection("\"#ghostwatch\"", "post")).toString(), "--slack");
            assertThat(post.exit()).as(post.err()).isZero();
            assertThat(posts().getFirst().blocks().get(0)).isEqualTo(body.path("blocks").get(0));
            assertThat(posts().getFirst().param("text")).isEqualTo(body.path("text").asText());
            assertThat(posts()).hasSize(requests.size());
        }
    }
}
