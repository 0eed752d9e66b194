package io.ghostwatch.core.check;

import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.Readout;
import java.util.List;

/**
 * What a check sees: the snapshot of one node, the target it belongs to, the policy, and the node's history
 * (earlier samples, oldest first, ending with this audit's own), or why the history could not be read.
 */
public record CheckContext(String targetName, NodeSnapshot snapshot, Policy policy,
                           Readout<List<ServerSample>> history) {

    /** A context with no earlier samples: the history is this audit's sample alone. */
    public CheckContext(String targetName, NodeSnapshot snapshot, Policy policy) {
        this(targetName, snapshot, policy, Readout.known(List.of(ServerSample.of(targetName, snapshot))));
    }

    /** The node as a sentence names it: {@code lab-1 (10.0.0.5:6379)}. */
    public String who() {
        String node = snapshot.node().toString();
        return targetName.equals(node) ? node : targetName + " (" + node + ")";
    }

    public String node() {
        return snapshot.node().toString();
    }
}
