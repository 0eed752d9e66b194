package io.ghostwatch.core.audit;

import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.model.AuditTarget;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.TargetKind;
import java.util.List;
import java.util.Optional;

/**
 * The audit of one target: a self-hosted inventory entry with every node found behind it (cluster nodes, replicas),
 * or an ElastiCache cache with what the AWS APIs said about it; and every finding, each naming its node.
 *
 * @param nodes       the servers Ghostwatch talked to: for an inventory entry the entry node first, then the others in
 *                    address order; for an ElastiCache cache the nodes it has a direct connection to (often none)
 * @param error       why the target could not be audited, or which nodes could not; null when all went well
 * @param warnings    things that went wrong beside the audit itself (e.g. its samples could not be stored)
 * @param elasticache what was read from the AWS APIs about an ElastiCache cache; null for other targets
 */
public record TargetReport(AuditTarget target, TargetKind kind, AuditStatus status, String error,
                           List<NodeReport> nodes, List<Finding> findings, long durationMs, List<String> warnings,
                           ElastiCacheSnapshot elasticache) {

    public TargetReport {
        nodes = List.copyOf(nodes);
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    public TargetReport(AuditTarget target, TargetKind kind, AuditStatus status, String error, List<NodeReport> nodes,
                        List<Finding> findings, long durationMs, List<String> warnings) {
        this(target, kind, status, error, nodes, findings, durationMs, warnings, null);
    }

    public TargetReport(AuditTarget target, TargetKind kind, AuditStatus status, String error, List<NodeReport> nodes,
                        List<Finding> findings, long durationMs) {
        this(target, kind, status, error, nodes, findings, durationMs, List.of(), null);
    }

    public static TargetReport unavailable(AuditTarget target, AuditStatus status, String error, long durationMs) {
        return new TargetReport(target, TargetKind.UNKNOWN, status, error, List.of(), List.of(), durationMs);
    }

    public String name() {
        return target.name();
    }

    /** The node the target's address points at, when it was audited over a Redis connection. */
    public Optional<NodeReport> entryNode() {
        return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.getFirst());
    }
}
