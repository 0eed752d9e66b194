package io.ghostwatch.core.slack;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything one digest is rendered from: the run's report, what changed since the previous run (from the finding
 * store, or {@link FindingChanges#compute}), which failing findings are muted (counted, never listed), the
 * trend chart per target name, if any, and the mutes that have expired (ignored now; the digest says so, so whoever
 * muted the finding renews or removes the entry).
 */
public record DigestInput(AuditReport report, FindingChanges changes, Set<FindingKey> muted,
                          Map<String, ChartImage> charts, List<Mute> expiredMutes) {

    public DigestInput {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(changes, "changes");
        muted = java.util.Collections.unmodifiableSet(new TreeSet<>(muted));
        charts = java.util.Collections.unmodifiableMap(new TreeMap<>(charts));
        expiredMutes = List.copyOf(expiredMutes);
        for (TargetReport t : report.targets()) {
            for (Finding f : t.findings()) {
                if (f.status() == CheckStatus.FAIL && !changes.open().containsKey(FindingKey.of(t, f))) {
                    throw new IllegalArgumentException("failing finding " + FindingKey.of(t, f)
                            + " has no state: the changes were not computed from this report");
                }
            }
        }
        Set<String> names = report.targets().stream().map(TargetReport::name).collect(Collectors.toSet());
        for (String target : charts.keySet()) {
            if (!names.contains(target)) {
                throw new IllegalArgumentException("chart for target '" + target + "', which is not in the report");
            }
        }
    }

    /** No mute has expired. */
    public DigestInput(AuditReport report, FindingChanges changes, Set<FindingKey> muted, Map<String, ChartImage> charts) {
        this(report, changes, muted, charts, List.of());
    }

    /** No store yet, nothing muted, no charts: every failing finding is new. */
    public static DigestInput firstRun(AuditReport report) {
        return new DigestInput(report, FindingChanges.firstRun(report), Set.of(), Map.of());
    }

    public boolean isMuted(FindingKey key) {
        return muted.contains(key);
    }
}
