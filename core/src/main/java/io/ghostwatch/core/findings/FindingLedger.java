package io.ghostwatch.core.findings;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The transitions every finding store applies, as pure functions, so the file and DynamoDB stores cannot drift apart.
 * Each returns the record to write, or empty when nothing would change (so an unchanged finding costs no write and
 * replaying a run is harmless).
 * <ul>
 *   <li>failing: a new finding opens; an open one is seen again (severity and detail follow the run); a resolved one
 *       opens again, keeping {@code firstSeen} and starting a new open spell;</li>
 *   <li>passing or no longer applicable: an open finding is resolved; anything else is left alone;</li>
 *   <li>not checked (status ERROR, or absent because its target or node was not audited): left as it is, so an open
 *       finding stays open: silence is never taken for a fix;</li>
 *   <li>a run older than the finding's {@code lastChecked} changes nothing: two runs that overlap cannot make the
 *       older one's view win.</li>
 * </ul>
 */
final class FindingLedger {

    private FindingLedger() {
    }

    /** A run's identity and time: its start, to the millisecond (what both stores keep). */
    static Instant runTime(AuditReport report) {
        return report.startedAt().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The target names of a run, in report order: the scope of what it can tell about. */
    static Set<String> targets(AuditReport report) {
        Set<String> names = new LinkedHashSet<>();
        report.targets().forEach(t -> names.add(t.name()));
        return names;
    }

    /**
     * Every finding of the run by key, in key order. A key reported twice (a node reached two ways) counts as failing
     * when either says so, as {@code FindingChanges} does.
     */
    static Map<FindingKey, Finding> observed(AuditReport report) {
        Map<FindingKey, Finding> out = new TreeMap<>();
        for (TargetReport t : report.targets()) {
            for (Finding f : t.findings()) {
                out.merge(FindingKey.of(t, f), f, (a, b) -> a.status() == CheckStatus.FAIL ? a : b);
            }
        }
        return out;
    }

    /**
     * What one run's finding does to the stored record.
     *
     * @param prior the stored record, or null when there is none
     */
    static Optional<FindingRecord> observe(FindingRecord prior, FindingKey key, Finding finding, Instant run) {
        if (prior != null && run.isBefore(prior.lastChecked())) {
            return Optional.empty();
        }
        long version = prior == null ? 1 : prior.version() + 1;
        FindingRecord next = switch (finding.status()) {
            case FAIL -> prior == null
                    ? new FindingRecord(key, Status.OPEN, finding.severity(), finding.detail(), run, run, run, run, null,
                    null, null, null, version)
                    : new FindingRecord(key, Status.OPEN, finding.severity(), finding.detail(), prior.firstSeen(),
                    prior.open() ? prior.openSince() : run, run, run, null, prior.reported(), prior.reportedAt(),
                    prior.postedIn(), version);
            case PASS, NOT_APPLICABLE -> prior == null || !prior.open() ? null
                    : new FindingRecord(key, Status.RESOLVED, prior.severity(), prior.detail(), prior.firstSeen(),
                    prior.openSince(), prior.lastSeen(), run, run, prior.reported(), prior.reportedAt(),
                    prior.postedIn(), version);
            case ERROR -> null;
        };
        return next == null || next.sameState(prior) ? Optional.empty() : Optional.of(next);
    }

    /**
     * Records what a digest told the channel about a finding.
     *
     * @param postedIn the full digest that listed it, or null for a one-line quiet message (the last full digest
     *                 stays the one to point at)
     */
    static Optional<FindingRecord> told(FindingRecord prior, Status told, Instant run, PostedMessage postedIn) {
        if (prior == null || (prior.reportedAt() != null && run.isBefore(prior.reportedAt()))) {
            return Optional.empty();
        }
        FindingRecord next = new FindingRecord(prior.key(), prior.status(), prior.severity(), prior.detail(),
                prior.firstSeen(), prior.openSince(), prior.lastSeen(), prior.lastChecked(), prior.resolvedAt(), told,
                run, postedIn != null ? postedIn : prior.postedIn(), prior.version() + 1);
        return next.sameState(prior) ? Optional.empty() : Optional.of(next);
    }
}
