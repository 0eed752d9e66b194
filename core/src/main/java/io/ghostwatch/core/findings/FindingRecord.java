package io.ghostwatch.core.findings;

import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.slack.StoredFinding;
import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows of one finding. Times are whole milliseconds; "run" times are the runs' start times
 * ({@code AuditReport.startedAt}), which identify runs.
 *
 * @param status      OPEN while the latest run that checked it found it failing; RESOLVED once a later run checked it
 *                    and it passed (or no longer applied)
 * @param severity    the severity it last failed with
 * @param detail      the detail sentence it last failed with (server text: escape before display)
 * @param firstSeen   the first run it ever failed in (kept when it is resolved and fails again)
 * @param openSince   the run that opened the current (or, when resolved, the last) open spell
 * @param lastSeen    the latest run it failed in
 * @param lastChecked the latest run that checked it at all; a run older than this changes nothing (stale news)
 * @param resolvedAt  the run that resolved it; null while open
 * @param reported    what the Slack channel was last told: OPEN (listed as new or still open), RESOLVED, or null when
 *                    no digest has mentioned it yet (never posted, muted, or the post failed)
 * @param reportedAt  the run whose digest told it; null when never
 * @param postedIn    the last full digest (not a one-line quiet message) that listed it, or null
 * @param version     how many times the store has written it (1 after the first write); stores use it for
 *                    conditional writes
 */
public record FindingRecord(FindingKey key, Status status, Severity severity, String detail, Instant firstSeen,
                            Instant openSince, Instant lastSeen, Instant lastChecked, Instant resolvedAt,
                            Status reported, Instant reportedAt, PostedMessage postedIn, long version) {

    /** Where a finding stands. */
    public enum Status { OPEN, RESOLVED }

    public FindingRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(openSince, "openSince");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(lastChecked, "lastChecked");
        if ((status == Status.RESOLVED) != (resolvedAt != null)) {
            throw new IllegalArgumentException(key + ": resolvedAt is set exactly when the status is RESOLVED");
        }
        if ((reported == null) != (reportedAt == null)) {
            throw new IllegalArgumentException(key + ": reported and reportedAt go together");
        }
        if (version < 0) {
            throw new IllegalArgumentException(key + ": version " + version + " is negative");
        }
    }

    public boolean open() {
        return status == Status.OPEN;
    }

    /** True when the channel's last word on it was "open": the previous digest's view, which the next one compares with. */
    public boolean reportedOpen() {
        return reported == Status.OPEN;
    }

    /** The form FindingChanges compares with and the digest shows resolved findings from. */
    public StoredFinding asStored() {
        return new StoredFinding(key, severity, detail);
    }

    FindingRecord withVersion(long v) {
        return new FindingRecord(key, status, severity, detail, firstSeen, openSince, lastSeen, lastChecked, resolvedAt,
                reported, reportedAt, postedIn, v);
    }

    /** Equal apart from the version: a write would change nothing. */
    boolean sameState(FindingRecord o) {
        return o != null && withVersion(0).equals(o.withVersion(0));
    }
}
