package io.ghostwatch.core.audit;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.redis.NodeSnapshot;

/**
 * One server of a target: its snapshot when it was audited, or why it could not be.
 *
 * @param snapshot null unless {@code status} is AUDITED
 * @param error    null when AUDITED
 */
public record NodeReport(HostPort node, NodeRole role, AuditStatus status, String error, NodeSnapshot snapshot) {

    public static NodeReport audited(NodeSnapshot snapshot) {
        return new NodeReport(snapshot.node(), snapshot.role(), AuditStatus.AUDITED, null, snapshot);
    }

    public static NodeReport unavailable(HostPort node, NodeRole role, AuditStatus status, String error) {
        return new NodeReport(node, role, status, error, null);
    }
}
