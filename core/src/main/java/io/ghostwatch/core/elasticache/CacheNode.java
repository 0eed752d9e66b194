package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import java.util.Objects;

/**
 * One node of a cache: for Redis OSS/Valkey on ElastiCache, one cache cluster of one node. Findings about it are
 * reported under {@link #id()} (the cache cluster ID, e.g. {@code orders-0001-001}).
 *
 * @param id              the cache cluster ID (or the serverless cache's name)
 * @param cacheNodeId     ElastiCache's node ID within its cluster ({@code 0001}); null for a serverless cache
 * @param endpoint        where the node answers; null while it is being created
 * @param parameterGroup  the cache parameter group the node runs with; null for a serverless cache
 * @param parameterStatus ElastiCache's ParameterApplyStatus for that group: {@code in-sync}, {@code applying},
 *                        {@code pending-reboot}; null where not reported
 */
public record CacheNode(String id, String cacheNodeId, HostPort endpoint, NodeRole role, String status,
                        String parameterGroup, String parameterStatus) {
    public CacheNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
    }
}
