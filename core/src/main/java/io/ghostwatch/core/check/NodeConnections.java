package io.ghostwatch.core.check;

import io.ghostwatch.core.elasticache.CacheNode;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.util.List;
import java.util.Map;

/**
 * One ElastiCache node's CloudWatch {@code CurrConnections} as a check reads it: its hourly points (empty when
 * CloudWatch has none), or the ERROR finding saying why they could not be read.
 */
sealed interface NodeConnections {

    record Found(List<ConnectionPoint> points) implements NodeConnections {
    }

    record NotJudged(Finding finding) implements NodeConnections {
    }

    static NodeConnections read(ElastiCacheContext ctx, CacheNode node, String checkId) {
        return switch (ctx.snapshot().connections()) {
            case Readout.Known<Map<String, List<ConnectionPoint>>>(var all) -> new Found(all.getOrDefault(node.id(),
                    List.of()));
            case Readout.Unreadable<Map<String, List<ConnectionPoint>>>(String reason) -> new NotJudged(Finding.error(
                    checkId, node.id(), "Cannot read the connection counts of " + NodeLabel.of(ctx, node) + ": "
                            + reason + ".", Evidence.of("CurrConnections", "unreadable").map()));
        };
    }
}
