package io.ghostwatch.core.check;

import io.ghostwatch.core.elasticache.CacheNode;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.model.NodeRole;

/** How a finding's sentence names one node of an ElastiCache cache. */
final class NodeLabel {
    private NodeLabel() {
    }

    /** {@code node orders-0001-001 (replica) of replication group orders (prod/us-east-1)}; a serverless cache by itself. */
    static String of(ElastiCacheContext ctx, CacheNode node) {
        if (ctx.cache() instanceof ServerlessCache) {
            return ctx.who();
        }
        // a cluster-mode replication group's members carry no role in DescribeReplicationGroups
        String role = node.role() == NodeRole.UNKNOWN ? "" : " (" + node.role().label() + ")";
        return "node " + node.id() + role + " of " + ctx.who();
    }

    /** The same, to start a sentence. */
    static String starting(ElastiCacheContext ctx, CacheNode node) {
        String label = of(ctx, node);
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }
}
