package io.ghostwatch.core.findings;

import static io.ghostwatch.core.findings.Runs.BIND;
import static io.ghostwatch.core.findings.Runs.KEEPALIVE;
import static io.ghostwatch.core.findings.Runs.T0;
import static io.ghostwatch.core.findings.Runs.TIMEOUT;
import static io.ghostwatch.core.findings.Runs.fail;
import static io.ghostwatch.core.findings.Runs.hours;
import static io.ghostwatch.core.findings.Runs.key;
import static io.ghostwatch.core.findings.Runs.pass;
import static io.ghostwatch.core.findings.Runs.run;
import static io.ghostwatch.core.findings.Runs.target;
import static io.ghostwatch.core.testing.SlackApiStandIn.CHANNEL_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.ChartImage;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackSettings;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.SlackApiStandIn.Call;
import io.ghostwatch.core.testing.SlackApiStandIn.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reported run end to end in this JVM: the file store on disk, the real Slack SDK, and the Slack Web API stand-in on
 * 127.0.0.1 checking the token and recording every request.
 */
class DigestPublisherIT {

    static final String TOKEN = "xoxb-0000-publisher-test-token";

    @TempDir
    Path dir;

    private SlackApiStandIn slack;
    private FileFindingStore store;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void start() {
        slack = SlackApiStandIn.start(TOKEN);
        store = new FileFindingStore(dir.resolve("findings"), Duration.ofDays(90), Clock.fixed(T0, ZoneOffset.UTC),
                warnings::add);
    }

    @AfterEach
    void stop() {
        slack.close();
        assertThat(warnings).isEmpty();
    }

    private Supplier<SlackPoster> posters() {
        return () -> SlackPoster.create(SlackSettings.fromEnvironment(Map.of(SlackSettings.API_URL_VARIABLE,
                slack.apiUrl())), BotToken.of(TOKEN));
    }

    private static GhostwatchConfig config(SlackConfig.QuietRuns quiet, Mute... mutes) {
        return config(CHANNEL_ID, quiet, 10, mutes);
    }

    private static GhostwatchConfig config(String channel, SlackConfig.QuietRuns quiet, int maxListed, Mute... mutes) {
        return new GhostwatchConfig(List.of(), Policy.defaults(), new SlackConfig(channel, new SecretRef.Env("SLACK_BOT_TOKEN"),
                quiet, maxListed), List.of(mutes));
    }

    private DigestOutcome publish(AuditReport report, GhostwatchConfig config) {
        return publish(report, config, Instant.parse("2026-11-21T12:00:00Z"));
    }

    private DigestOutcome publish(AuditReport report, GhostwatchConfig config, Instant now) {
        return new DigestPublisher(store, Clock.fixed(now, ZoneOffset.UTC)).publish(report, config, Map.of(), posters());
    }

    private static AuditReport leaky(Instant at) {
        return run(at, target("lab-1", fail(TIMEOUT, Severity.HIGH, "lab-1 never closes idle clients (timeout 0)."),
                fail(KEEPALIVE, Severity.HIGH, "lab-1 never probes dead peers (tcp-keepalive 0)."), pass(BIND)));
    }

    private List<Call> posts() {
        return slack.calls("chat.postMessage");
    }

    private static List<String> keys(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(e -> e.path("key").asText()).toList();
    }

    private static String header(Call call) {
        return call.blocks().get(0).path("text").path("text").asText();
    }

    // ---- the runs the issue lists ---------------------------------------------------------------------------------

    @Test
    void aFirstRunStoresThenPostsEveryFailureAsNewAndRecordsTheDigest() {
        DigestOutcome outcome = publish(leaky(T0), config(SlackConfig.QuietRuns.POST));

        DigestOutcome.Posted posted = (DigestOutcome.Posted) outcome;
        assertThat(posted.warning()).isNull();
        Call digest = posts().getFirst();
        assertThat(digest.param("channel")).isEqualTo(CHANNEL_ID);
        assertThat(header(digest)).isEqualTo("Ghostwatch audit: 2 new, 0 resolved, 0 still open");
        assertThat(keys(digest.metadata().path("event_payload").path("new")))
                .containsExactly("lab-1/10.0.0.5:6379/" + TIMEOUT, "lab-1/10.0.0.5:6379/" + KEEPALIVE);
        assertThat(posts().subList(1, posts().size())).isNotEmpty()
                .allSatisfy(reply -> assertThat(reply.param("thread_ts")).isEqualTo(posted.delivery().digest().ts()));

        PostedMessage where = posted.delivery().digest();
        for (String check : List.of(TIMEOUT, KEEPALIVE)) {
            FindingRecord r = store.find(key("lab-1", check)).orElseThrow();
            assertThat(r.status()).isEqualTo(Status.OPEN);
            assertThat(r.reported()).isEqualTo(Status.OPEN);
            assertThat(r.postedIn()).isEqualTo(where);
        }
        assertThat(posted.summary()).contains("digest posted to " + CHANNEL_ID).contains("2 new, 0 resolved, 0 still open");
    }

    @Test
    void anUnchangedSecondRunIsOneLine() {
        publish(leaky(T0), config(SlackConfig.QuietRuns.POST));
        PostedMessage first = store.find(key("lab-1", TIMEOUT)).orElseThrow().postedIn();
        int before = slack.calls().size();

        DigestOutcome outcome = publish(leaky(hours(1)), config(SlackConfig.QuietRuns.POST));

        assertThat(outcome).isInstanceOf(DigestOutcome.Posted.class);
        List<Call> second = slack.calls().subList(before, slack.calls().size());
        assertThat(second).extracting(Call::method).containsExactly("chat.postMessage");
        assertThat(second.getFirst().blocks()).hasSize(1);
        assertThat(second.getFirst().param("text")).isEqualTo("*All quiet:* nothing new or resolved across 1 target;"
                + " 2 findings still open (2 high).");
        FindingRecord r = store.find(key("lab-1", TIMEOUT)).orElseThrow();
        assertThat(r.lastSeen()).isEqualTo(hours(1));
        assertThat(r.postedIn()).as("still the digest that listed it, not the one-liner").isEqualTo(first);
    }

    @Test
    void anUnchangedSecondRunPostsNothingWithQuietRunsSkip() {
        publish(leaky(T0), config(SlackConfig.QuietRuns.SKIP));
        int before = slack.calls().size();

        DigestOutcome outcome = publish(leaky(hours(1)), config(SlackConfig.QuietRuns.SKIP));

        assertThat(outcome).isInstanceOf(DigestOutcome.Skipped.class);
        assertThat(slack.calls()).hasSize(before);
        assertThat(store.find(key("lab-1", TIMEOUT)).orElseThrow().lastSeen()).as("stored all the same").isEqualTo(hours(1));
    }

    @Test
    void aResolvedFindingIsAnnouncedOnce() {
        publish(leaky(T0), config(SlackConfig.QuietRuns.SKIP));
        AuditReport fixed = run(hours(1), target("lab-1", pass(TIMEOUT),
                fail(KEEPALIVE, Severity.HIGH, "lab-1 never probes dead peers (tcp-keepalive 0)."), pass(BIND)));
        int before = posts().size();

        publish(fixed, config(SlackConfig.QuietRuns.SKIP));

        Call digest = posts().get(before);
        assertThat(header(digest)).isEqualTo("Ghostwatch audit: 0 new, 1 resolved, 1 still open");
        assertThat(keys(digest.metadata().path("event_payload").path("resolved")))
                .containsExactly("lab-1/10.0.0.5:6379/" + TIMEOUT);
        FindingRecord r = store.find(key("lab-1", TIMEOUT)).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.RESOLVED);
        assertThat(r.reported()).isEqualTo(Status.RESOLVED);

        int after = slack.calls().size();
        assertThat(publish(run(hours(2), target("lab-1", pass(TIMEOUT),
                fail(KEEPALIVE, Severity.HIGH, "lab-1 never probes dead peers (tcp-keepalive 0)."), pass(BIND))),
                config(SlackConfig.QuietRuns.SKIP))).as("told once: the next run is quiet").isInstanceOf(DigestOutcome.Skipped.class);
        assertThat(slack.calls()).hasSize(after);
    }

    @Test
    void aNewFindingComesFirstAmongTheStillOpen() {
        publish(leaky(T0), config(SlackConfig.QuietRuns.POST));
        int before = posts().size();
        AuditReport worse = run(hours(1), target("lab-1", fail(TIMEOUT, Severity.HIGH, "lab-1 never closes idle clients (timeout 0)."),
                fail(KEEPALIVE, Severity.HIGH, "lab-1 never probes dead peers (tcp-keepalive 0)."),
                fail(BIND, Severity.MEDIUM, "lab-1 listens on every interface.")));

        publish(worse, config(SlackConfig.QuietRuns.POST));

        Call digest = posts().get(before);
        assertThat(header(digest)).isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 2 still open");
        String firstFinding = digest.blocks().get(5).path("text").path("text").asText();
        assertThat(firstFinding).startsWith("*MEDIUM* \u00b7 new \u00b7 `lab-1`").contains("`" + BIND + "`");
    }

    @Test
    void mutedFindingsAreCountedNotListedUntilTheMuteExpires() {
        Mute mute = new Mute(BIND, new Mute.Scope.Tag("team", "payments"), "accepted: firewall ticket SEC-142",
                Instant.parse("2026-12-01T00:00:00Z"), "ghostwatch.yaml:20: mutes[0]");
        TargetReport lab = target("lab-1", Map.of("team", "payments"),
                fail(TIMEOUT, Severity.HIGH, "lab-1 never closes idle clients (timeout 0)."),
                fail(BIND, Severity.MEDIUM, "lab-1 listens on every interface."));

        publish(run(T0, lab), config(SlackConfig.QuietRuns.POST, mute), Instant.parse("2026-11-21T12:00:00Z"));

        Call digest = posts().getFirst();
        assertThat(header(digest)).isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 0 still open");
        assertThat(digest.metadata().path("event_payload").path("muted_count").asInt()).isEqualTo(1);
        assertThat(keys(digest.metadata().path("event_payload").path("new"))).containsExactly("lab-1/10.0.0.5:6379/" + TIMEOUT);
        assertThat(digest.blocks().toString()).as("not listed").doesNotContain("`" + BIND + "`");
        assertThat(posts().subList(1, posts().size())).as("not in the thread either")
                .allSatisfy(c -> assertThat(c.blocks().toString()).doesNotContain("`" + BIND + "`"));
        FindingRecord muted = store.find(key("lab-1", BIND)).orElseThrow();
        assertThat(muted.status()).as("stored like any other").isEqualTo(Status.OPEN);
        assertThat(muted.reported()).as("but the channel has not heard of it").isNull();

        int before = posts().size();
        DigestOutcome expired = publish(run(Instant.parse("2026-12-01T10:00:00Z"), lab),
                config(SlackConfig.QuietRuns.SKIP, mute), Instant.parse("2026-12-01T10:00:00Z"));

        assertThat(expired).isInstanceOf(DigestOutcome.Posted.class);
        Call after = posts().get(before);
        assertThat(header(after)).as("news to the channel").isEqualTo("Ghostwatch audit: 1 new, 0 resolved, 1 still open");
        assertThat(keys(after.metadata().path("event_payload").path("new"))).containsExactly("lab-1/10.0.0.5:6379/" + BIND);
        assertThat(after.metadata().path("event_payload").path("expired_mutes_count").asInt()).isEqualTo(1);
        assertThat(after.blocks().toString()).contains("1 mute expired, ignored now:* `" + BIND + "` on tag `team=payments`"
                + " (expired 2026-12-01 00:00 UTC; reason: accepted: firewall ticket SEC-142)");
        assertThat(store.find(key("lab-1", BIND)).orElseThrow().reported()).isEqualTo(Status.OPEN);
    }

    @Test
    void sixtyFindingsTruncateTheDigestAndTheThreadHasThemAll() {
        List<TargetReport> targets = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            List<Finding> findings = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                findings.add(fail(String.format("redis_check_%02d", i), "10.0.0." + (t + 1) + ":6379",
                        Severity.values()[i % 4], "finding " + i + " of fleet-" + t + "."));
            }
            targets.add(target("fleet-" + t, findings.toArray(Finding[]::new)));
        }
        publish(run(T0, targets.toArray(TargetReport[]::new)), config(CHANNEL_ID, SlackConfig.QuietRuns.POST, 10));

        Call digest = posts().getFirst();
        assertThat(digest.blocks().size()).isLessThanOrEqualTo(50);
        assertThat(digest.blocks().toString()).contains("\u2026and 50 more failing findings (50 new, 0 still open)");
        List<String> buttons = StreamSupport.stream(digest.blocks().spliterator(), false)
                .filter(b -> b.path("accessory").path("type").asText().equals("button"))
                .map(b -> b.path("accessory").path("value").asText()).toList();
        assertThat(buttons).hasSize(10);
        String thread = posts().stream().skip(1).map(c -> c.blocks().toString()).reduce("", String::concat);
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 20; i++) {
                assertThat(thread).contains("finding " + i + " of fleet-" + t + ".");
            }
        }
        assertThat(digest.metadata().path("event_payload").path("new_count").asInt()).isEqualTo(60);
        assertThat(store.findings(List.of("fleet-0", "fleet-1", "fleet-2")))
                .hasSize(60).allSatisfy(r -> assertThat(r.reported()).isEqualTo(Status.OPEN));
    }

    @Test
    void hostileTextNeverPingsOrLinks() {
        AuditReport hostile = run(T0, target("lab-1", fail(TIMEOUT, Severity.HIGH,
                "clients named <!channel> and <@U0ADMIN> and <https://evil.example|click> hold 40 idle connections.")));

        publish(hostile, config(SlackConfig.QuietRuns.POST));

        for (Call call : posts()) {
            // as Slack reads them: the parsed parameters (the SDK's JSON escapes '<' as \u003c, which Slack decodes);
            // the metadata is data for apps, never shown, and carries keys exactly
            String read = call.param("text") + "\n" + call.blocks();
            assertThat(read).doesNotContain("<!channel>").doesNotContain("<@U0ADMIN>").doesNotContain("<https://evil");
            assertThat(call.param("parse")).isEqualTo("none");
        }
        assertThat(posts().getFirst().blocks().toString()).contains("&lt;!channel&gt;");
    }

    // ---- Slack failing --------------------------------------------------------------------------------------------

    @Test
    void aRateLimitIsWaitedOutAndThePostSucceeds() {
        slack.reply("chat.postMessage", Reply.rateLimited(1));

        DigestOutcome outcome = publish(leaky(T0), config(SlackConfig.QuietRuns.POST));

        assertThat(outcome).isInstanceOf(DigestOutcome.Posted.class);
        List<Call> posts = posts();
        assertThat(posts.get(1).param("thread_ts")).as("the retried digest").isNull();
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(posts.get(1).blocks()).isEqualTo(posts.get(0).blocks());
        assertThat(store.find(key("lab-1", TIMEOUT)).orElseThrow().reported()).isEqualTo(Status.OPEN);
    }

    @Test
    void notInChannelLeavesTheResultsStoredAndTheNextPostTellsEverything() {
        DigestOutcome outcome = publish(leaky(T0), config(SlackApiStandIn.FOREIGN_CHANNEL_ID, SlackConfig.QuietRuns.POST, 10));

        DigestOutcome.NotPosted notPosted = (DigestOutcome.NotPosted) outcome;
        assertThat(notPosted.permanent()).isTrue();
        assertThat(notPosted.failure().error()).isEqualTo("not_in_channel");
        assertThat(notPosted.summary()).contains("digest NOT posted to C0NOTMEMB").contains("not_in_channel")
                .contains("invite it with /invite");
        assertThat(posts()).hasSize(1);
        FindingRecord stored = store.find(key("lab-1", TIMEOUT)).orElseThrow();
        assertThat(stored.status()).isEqualTo(Status.OPEN);
        assertThat(stored.reported()).isNull();

        // fixed config: the channel never heard, so the findings are news, not "still open"
        publish(leaky(hours(1)), config(SlackConfig.QuietRuns.SKIP));
        Call digest = posts().get(1);
        assertThat(header(digest)).isEqualTo("Ghostwatch audit: 2 new, 0 resolved, 0 still open");
        assertThat(store.find(key("lab-1", TIMEOUT)).orElseThrow().firstSeen()).isEqualTo(T0);
    }

    @Test
    void anUnreadableTokenIsNotPostedButStored() {
        DigestOutcome outcome = new DigestPublisher(store, Clock.systemUTC()).publish(leaky(T0),
                config(SlackConfig.QuietRuns.POST), Map.of(),
                () -> SlackPoster.create(SlackSettings.fromEnvironment(Map.of()),
                        BotToken.resolve(new SecretRef.Env("SLACK_BOT_TOKEN"), Secrets.environmentOnly(Map.of()))));
        assertThat(outcome).isInstanceOf(DigestOutcome.NotPosted.class);
        assertThat(outcome.summary()).contains("SLACK_BOT_TOKEN is not set");
        assertThat(slack.calls()).isEmpty();
        assertThat(store.find(key("lab-1", TIMEOUT))).isPresent();
    }

    @Test
    void aFailedThreadPostIsAWarningAndTheDigestStands() {
        slack.reply("chat.postMessage", Reply.normal());
        slack.reply("chat.postMessage", Reply.error("msg_too_long"));

        DigestOutcome.Posted posted = (DigestOutcome.Posted) publish(leaky(T0), config(SlackConfig.QuietRuns.POST));

        assertThat(posted.warning()).contains("thread post(s) failed, the digest stands").contains("msg_too_long");
        assertThat(store.find(key("lab-1", TIMEOUT)).orElseThrow().reported()).isEqualTo(Status.OPEN);
    }

    @Test
    void whenTheStoreFailsNothingIsPosted() {
        FindingStore broken = new FailingStore(store, true);
        assertThatThrownBy(() -> new DigestPublisher(broken, Clock.systemUTC()).publish(leaky(T0),
                config(SlackConfig.QuietRuns.POST), Map.of(), posters()))
                .isInstanceOf(FindingStoreException.class);
        assertThat(slack.calls()).isEmpty();
    }

    @Test
    void whenTheDigestTsCannotBeStoredThePostStandsWithAWarning() {
        DigestOutcome.Posted posted = (DigestOutcome.Posted) new DigestPublisher(new FailingStore(store, false),
                Clock.systemUTC()).publish(leaky(T0), config(SlackConfig.QuietRuns.POST), Map.of(), posters());
        assertThat(posted.warning()).contains("the digest was posted but what it told could not be stored")
                .contains("may announce the same news again");
        assertThat(store.find(key("lab-1", TIMEOUT)).orElseThrow().reported()).isNull();
    }

    @Test
    void aChartIsUploadedIntoItsTargetsThread() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", png);

        DigestOutcome.Posted posted = (DigestOutcome.Posted) new DigestPublisher(store, Clock.systemUTC()).publish(
                leaky(T0), config(SlackConfig.QuietRuns.POST),
                Map.of("lab-1", new ChartImage(png.toByteArray(), "lab-1 connections", "connections over 7 days")), posters());

        assertThat(slack.methods()).containsSubsequence("chat.postMessage", "chat.postMessage",
                "files.getUploadURLExternal", SlackApiStandIn.UPLOAD, "files.completeUploadExternal");
        assertThat(posted.delivery().fileIds()).hasSize(1);
        assertThat(slack.uploads().get(posted.delivery().fileIds().getFirst())).isEqualTo(png.toByteArray());
        assertThat(slack.calls("files.completeUploadExternal").getFirst().param("thread_ts"))
                .isEqualTo(posted.delivery().digest().ts());
    }

    // ---- preview --------------------------------------------------------------------------------------------------

    @Test
    void aPreviewReadsTheStateAndWritesNothing() throws Exception {
        publish(leaky(T0), config(SlackConfig.QuietRuns.POST));
        byte[] state = java.nio.file.Files.readAllBytes(store.file());
        int calls = slack.calls().size();

        PreparedDigest preview = new DigestPublisher(store, Clock.systemUTC())
                .preview(leaky(hours(1)), config(SlackConfig.QuietRuns.POST), Map.of());

        assertThat(preview.digest().quiet()).isTrue();
        assertThat(preview.post()).isTrue();
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(preview.previewJson());
        assertThat(json.path("requests")).hasSize(1);
        assertThat(json.path("requests").get(0).path("body").path("text").asText()).startsWith("*All quiet:*");
        assertThat(java.nio.file.Files.readAllBytes(store.file())).isEqualTo(state);
        assertThat(slack.calls()).hasSize(calls);
    }

    /** A store whose record (or, else, recordReported) fails, as a full disk or a missing table would make it. */
    private record FailingStore(FindingStore delegate, boolean failRecord) implements FindingStore {
        @Override
        public List<FindingRecord> findings(Collection<String> targets) {
            return delegate.findings(targets);
        }

        @Override
        public Optional<FindingRecord> find(FindingKey key) {
            return delegate.find(key);
        }

        @Override
        public List<FindingRecord> record(AuditReport report) {
            if (failRecord) {
                throw new FindingStoreException("disk full");
            }
            return delegate.record(report);
        }

        @Override
        public void recordReported(Instant run, Map<FindingKey, Status> told, PostedMessage postedIn) {
            throw new FindingStoreException("disk full");
        }
    }
}
