package io.ghostwatch.core.audit;

import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.TargetKind;
import java.util.List;
import java.util.Optional;

/**
 * The audit of one inventory entry: every node found behind it (cluster nodes, replicas) and every finding,
 * each naming its node.
 *
 * @param nodes the entry node first, then the others in address order
 * @param error why the target could not be audited, or which nodes could not; null when all went well
 * @param warnings things that went wrong beside the audit itself (e.g. its samples could not be stored)
 */
public record TargetReport(TargetSpec target, TargetKind kind, AuditStatus status, String error,
                           List<NodeReport> nodes, List<Finding> findings, long durationMs, List<String> warnings) {

    public TargetReport {
        nodes = List.copyOf(nodes);
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    public TargetReport(TargetSpec target, TargetKind kind, AuditStatus status, String error, List<NodeReport> nodes,
                        List<Finding> findings, long durationMs) {
        this(target, kind, status, error, nodes, findings, durationMs, List.of());
    }

    public static TargetReport unavailable(TargetSpec target, AuditStatus status, String error, long durationMs) {
        return new TargetReport(target, TargetKind.UNKNOWN, status, error, List.of(), List.of(), durationMs);
    }

    public String name() {
        return target.name();
    }

    /** The node the target's address points at, when it was audited. */
    public Optional<NodeReport> entryNode() {
        return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.getFirst());
    }
}
