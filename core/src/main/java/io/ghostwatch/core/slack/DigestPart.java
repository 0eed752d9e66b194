package io.ghostwatch.core.slack;

import com.slack.api.model.block.LayoutBlock;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.model.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One share of a run's digest: everything the digest and its thread need from some of the run's targets, already
 * rendered where it is per target. A run audited in one process has one part; a fleet audited in shards has one per
 * shard, each made where its targets were audited ({@link DigestRenderer#part}), and the digest is assembled from all
 * of them once every shard is done ({@link DigestRenderer#assemble}). Assembling the parts of a split run gives the
 * same digest as rendering the whole run at once.
 *
 * @param targets         how many targets this part covers
 * @param unaudited       its targets that could not be audited, in report order
 * @param uncheckedChecks its checks that could not read their facts (status ERROR)
 * @param muted           its failing findings covered by a mute in force
 * @param listed          every failing, unmuted finding, in {@link Listed#ORDER}; the first {@code findingsInDigest}
 *                        carry their digest block, the rest only what ordering, counts and metadata need
 * @param resolved        open before and now passing, by key
 * @param unchecked       open before and not re-checked this run, by key
 * @param expiredMutes    mutes past their expiry that cover one of its targets
 * @param details         the thread posts of its targets with something to show (findings, unchecked facts), in
 *                        report order
 * @param cleanLines      one line per target with nothing to fix, in report order
 * @param cleanCharts     the charts of those targets
 */
public record DigestPart(int targets, List<Unaudited> unaudited, int uncheckedChecks, int muted, List<Listed> listed,
                         List<StoredFinding> resolved, List<StoredFinding> unchecked, List<Mute> expiredMutes,
                         List<TargetDetails> details, List<String> cleanLines, List<ChartUpload> cleanCharts) {

    public DigestPart {
        unaudited = List.copyOf(unaudited);
        listed = List.copyOf(listed);
        resolved = List.copyOf(resolved);
        unchecked = List.copyOf(unchecked);
        expiredMutes = List.copyOf(expiredMutes);
        details = List.copyOf(details);
        cleanLines = List.copyOf(cleanLines);
        cleanCharts = List.copyOf(cleanCharts);
        if (targets < 0 || unaudited.size() > targets) {
            throw new IllegalArgumentException("a part of " + targets + " target(s) cannot have " + unaudited.size()
                    + " unaudited");
        }
    }

    /**
     * A part for targets that were never audited (their shard failed): each is named as not audited with the reason,
     * and nothing is said about their findings, which stay as the store has them.
     */
    public static DigestPart notAudited(List<String> targets, String reason) {
        List<Unaudited> names = targets.stream().map(t -> new Unaudited(t, AuditStatus.ERROR, reason)).toList();
        return new DigestPart(targets.size(), names, 0, 0, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /** A target that could not be audited, and why (null when the reason is in its thread post). */
    public record Unaudited(String target, AuditStatus status, String reason) {
        public Unaudited {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(status, "status");
            if (status == AuditStatus.AUDITED) {
                throw new IllegalArgumentException(target + ": an audited target is not unaudited");
            }
        }
    }

    /**
     * A failing, unmuted finding.
     *
     * @param block its digest block (finding, state, fix, "Propose fix" button), or null when it is beyond the
     *              findings its part could show in the digest
     */
    public record Listed(FindingKey key, Severity severity, FindingState state, LayoutBlock block) {

        /** New before still open; then worst first; then by key. */
        public static final Comparator<Listed> ORDER = Comparator.comparing((Listed l) -> l.state() != FindingState.NEW)
                .thenComparing(Listed::severity)
                .thenComparing(Listed::key);

        public Listed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(severity, "severity");
            if (state != FindingState.NEW && state != FindingState.STILL_OPEN) {
                throw new IllegalArgumentException(key + ": a listed finding is NEW or STILL_OPEN, not " + state);
            }
        }
    }
}
