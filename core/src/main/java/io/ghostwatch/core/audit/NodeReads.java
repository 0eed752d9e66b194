package io.ghostwatch.core.audit;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.NodeUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads several servers at once, each on its own virtual thread, all within one deadline: a node that does not answer
 * in time is reported UNREACHABLE and its thread interrupted (which closes its socket); one that refuses is ERROR.
 */
final class NodeReads {

    /** Reads one server. */
    @FunctionalInterface
    interface NodeReader {
        NodeSnapshot read(HostPort node) throws NodeUnavailableException;
    }

    private NodeReads() {
    }

    /** One report per node, in the order given. */
    static List<NodeReport> collect(Map<HostPort, NodeRole> nodes, NodeReader reader, Instant deadline, Clock clock) {
        Map<HostPort, Future<NodeSnapshot>> futures = new LinkedHashMap<>();
        nodes.keySet().forEach(node -> futures.put(node, VirtualTasks.start(() -> reader.read(node))));
        List<NodeReport> reports = new ArrayList<>();
        for (Map.Entry<HostPort, Future<NodeSnapshot>> f : futures.entrySet()) {
            HostPort node = f.getKey();
            NodeRole role = nodes.get(node);
            long remaining = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            try {
                reports.add(NodeReport.audited(f.getValue().get(remaining, TimeUnit.MILLISECONDS)));
            } catch (TimeoutException e) {
                f.getValue().cancel(true);
                reports.add(NodeReport.unavailable(node, role, AuditStatus.UNREACHABLE,
                        "no complete answer within the target deadline"));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof NodeUnavailableException u) {
                    reports.add(NodeReport.unavailable(node, role,
                            u.reason() == NodeUnavailableException.Reason.UNREACHABLE
                                    ? AuditStatus.UNREACHABLE : AuditStatus.ERROR, u.getMessage()));
                } else {
                    reports.add(NodeReport.unavailable(node, role, AuditStatus.ERROR, "collector failed: " + e.getCause()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reports.add(NodeReport.unavailable(node, role, AuditStatus.ERROR, "audit interrupted"));
            }
        }
        return reports;
    }
}
