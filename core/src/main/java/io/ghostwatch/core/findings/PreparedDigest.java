package io.ghostwatch.core.findings;

import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.slack.FindingChanges;
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
 * @param changes what changed since what the channel last heard
 */
public record PreparedDigest(Instant run, String channel, boolean post, FindingChanges changes, Muting muting,
                             SlackDigest digest) {

    public PreparedDigest {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(muting, "muting");
        Objects.requireNonNull(digest, "digest");
    }

    /** "2 new, 1 resolved, 3 still open, 1 muted". */
    public String headline() {
        long fresh = listed(FindingState.NEW);
        long open = listed(FindingState.STILL_OPEN);
        return fresh + " new, " + changes.resolved().size() + " resolved, " + open + " still open"
                + (muting.muted().isEmpty() ? "" : ", " + muting.muted().size() + " muted")
                + (muting.expired().isEmpty() ? "" : ", " + muting.expired().size() + " mute(s) expired");
    }

    private long listed(FindingState state) {
        return changes.keys(state).stream().filter(k -> !muting.muted().contains(k)).count();
    }

    /**
     * What posting this digest tells the channel, per finding: every failing finding it lists (not the muted ones,
     * which it only counts) is open, every resolved one resolved. Findings not re-checked are not mentioned as news.
     */
    public Map<FindingKey, Status> told() {
        Map<FindingKey, Status> told = new TreeMap<>();
        changes.open().keySet().stream().filter(k -> !muting.muted().contains(k)).forEach(k -> told.put(k, Status.OPEN));
        changes.resolved().stream().map(StoredFinding::key).forEach(k -> told.put(k, Status.RESOLVED));
        return told;
    }

    /** The exact request bodies, as JSON (see {@link SlackPreview}). */
    public String previewJson() {
        return SlackPreview.json(channel, digest, post);
    }
}
