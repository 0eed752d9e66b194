package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.leakyLab;
import static io.ghostwatch.core.slack.SlackReports.openAfter;
import static io.ghostwatch.core.slack.SlackReports.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.audit.AuditReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The preview shows exactly the parameters the SDK puts on the wire, in posting order. */
class SlackPreviewTest {

    private static List<String> methods(JsonNode preview) {
        return StreamSupport.stream(preview.path("requests").spliterator(), false).map(r -> r.path("method").asText()).toList();
    }

    @Test
    void digestThenThreadThenTheChartSequenceWithPlaceholdersForWhatOnlySlackKnows() throws Exception {
        AuditReport r = report(leakyLab("lab-1"), SlackReports.fixedLab("lab-2"));
        SlackDigest d = new DigestRenderer().render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(),
                Map.of("lab-1", new ChartImage(Charts.PNG, "lab-1 connections", "connections rising"))));

        JsonNode preview = new ObjectMapper().readTree(SlackPreview.json("#ghostwatch", d, true));

        assertThat(preview.path("channel").asText()).isEqualTo("#ghostwatch");
        assertThat(preview.path("posted").asBoolean()).isTrue();
        List<String> methods = methods(preview);
        assertThat(methods.getFirst()).isEqualTo("chat.postMessage");
        assertThat(methods).containsSubsequence("files.getUploadURLExternal", "upload", "files.completeUploadExternal");
        assertThat(methods.stream().filter(m -> m.equals("chat.postMessage")).count())
                .isEqualTo(1 + d.threadMessages().size());

        JsonNode digest = preview.path("requests").get(0).path("body");
        Map<String, String> wire = Wire.form(d.digest());
        assertThat(digest.path("blocks")).as("the same blocks the SDK sends").isEqualTo(Wire.parse(wire.get("blocks")));
        assertThat(digest.path("metadata")).isEqualTo(Wire.parse(wire.get("metadata")));
        assertThat(digest.path("text").asText()).isEqualTo(wire.get("text"));
        assertThat(digest.path("parse").asText()).isEqualTo("none");
        assertThat(digest.path("channel").asText()).isEqualTo("#ghostwatch");
        assertThat(digest.has("thread_ts")).isFalse();

        JsonNode reply = preview.path("requests").get(1).path("body");
        assertThat(reply.path("thread_ts").asText()).isEqualTo(SlackPreview.DIGEST_TS);
        assertThat(reply.path("channel").asText()).as("Slack's channel ID for a name").isEqualTo(SlackPreview.CHANNEL_ID);
        assertThat(reply.path("blocks")).isEqualTo(Wire.blocks(d.threadMessages().getFirst()));

        JsonNode url = preview.path("requests").get(methods.indexOf("files.getUploadURLExternal")).path("body");
        assertThat(url.path("filename").asText()).isEqualTo("ghostwatch-lab-1-trend.png");
        assertThat(url.path("length").asText()).isEqualTo(Integer.toString(Charts.PNG.length));
        JsonNode complete = preview.path("requests").get(methods.indexOf("files.completeUploadExternal")).path("body");
        assertThat(complete.path("files").get(0).path("id").asText()).isEqualTo(SlackPreview.FILE_ID);
        assertThat(complete.path("thread_ts").asText()).isEqualTo(SlackPreview.DIGEST_TS);
    }

    @Test
    void aChannelIdIsKeptForTheThread() {
        AuditReport r = report(leakyLab("lab-1"));
        JsonNode preview = SlackPreview.of("C0GHOSTW1", new DigestRenderer().render(DigestInput.firstRun(r)), true);
        assertThat(preview.path("requests").get(1).path("body").path("channel").asText()).isEqualTo("C0GHOSTW1");
    }

    @Test
    void aSkippedQuietRunSendsNothing() {
        AuditReport r = report(leakyLab("lab-1"));
        SlackDigest quiet = new DigestRenderer().render(SlackReports.next(openAfter(r), r));
        JsonNode preview = SlackPreview.of("C0GHOSTW1", quiet, false);
        assertThat(preview.path("quiet").asBoolean()).isTrue();
        assertThat(preview.path("posted").asBoolean()).isFalse();
        assertThat(preview.path("requests")).isEmpty();
    }
}
