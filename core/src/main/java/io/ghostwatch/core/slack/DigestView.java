package io.ghostwatch.core.slack;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The facts a {@link DigestPart} is drawn from, computed once from a {@link DigestInput}. */
final class DigestView {

    /** A failing, unmuted finding with its key and state. */
    record Listed(FindingKey key, TargetReport target, Finding finding, FindingState state) {
        /** What the digest orders and counts it by (no block yet). */
        DigestPart.Listed ordering() {
            return new DigestPart.Listed(key, finding.severity(), state, null);
        }
    }

    /** The digest's order: {@link DigestPart.Listed#ORDER}. */
    static final Comparator<Listed> ORDER = Comparator.comparing(Listed::ordering, DigestPart.Listed.ORDER);

    private final DigestInput input;
    private final List<Listed> listed = new ArrayList<>();
    private int muted;

    DigestView(DigestInput input) {
        this.input = input;
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

    List<Listed> listed(TargetReport target) {
        return listed.stream().filter(l -> l.target() == target).toList();
    }

    int mutedCount() {
        return muted;
    }

    int mutedCount(TargetReport target) {
        return (int) target.findings().stream()
                .filter(f -> f.status() == CheckStatus.FAIL && input.isMuted(FindingKey.of(target, f))).count();
    }

    List<TargetReport> unauditedTargets() {
        return input.report().targets().stream().filter(t -> t.status() != AuditStatus.AUDITED).toList();
    }

    /** Checks that could not read their facts (status ERROR), over all targets. */
    int uncheckedFindings() {
        return (int) input.report().findings().stream().filter(f -> f.status() == CheckStatus.ERROR).count();
    }
}
