package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.STARTED;
import static io.ghostwatch.core.slack.SlackReports.fixedLab;
import static io.ghostwatch.core.slack.SlackReports.leakyLab;
import static io.ghostwatch.core.slack.SlackReports.openAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Slack posts about one message a second in a channel: a first run over thousands of failing targets would take an
 * hour of thread. The thread stops at its limit, and the remaining targets' details go into one file in it.
 */
class ThreadLimitTest {

    /** {@code leaky} failing targets, then a fixed one, whose findings were open before: resolved now. */
    private static AuditReport fleet(int leaky) {
        List<TargetReport> targets = new ArrayList<>();
        IntStream.range(0, leaky).forEach(i -> targets.add(leakyLab("lab-" + i)));
        targets.add(fixedLab("fixed"));
        return new AuditReport(STARTED, 1234, targets);
    }

    private static SlackDigest render(int threadMessages, AuditReport report) {
        List<StoredFinding> before = openAfter(new AuditReport(STARTED, 1, List.of(leakyLab("fixed"))));
        return new DigestRenderer(10, threadMessages).render(new DigestInput(report, FindingChanges.compute(before,
                report), Set.of(), Map.of()));
    }

    @Test
    void aThreadWithinItsLimitHasEveryTargetsMessagesAndNoFile() {
        SlackDigest d = render(DigestRenderer.DEFAULT_THREAD_MESSAGES, fleet(5));

        assertThat(d.threadMessages()).hasSize(5 + 1 + 1); // five targets, nothing to fix, resolved
        assertThat(d.thread()).noneMatch(i -> i instanceof DetailsFile);
    }

    @Test
    void pastTheLimitTheRemainingTargetsGoIntoOneFileWithTheSameWords() {
        AuditReport report = fleet(40);

        SlackDigest d = render(10, report);

        assertThat(d.threadMessages()).as("the limit, the note included").hasSize(10);
        List<String> texts = d.threadMessages().stream().map(SlackMessage::text).toList();
        // 10 = 7 targets + the note + nothing to fix + resolved: the tail stays, whatever the limit
        assertThat(texts.subList(0, 7)).allMatch(t -> t.startsWith("Ghostwatch details for lab-"));
        assertThat(texts.get(7)).isEqualTo("Ghostwatch: details for 33 more targets in a file");
        assertThat(texts.subList(8, 10)).containsExactly("Ghostwatch: targets with nothing to fix",
                "Ghostwatch: resolved since the last run");
        DetailsFile file = d.thread().stream().filter(i -> i instanceof DetailsFile).map(i -> (DetailsFile) i)
                .findFirst().orElseThrow();
        assertThat(d.thread().indexOf(file)).as("right after the note").isEqualTo(8);
        assertThat(file.targets()).isEqualTo(33);
        assertThat(file.filename()).isEqualTo("ghostwatch-details-20261121-1000.md");
        String text = new String(file.bytes(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("# Ghostwatch audit of 2026-11-21 10:00 UTC: details for 33 targets\n")
                .contains("\n## lab-7\n").contains("\n## lab-39\n").doesNotContain("## lab-6\n")
                .contains("`redis_idle_timeout_enabled`").contains("CONFIG SET timeout");
        // Slack's escapes undone: a client named <!channel> reads as itself in a file, which Slack never parses.
        assertThat(text).doesNotContain("&lt;").doesNotContain("&amp;");
        SlackMessage lab7 = new DigestRenderer(10).render(DigestInput.firstRun(new AuditReport(STARTED, 1,
                List.of(report.targets().get(7))))).threadMessages().getFirst();
        assertThat(text).as("the same words as its thread message").contains(BlockText.of(lab7.blocks()));
    }

    @Test
    void aTargetIsNeverCutInHalf() {
        // 60 findings make a target two messages (50 blocks each at most)
        AuditReport report = new AuditReport(STARTED, 1234, List.of(leakyLab("a"), SlackReports.manyFindings(200)
                .targets().get(0), leakyLab("b"), leakyLab("c"), leakyLab("d")));
        SlackDigest d = render(10, report);
        List<String> texts = d.threadMessages().stream().map(SlackMessage::text).toList();
        assertThat(texts.stream().filter(t -> t.startsWith("Ghostwatch details for fleet-a"))).hasSizeGreaterThan(1);
        assertThat(d.thread()).noneMatch(i -> i instanceof DetailsFile);

        SlackDigest tight = render(10, new AuditReport(STARTED, 1234, IntStream.range(0, 9)
                .mapToObj(i -> i == 7 ? SlackReports.manyFindings(200).targets().get(0) : leakyLab("lab-" + i)).toList()));
        List<String> kept = tight.threadMessages().stream().map(SlackMessage::text).toList();
        // room: 10 less the note, less "not re-checked" (fixed is not in this run) = 8; lab-0..6 take 7
        assertThat(kept).as("fleet-a's two messages would not both fit: it goes to the file whole, and so does what"
                + " follows").noneMatch(t -> t.startsWith("Ghostwatch details for fleet-a"));
        assertThat(kept.stream().filter(t -> t.startsWith("Ghostwatch details for"))).hasSize(7);
        assertThat(kept).contains("Ghostwatch: details for 2 more targets in a file");
    }

    @Test
    void theLimitHasBounds() {
        assertThatThrownBy(() -> new DigestRenderer(10, 9)).hasMessageContaining("threadMessages 9 is outside 10..1000");
        assertThatThrownBy(() -> new DigestRenderer(10, 1001)).hasMessageContaining("outside 10..1000");
    }
}
