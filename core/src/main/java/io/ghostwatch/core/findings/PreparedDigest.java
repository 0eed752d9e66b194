package io.ghostwatch.core.findings;

import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.slack.DigestParts;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.FindingState;
import io.ghostwatch.core.slack.SlackDigest;
import io.ghostwatch.core.slack.SlackPreview;
import io.ghostwatch.core.slack.StoredFinding;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A run's digest, rendered and ready to post (or to preview).
 *
 * @param run     the run's identity ({@link FindingLedger#runTime})
 * @param channel where it goes, as configured
 * @param post    false for a quiet run with {@code quietRuns: skip}
 * @param parts   what the run's targets make of the digest (one part per shard), compared with what the channel
 *                last heard
 */
public record PreparedDigest(Instant run, String channel, boolean post, DigestParts parts, SlackDigest digest) {

    public PreparedDigest {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(parts, "parts");
        Objects.requireNonNull(digest, "digest");
    }

    /** "2 new, 1 resolved, 3 still open, 1 muted". */
    public String headline() {
        int fresh = parts.listed(FindingState.NEW).size();
        int open = parts.listed(FindingState.STILL_OPEN).size();
        return fresh + " new, " + parts.resolved().size() + " resolved, " + open + " still open"
                + (parts.muted() == 0 ? "" : ", " + parts.muted() + " muted")
                + (parts.expiredMutes().isEmpty() ? "" : ", " + parts.expiredMutes().size() + " mute(s) expired");
    }

    /**
     * What posting this digest tells the channel, per finding: every failing finding it lists (not the muted ones,
     * which it only counts) is open, every resolved one resolved. Findings not re-checked are not mentioned as news.
     */
    public Map<FindingKey, Status> told() {
        Map<FindingKey, Status> told = new TreeMap<>();
        parts.listed().forEach(l -> told.put(l.key(), Status.OPEN));
        parts.resolved().stream().map(StoredFinding::key).forEach(k -> told.put(k, Status.RESOLVED));
        return told;
    }

    /** The exact request bodies, as JSON (see {@link SlackPreview}). */
    public String previewJson() {
        return SlackPreview.json(channel, digest, post);
    }
}
