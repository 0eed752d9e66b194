package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.STARTED;
import static io.ghostwatch.core.slack.SlackReports.fixedLab;
import static io.ghostwatch.core.slack.SlackReports.leakyLab;
import static io.ghostwatch.core.slack.SlackReports.manyFindings;
import static io.ghostwatch.core.slack.SlackReports.openAfter;
import static io.ghostwatch.core.slack.SlackReports.report;
import static io.ghostwatch.core.slack.SlackReports.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.findings.Muting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A fleet audited in shards gets the digest it would get audited at once: each shard renders its part against what
 * the channel last heard about its own targets, and the parts are assembled once all are in.
 */
class DigestPartsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<Mute> MUTES = List.of(
            new Mute("redis_bind_restricted", new Mute.Scope.Target("lab-4"), "firewalled (NET-1)",
                    Instant.parse("2027-01-01T00:00:00Z"), "ghostwatch.yaml:30: mutes[0]"),
            new Mute("redis_tcp_keepalive_enabled", new Mute.Scope.Target("lab-1"), "vendor image (ID-88)",
                    Instant.parse("2026-11-01T00:00:00Z"), "ghostwatch.yaml:34: mutes[1]"),
            new Mute("redis_idle_timeout_enabled", new Mute.Scope.Tag("team", "payments"), "expired for everyone",
                    Instant.parse("2026-10-01T00:00:00Z"), "ghostwatch.yaml:38: mutes[2]"));

    /** Findings open before this run: lab-2 has been fixed since (resolved), lab-3 is unreachable now (unchecked). */
    private static final List<StoredFinding> BEFORE = openAfter(report(leakyLab("lab-2"), leakyLab("lab-3"),
            leakyLab("lab-1")));

    private static AuditReport fleet() {
        List<TargetReport> targets = new ArrayList<>(List.of(leakyLab("lab-1"), fixedLab("lab-2"), unreachable("lab-3"),
                leakyLab("lab-4"), fixedLab("lab-5")));
        targets.addAll(manyFindings(30).targets());
        targets.add(unreachable("lab-6"));
        return new AuditReport(STARTED, 1234, targets);
    }

    /** What the audit of {@code report}'s targets renders from: what the channel last heard about them, the mutes. */
    private static DigestInput input(AuditReport report) {
        Set<String> names = report.targets().stream().map(TargetReport::name).collect(Collectors.toSet());
        List<StoredFinding> before = BEFORE.stream().filter(f -> names.contains(f.key().target())).toList();
        Muting muting = Muting.of(report, MUTES, NOW);
        return new DigestInput(report, FindingChanges.compute(before, report), muting.muted(), Map.of(),
                muting.expired());
    }

    private static DigestPart part(DigestRenderer renderer, AuditReport report) {
        return renderer.part(input(report));
    }

    /** The fleet cut before each index in {@code cuts}, each piece a report with the run's start and duration. */
    private static List<AuditReport> split(AuditReport whole, int... cuts) {
        List<AuditReport> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            pieces.add(new AuditReport(whole.startedAt(), whole.durationMs(), whole.targets().subList(from, cut)));
            from = cut;
        }
        pieces.add(new AuditReport(whole.startedAt(), whole.durationMs(), whole.targets().subList(from,
                whole.targets().size())));
        return pieces;
    }

    /** The test fleet cut at {@code cuts}, each piece rendered as its shard would. */
    static List<DigestPart> shards(DigestRenderer renderer, int... cuts) {
        return split(fleet(), cuts).stream().map(r -> part(renderer, r)).toList();
    }

    private static String wire(SlackDigest digest) {
        return SlackPreview.json("C0GHOSTW1", digest, true);
    }

    @Test
    void aFleetSplitAnyWayGetsTheDigestAndThreadOfTheWholeRun() {
        AuditReport whole = fleet();
        for (int findingsInDigest : new int[] {1, 3, 10, DigestRenderer.MAX_FINDINGS_IN_DIGEST}) {
            // a thread limit that cuts this fleet's thread, and one that does not
            DigestRenderer renderer = new DigestRenderer(findingsInDigest, findingsInDigest == 3 ? 10 : 100);
            SlackDigest expected = renderer.render(input(whole));
            assertThat(expected.quiet()).isFalse();
            assertThat(expected.digest().text()).contains("new").contains("resolved");
            for (int[] cuts : new int[][] {{1}, {3, 6}, {2, 4, 5, 7}, {1, 2, 3, 4, 5, 6, 7, 8}}) {
                List<DigestPart> parts = split(whole, cuts).stream().map(r -> part(renderer, r)).toList();

                SlackDigest assembled = renderer.assemble(STARTED, 1234, new DigestParts(parts));

                assertThat(wire(assembled)).as("cut at %s, %d findings in the digest", List.of(cuts), findingsInDigest)
                        .isEqualTo(wire(expected));
            }
        }
    }

    @Test
    void totalsAddUpOverParts() {
        DigestRenderer renderer = new DigestRenderer(3);
        DigestParts parts = new DigestParts(split(fleet(), 4).stream().map(r -> part(renderer, r)).toList());

        assertThat(parts.targets()).isEqualTo(9);
        assertThat(parts.unaudited()).extracting(DigestPart.Unaudited::target).containsExactly("lab-3", "lab-6");
        assertThat(parts.auditedTargets()).isEqualTo(7);
        assertThat(parts.muted()).as("lab-4's bind finding").isEqualTo(1);
        assertThat(parts.expiredMutes()).as("each expired mute once, though both parts name the tag one")
                .extracting(Mute::source).containsExactly("ghostwatch.yaml:34: mutes[1]", "ghostwatch.yaml:38: mutes[2]");
        assertThat(parts.resolved()).extracting(f -> f.key().target()).containsOnly("lab-2").isNotEmpty();
        assertThat(parts.unchecked()).extracting(f -> f.key().target()).containsOnly("lab-3").isNotEmpty();
        assertThat(parts.listed()).isSortedAccordingTo(DigestPart.Listed.ORDER);
        assertThat(parts.listed().subList(0, 3)).allSatisfy(l -> assertThat(l.block()).isNotNull());
        assertThat(parts.countsBySeverity().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(parts.listed().size());
    }

    @Test
    void aShardThatNeverReportedNamesItsTargetsAsNotAuditedAndWhy() {
        DigestRenderer renderer = new DigestRenderer();
        List<AuditReport> pieces = split(fleet(), 5);
        DigestPart audited = part(renderer, pieces.get(0));
        DigestPart failed = DigestPart.notAudited(pieces.get(1).targets().stream().map(TargetReport::name).toList(),
                "shard 2 of 2 did not finish: Task timed out after 900.00 seconds");

        SlackDigest digest = renderer.assemble(STARTED, 1234, DigestParts.of(audited, failed));

        String summary = Wire.sectionTexts(Wire.blocks(digest.digest())).get(0);
        assertThat(summary).startsWith("*4 of 9 targets audited*")
                .contains("*Not audited:* `lab-3` (unreachable), `fleet-a` (error), `fleet-b` (error), `fleet-c` (error),"
                        + " `lab-6` (error)")
                .contains("*Why:* shard 2 of 2 did not finish: Task timed out after 900.00 seconds");
        assertThat(failed.listed()).isEmpty();
        assertThat(failed.resolved()).as("nothing is said about their findings").isEmpty();
    }

    @Test
    void aPartRenderedForFewerFindingsThanTheDigestShowsIsRefused() {
        AuditReport whole = fleet();
        List<DigestPart> parts = split(whole, 6).stream().map(r -> part(new DigestRenderer(1), r)).toList();

        assertThatThrownBy(() -> new DigestRenderer(10).assemble(STARTED, 1234, new DigestParts(parts)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("its part carries no digest block");
    }
}
