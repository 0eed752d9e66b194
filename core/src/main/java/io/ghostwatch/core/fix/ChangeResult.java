package io.ghostwatch.core.fix;

import io.ghostwatch.core.model.HostPort;
import java.util.List;

/** How applying a {@link ChangePlan} ended. Exhaustive: callers switch over it. */
public sealed interface ChangeResult {

    /** Every node changed and verified. */
    record Applied(List<NodeOutcome> nodes) implements ChangeResult {
    }

    /**
     * A node failed (or was stale); the nodes already changed were restored.
     *
     * @param restored the nodes put back, with the values verified after restoring
     */
    record RolledBack(HostPort failedNode, String failure, List<NodeOutcome> restored) implements ChangeResult {
    }

    /**
     * A node failed and restoring the nodes already changed failed too: these nodes may hold the new values.
     */
    record RollbackFailed(HostPort failedNode, String failure, List<HostPort> leftChanged, String rollbackFailure)
            implements ChangeResult {
    }
}
