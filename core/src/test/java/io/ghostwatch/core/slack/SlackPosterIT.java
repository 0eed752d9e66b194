package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.TOKEN;
import static io.ghostwatch.core.slack.SlackReports.leakyLab;
import static io.ghostwatch.core.slack.SlackReports.openAfter;
import static io.ghostwatch.core.slack.SlackReports.report;
import static io.ghostwatch.core.testing.SlackApiStandIn.CHANNEL_ID;
import static io.ghostwatch.core.testing.SlackApiStandIn.CHANNEL_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.SlackApiStandIn.Call;
import io.ghostwatch.core.testing.SlackApiStandIn.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SlackPoster against a local stand-in for the Web API that speaks Slack's wire format. */
class SlackPosterIT {

    private final DigestRenderer renderer = new DigestRenderer();
    private final List<Duration> sleeps = new ArrayList<>();
    private SlackApiStandIn slack;

    @BeforeEach
    void start() {
        slack = SlackApiStandIn.start(TOKEN);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private SlackSettings settings() {
        return SlackSettings.fromEnvironment(Map.of(SlackSettings.API_URL_VARIABLE, slack.apiUrl()));
    }

    /** A poster that records the waits it would make instead of making them. */
    private SlackPoster poster() {
        return poster(BotToken.of(TOKEN));
    }

    private SlackPoster poster(BotToken token) {
        return new SlackPoster(settings(), token, sleeps::add);
    }

    private static List<String> keys(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(e -> e.path("key").asText()).toList();
    }

    @Test
    void firstRunPostsTheDigestThenItsThread() {
        AuditReport r = report(leakyLab("lab-1"), SlackReports.fixedLab("lab-2"));
        SlackDigest digest = renderer.render(DigestInput.firstRun(r));

        DigestDelivery d;
        try (SlackPoster p = poster()) {
            d = p.post(CHANNEL_NAME, digest);
        }

        assertThat(d.complete()).isTrue();
        assertThat(d.digest().channel()).isEqualTo(CHANNEL_ID);
        List<Call> posts = slack.calls("chat.postMessage");
        assertThat(posts).hasSize(1 + digest.threadMessages().size());
        Call top = posts.getFirst();
        assertThat(top.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(top.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(top.param("channel")).isEqualTo(CHANNEL_NAME);
        assertThat(top.param("thread_ts")).isNull();
        // exactly the blocks the renderer built, as the SDK serialised them
        assertThat(top.blocks()).isEqualTo(Wire.blocks(digest.digest()));
        assertThat(top.param("text")).isEqualTo(digest.digest().text());
        assertThat(top.metadata().path("event_type").asText()).isEqualTo("ghostwatch_audit_digest");
        assertThat(top.metadata()).isEqualTo(Wire.metadata(digest.digest()));
        assertThat(keys(top.metadata().path("event_payload").path("new")))
                .containsExactlyInAnyOrderElementsOf(SlackReports.failingKeys(r).stream().map(FindingKey::value).toList());
        for (Call reply : posts.subList(1, posts.size())) {
            assertThat(reply.param("thread_ts")).isEqualTo(d.digest().ts());
            assertThat(reply.param("channel")).isEqualTo(CHANNEL_ID);
            assertThat(reply.metadata()).isNull();
        }
        assertThat(d.replies()).hasSize(digest.threadMessages().size());
        assertThat(sleeps).isEmpty();
    }

    @Test
    void unchangedSecondRunPostsOneLineAndNoThread() {
        AuditReport r = report(leakyLab("lab-1"));
        try (SlackPoster p = poster()) {
            p.post(CHANNEL_ID, renderer.render(DigestInput.firstRun(r)));
            int before = slack.calls().size();

            DigestDelivery d = p.post(CHANNEL_ID, renderer.render(SlackReports.next(openAfter(r), r)));

            List<Call> second = slack.calls().subList(before, slack.calls().size());
            assertThat(second).extracting(Call::method).containsExactly("chat.postMessage");
            assertThat(second.getFirst().blocks()).hasSize(1);
            assertThat(second.getFirst().param("text")).startsWith("*All quiet:* nothing new or resolved across 1 target; ");
            assertThat(second.getFirst().metadata().path("event_payload").path("new_count").asInt()).isZero();
            assertThat(d.replies()).isEmpty();
        }
    }

    @Test
    void resolvedFindingIsAnnouncedAndListed() {
        AuditReport before = report(leakyLab("lab-1"));
        AuditReport after = report(SlackReports.fixedLab("lab-1"));
        try (SlackPoster p = poster()) {
            p.post(CHANNEL_ID, renderer.render(SlackReports.next(openAfter(before), after)));
        }
        Call top = slack.calls("chat.postMessage").getFirst();
        assertThat(keys(top.metadata().path("event_payload").path("resolved")))
                .containsExactlyInAnyOrderElementsOf(SlackReports.failingKeys(before).stream().map(FindingKey::value).toList());
        assertThat(Wire.sectionTexts(top.blocks())).anySatisfy(t -> assertThat(t).startsWith("*Resolved since the last run ("));
        assertThat(slack.calls("chat.postMessage")).anySatisfy(c ->
                assertThat(c.param("text")).isEqualTo("Ghostwatch: resolved since the last run"));
    }

    @Test
    void newFindingIsTheOnlyNewKey() {
        String node = "10.0.0.5:6379";
        AuditReport before = report(SlackReports.withFindings("lab-1", List.of(
                SlackReports.fail("redis_a", node, io.ghostwatch.core.model.Severity.HIGH, "a."))));
        AuditReport after = report(SlackReports.withFindings("lab-1", List.of(
                SlackReports.fail("redis_a", node, io.ghostwatch.core.model.Severity.HIGH, "a."),
                SlackReports.fail("redis_b", node, io.ghostwatch.core.model.Severity.MEDIUM, "b."))));
        try (SlackPoster p = poster()) {
            p.post(CHANNEL_ID, renderer.render(SlackReports.next(openAfter(before), after)));
        }
        JsonNode payload = slack.calls("chat.postMessage").getFirst().metadata().path("event_payload");
        assertThat(keys(payload.path("new"))).containsExactly("lab-1/" + node + "/redis_b");
        assertThat(keys(payload.path("open"))).containsExactly("lab-1/" + node + "/redis_a");
    }

    @Test
    void sixtyFindingsFitSlacksLimitsAndAllReachTheThread() {
        AuditReport r = SlackReports.manyFindings(60);
        DigestDelivery d;
        try (SlackPoster p = poster()) {
            d = p.post(CHANNEL_ID, renderer.render(DigestInput.firstRun(r)));
        }
        // the stand-in refuses what Slack refuses (over 50 blocks, sections over 3,000 characters): nothing was
        assertThat(d.complete()).isTrue();
        List<Call> posts = slack.calls("chat.postMessage");
        assertThat(posts.getFirst().blocks().size()).isLessThanOrEqualTo(50);
        Set<String> buttons = new HashSet<>();
        posts.subList(1, posts.size()).forEach(c -> buttons.addAll(Wire.buttonValues(c.blocks())));
        assertThat(buttons).hasSize(60);
    }

    @Test
    void rateLimitedThenAcceptedAfterWaitingRetryAfter() {
        slack.reply("chat.postMessage", Reply.rateLimited(1));
        SlackDigest digest = renderer.render(SlackReports.next(openAfter(report(leakyLab("lab-1"))), report(leakyLab("lab-1"))));

        DigestDelivery d;
        try (SlackPoster p = new SlackPoster(settings(), BotToken.of(TOKEN), duration -> {
            sleeps.add(duration);
            Thread.sleep(duration);
        })) {
            d = p.post(CHANNEL_ID, digest);
        }

        assertThat(d.digest().ts()).isNotBlank();
        List<Call> posts = slack.calls("chat.postMessage");
        assertThat(posts).hasSize(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void retryAfterLongerThanThePolicyAllowsFailsAtOnceAsRateLimited() {
        slack.reply("chat.postMessage", Reply.rateLimited(3600));
        try (SlackPoster p = poster()) {
            assertThatThrownBy(() -> p.post(CHANNEL_ID, renderer.render(DigestInput.firstRun(report(leakyLab("lab-1"))))))
                    .isInstanceOfSatisfying(SlackDeliveryException.class, e -> {
                        assertThat(e.failure().kind()).isEqualTo(SlackFailure.Kind.RATE_LIMITED);
                        assertThat(e.getMessage()).contains("chat.postMessage", "wait 3600 s");
                    });
        }
        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void transientErrorsAreRetriedWithBoundedBackoff() {
        slack.reply("chat.postMessage", Reply.status(503));
        slack.reply("chat.postMessage", Reply.error("internal_error"));
        try (SlackPoster p = poster()) {
            p.post(CHANNEL_ID, renderer.render(SlackReports.next(openAfter(report(leakyLab("lab-1"))), report(leakyLab("lab-1")))));
        }
        assertThat(slack.calls("chat.postMessage")).hasSize(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

        for (int i = 0; i < 5; i++) {
            slack.reply("chat.postMessage", Reply.status(502));
        }
        sleeps.clear();
        try (SlackPoster p = poster()) {
            assertThatThrownBy(() -> p.post(CHANNEL_ID, renderer.render(DigestInput.firstRun(report(leakyLab("lab-1"))))))
                    .isInstanceOfSatisfying(SlackDeliveryException.class, e -> {
                        assertThat(e.failure().kind()).isEqualTo(SlackFailure.Kind.TRANSIENT);
                        assertThat(e.failure().attempts()).isEqualTo(5);
                        assertThat(e.failure().error()).isEqualTo("http_502");
                    });
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
    }

    @Test
    void notInChannelIsPermanentWithAClearMessageAndNoRetry() {
        try (SlackPoster p = poster()) {
            assertThatThrownBy(() -> p.post(SlackApiStandIn.FOREIGN_CHANNEL_ID,
                    renderer.render(DigestInput.firstRun(report(leakyLab("lab-1"))))))
                    .isInstanceOfSatisfying(SlackDeliveryException.class, e -> {
                        assertThat(e.permanent()).isTrue();
                        assertThat(e.failure().error()).isEqualTo("not_in_channel");
                        assertThat(e.getMessage()).isEqualTo("Slack chat.postMessage failed: not_in_channel (the app is"
                                + " not a member of channel 'C0NOTMEMB': invite it with /invite, or grant"
                                + " chat:write.public for public channels); 1 attempt");
                    });
            assertThatThrownBy(() -> p.post("#nope", renderer.render(DigestInput.firstRun(report(leakyLab("lab-1"))))))
                    .isInstanceOfSatisfying(SlackDeliveryException.class, e -> {
                        assertThat(e.failure().error()).isEqualTo("channel_not_found");
                        assertThat(e.getMessage()).contains("channel '#nope' does not exist");
                    });
        }
        assertThat(slack.calls("chat.postMessage")).hasSize(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void invalidTokenIsPermanentAndNeverShown() {
        String wrong = "xoxb-wrong-token-1234";
        try (SlackPoster p = poster(BotToken.of(wrong))) {
            assertThatThrownBy(() -> p.post(CHANNEL_ID, renderer.render(DigestInput.firstRun(report(leakyLab("lab-1"))))))
                    .isInstanceOfSatisfying(SlackDeliveryException.class, e -> {
                        assertThat(e.failure().error()).isEqualTo("invalid_auth");
                        assertThat(e.getMessage()).contains("Slack refused the bot token").doesNotContain(wrong);
                        assertThat(String.valueOf(e.getCause())).doesNotContain(wrong);
                    });
        }
        assertThat(slack.calls()).singleElement().satisfies(c -> assertThat(c.authorization()).isEqualTo("Bearer " + wrong));
        assertThat(BotToken.of(wrong).toString()).doesNotContain(wrong);
    }

    @Test
    void chartIsUploadedIntoTheThreadInSlacksThreeSteps() {
        AuditReport r = report(leakyLab("lab-1"));
        ChartImage chart = new ChartImage(Charts.PNG, "lab-1 connections, 7 days", "Connections on lab-1 rising 74 a day");
        SlackDigest digest = renderer.render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(), Map.of("lab-1", chart)));

        DigestDelivery d;
        try (SlackPoster p = poster()) {
            d = p.post(CHANNEL_ID, digest);
        }

        assertThat(slack.methods()).containsExactly("chat.postMessage", "chat.postMessage",
                "files.getUploadURLExternal", SlackApiStandIn.UPLOAD, "files.completeUploadExternal");
        Call getUrl = slack.calls("files.getUploadURLExternal").getFirst();
        assertThat(getUrl.param("filename")).isEqualTo("ghostwatch-lab-1-trend.png");
        assertThat(getUrl.param("length")).isEqualTo(Integer.toString(Charts.PNG.length));
        assertThat(getUrl.param("alt_txt")).isEqualTo("Connections on lab-1 rising 74 a day");
        Call upload = slack.calls(SlackApiStandIn.UPLOAD).getFirst();
        assertThat(upload.body()).isEqualTo(Charts.PNG);
        assertThat(upload.authorization()).as("the upload URL is pre-signed: no token sent there").isNull();
        Call complete = slack.calls("files.completeUploadExternal").getFirst();
        assertThat(complete.param("channel_id")).isEqualTo(CHANNEL_ID);
        assertThat(complete.param("thread_ts")).isEqualTo(d.digest().ts());
        JsonNode files = complete.jsonParam("files");
        assertThat(files).hasSize(1);
        assertThat(files.get(0).path("id").asText()).isEqualTo(d.fileIds().getFirst());
        assertThat(files.get(0).path("title").asText()).isEqualTo("lab-1 connections, 7 days");
        assertThat(slack.uploads()).containsOnlyKeys(d.fileIds().getFirst());
    }

    @Test
    void theDetailsFileOfAThreadPastItsLimitIsUploadedIntoIt() {
        List<TargetReport> targets = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            targets.add(leakyLab("lab-" + i));
        }
        AuditReport r = new AuditReport(SlackReports.STARTED, 1, targets);

        DigestDelivery d;
        try (SlackPoster p = poster()) {
            d = p.post(CHANNEL_ID, new DigestRenderer(10, 10).render(DigestInput.firstRun(r)));
        }

        assertThat(d.complete()).isTrue();
        assertThat(slack.calls("chat.postMessage")).as("the digest and a thread of 10").hasSize(11);
        assertThat(slack.calls("files.getUploadURLExternal").getFirst().param("filename"))
                .isEqualTo("ghostwatch-details-20261121-1000.md");
        String text = new String(slack.uploads().get(d.fileIds().getFirst()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("## lab-14").contains("redis_idle_timeout_enabled");
        assertThat(slack.calls("files.completeUploadExternal").getFirst().param("thread_ts")).isEqualTo(d.digest().ts());
    }

    @Test
    void aFailedUploadIsRetriedWithoutAskingForANewUrl() {
        AuditReport r = report(leakyLab("lab-1"));
        SlackDigest digest = renderer.render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(),
                Map.of("lab-1", new ChartImage(Charts.PNG, "lab-1", "lab-1 trend"))));
        slack.reply(SlackApiStandIn.UPLOAD, Reply.status(500));

        DigestDelivery d;
        try (SlackPoster p = poster()) {
            d = p.post(CHANNEL_ID, digest);
        }

        assertThat(d.complete()).isTrue();
        assertThat(slack.methods()).containsExactly("chat.postMessage", "chat.postMessage", "files.getUploadURLExternal",
                SlackApiStandIn.UPLOAD, SlackApiStandIn.UPLOAD, "files.completeUploadExternal");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(slack.uploads().get(d.fileIds().getFirst())).isEqualTo(Charts.PNG);
    }

    @Test
    void threadFailuresAreReportedAndNeitherLoseTheDigestNorStopTheRest() {
        AuditReport r = report(leakyLab("lab-1"), SlackReports.fixedLab("lab-2"));
        SlackDigest digest = renderer.render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(),
                Map.of("lab-1", new ChartImage(Charts.PNG, "lab-1", "lab-1 trend"))));
        assertThat(digest.threadMessages()).hasSize(2);
        slack.reply("chat.postMessage", Reply.normal());
        slack.reply("chat.postMessage", Reply.error("invalid_blocks"));
        slack.reply("files.completeUploadExternal", Reply.error("file_uploads_disabled"));

        DigestDelivery d;
        try (SlackPoster p = poster()) {
            d = p.post(CHANNEL_ID, digest);
        }

        assertThat(d.digest().ts()).isNotBlank();
        assertThat(d.complete()).isFalse();
        assertThat(d.threadFailures()).extracting(SlackFailure::method, SlackFailure::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple("chat.postMessage", "invalid_blocks"),
                org.assertj.core.groups.Tuple.tuple("files.completeUploadExternal", "file_uploads_disabled"));
        assertThat(d.threadFailures().get(0).message()).contains("a Ghostwatch bug");
        assertThat(d.threadFailures().get(1).message()).contains("posted without it");
        assertThat(d.replies()).hasSize(1);
        assertThat(slack.methods()).containsExactly("chat.postMessage", "chat.postMessage", "files.getUploadURLExternal",
                SlackApiStandIn.UPLOAD, "files.completeUploadExternal", "chat.postMessage");
        assertThat(sleeps).isEmpty();
    }
}
