package io.ghostwatch.core.slack;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What changed since the previous run.
 *
 * @param open      every FAIL finding of this run, NEW or STILL_OPEN
 * @param resolved  open before, re-checked now and no longer failing
 * @param unchecked open before but not re-checked this run (target or node unreachable, check could not read its
 *                  facts): neither still open as far as this run knows, nor resolved; the store keeps them open
 */
public record FindingChanges(Map<FindingKey, FindingState> open, List<StoredFinding> resolved,
                             List<StoredFinding> unchecked) {

    public FindingChanges {
        open = java.util.Collections.unmodifiableMap(new TreeMap<>(open));
        resolved = resolved.stream().sorted(Comparator.comparing(StoredFinding::key)).toList();
        unchecked = unchecked.stream().sorted(Comparator.comparing(StoredFinding::key)).toList();
        open.forEach((k, s) -> {
            if (s == FindingState.RESOLVED) {
                throw new IllegalArgumentException(k + ": an open finding is NEW or STILL_OPEN, not RESOLVED");
            }
        });
        for (StoredFinding r : resolved) {
            if (open.containsKey(r.key())) {
                throw new IllegalArgumentException(r.key() + " cannot be both open and resolved");
            }
        }
    }

    /** The first run: every FAIL finding is new. */
    public static FindingChanges firstRun(AuditReport report) {
        return compute(List.of(), report);
    }

    /**
     * Compares the findings open after the previous run with this run's report. A previously open finding is
     * RESOLVED only when this run checked it again and it passed or no longer applies; when its target or node was
     * not audited, or the check returned ERROR, it is {@code unchecked}: silence is never taken for a fix.
     */
    public static FindingChanges compute(Collection<StoredFinding> previouslyOpen, AuditReport report) {
        Map<FindingKey, StoredFinding> previous = new HashMap<>();
        for (StoredFinding f : previouslyOpen) {
            if (previous.put(f.key(), f) != null) {
                throw new IllegalArgumentException("finding " + f.key() + " is listed twice among the previously open");
            }
        }
        Map<FindingKey, Finding> current = new HashMap<>();
        for (TargetReport t : report.targets()) {
            for (Finding f : t.findings()) {
                current.merge(FindingKey.of(t, f), f, (a, b) -> a.status() == CheckStatus.FAIL ? a : b);
            }
        }
        Map<FindingKey, FindingState> open = new HashMap<>();
        current.forEach((key, f) -> {
            if (f.status() == CheckStatus.FAIL) {
                open.put(key, previous.containsKey(key) ? FindingState.STILL_OPEN : FindingState.NEW);
            }
        });
        List<StoredFinding> resolved = new java.util.ArrayList<>();
        List<StoredFinding> unchecked = new java.util.ArrayList<>();
        for (StoredFinding p : previous.values()) {
            Finding now = current.get(p.key());
            if (now == null || now.status() == CheckStatus.ERROR) {
                unchecked.add(p);
            } else if (now.status() == CheckStatus.PASS || now.status() == CheckStatus.NOT_APPLICABLE) {
                resolved.add(p);
            }
        }
        return new FindingChanges(open, resolved, unchecked);
    }

    /** NEW or STILL_OPEN for a finding failing in this run. */
    public FindingState stateOf(FindingKey key) {
        FindingState s = open.get(key);
        if (s == null) {
            throw new IllegalArgumentException("no state for failing finding " + key
                    + ": the changes were not computed from this report");
        }
        return s;
    }

    public List<FindingKey> keys(FindingState state) {
        Objects.requireNonNull(state, "state");
        if (state == FindingState.RESOLVED) {
            return resolved.stream().map(StoredFinding::key).toList();
        }
        return open.entrySet().stream().filter(e -> e.getValue() == state).map(Map.Entry::getKey).toList();
    }
}
