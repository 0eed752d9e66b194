package io.ghostwatch.core.audit;

import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One audit run over a fleet. */
public record AuditReport(Instant startedAt, long durationMs, List<TargetReport> targets) {

    public AuditReport {
        targets = List.copyOf(targets);
    }

    public List<Finding> findings() {
        return targets.stream().flatMap(t -> t.findings().stream()).toList();
    }

    /** FAIL findings counted by severity, most severe first. */
    public Map<Severity, Integer> failuresBySeverity() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        findings().stream().filter(f -> f.status() == CheckStatus.FAIL).forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }

    public boolean anyFailureAtLeast(Severity threshold) {
        return findings().stream().anyMatch(f -> f.failedAtLeast(threshold));
    }

    /** True when some target, or some node of a target, could not be audited. */
    public boolean incomplete() {
        return targets.stream().anyMatch(t -> t.status() != AuditStatus.AUDITED
                || t.nodes().stream().anyMatch(n -> n.status() != AuditStatus.AUDITED));
    }
}
