package io.ghostwatch.core.check;

import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.NodeSnapshot;

/** What a check sees: the snapshot of one node, the target it belongs to, and the policy. */
public record CheckContext(String targetName, NodeSnapshot snapshot, Policy policy) {

    /** The node as a sentence names it: {@code lab-1 (10.0.0.5:6379)}. */
    public String who() {
        String node = snapshot.node().toString();
        return targetName.equals(node) ? node : targetName + " (" + node + ")";
    }

    public String node() {
        return snapshot.node().toString();
    }
}
