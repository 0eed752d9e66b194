package io.ghostwatch.core.slack;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The facts the digest, its thread and its metadata are all drawn from, computed once from a {@link DigestInput}. */
final class DigestView {

    /** A failing, unmuted finding with its key and state. */
    record Listed(FindingKey key, TargetReport target, Finding finding, FindingState state) {
    }

    /** New before still open; then worst first; then by key. */
    static final Comparator<Listed> ORDER = Comparator.comparing((Listed l) -> l.state() != FindingState.NEW)
            .thenComparing(l -> l.finding().severity())
            .thenComparing(Listed::key);

    private final DigestInput input;
    private final List<Listed> listed = new ArrayList<>();
    private final Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    private int muted;

    DigestView(DigestInput input) {
        this.input = input;
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        for (TargetReport t : input.report().targets()) {
            for (Finding f : t.findings()) {
                if (f.status() != CheckStatus.FAIL) {
                    continue;
                }
                FindingKey key = FindingKey.of(t, f);
                if (input.isMuted(key)) {
                    muted++;
                } else {
                    listed.add(new Listed(key, t, f, input.changes().stateOf(key)));
                    counts.merge(f.severity(), 1, Integer::sum);
                }
            }
        }
        listed.sort(ORDER);
    }

    AuditReport report() {
        return input.report();
    }

    FindingChanges changes() {
        return input.changes();
    }

    DigestInput input() {
        return input;
    }

    /** Every failing, unmuted finding, new first, then worst first. */
    List<Listed> listed() {
        return List.copyOf(listed);
    }

    List<Listed> listed(FindingState state) {
        return listed.stream().filter(l -> l.state() == state).toList();
    }

    List<Listed> listed(TargetReport target) {
        return listed.stream().filter(l -> l.target() == target).toList();
    }

    Map<Severity, Integer> countsBySeverity() {
        return new EnumMap<>(counts);
    }

    int mutedCount() {
        return muted;
    }

    int mutedCount(TargetReport target) {
        return (int) target.findings().stream()
                .filter(f -> f.status() == CheckStatus.FAIL && input.isMuted(FindingKey.of(target, f))).count();
    }

    int auditedTargets() {
        return (int) input.report().targets().stream().filter(t -> t.status() == AuditStatus.AUDITED).count();
    }

    List<TargetReport> unauditedTargets() {
        return input.report().targets().stream().filter(t -> t.status() != AuditStatus.AUDITED).toList();
    }

    /** Checks that could not read their facts (status ERROR), over all targets. */
    int uncheckedFindings() {
        return (int) input.report().findings().stream().filter(f -> f.status() == CheckStatus.ERROR).count();
    }

    /** Nothing new and nothing resolved: the digest is one line. */
    boolean quiet() {
        return listed(FindingState.NEW).isEmpty() && input.changes().resolved().isEmpty();
    }
}
