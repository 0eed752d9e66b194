package io.ghostwatch.core.testing.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * One node of a cache cluster, as DescribeCacheClusters shows it with {@code ShowCacheNodeInfo=true}.
 *
 * @param cacheNodeId          {@code 0001}, {@code 0002}, ...
 * @param status               {@code available}, {@code rebooting}, ...
 * @param parameterGroupStatus {@code in-sync} or {@code pending-reboot}
 */
public record CacheNode(String cacheNodeId, String status, Endpoint endpoint, String parameterGroupStatus,
                        String availabilityZone, Instant createTime) {

    public CacheNode {
        Objects.requireNonNull(cacheNodeId, "cacheNodeId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(parameterGroupStatus, "parameterGroupStatus");
    }

    public CacheNode withParameterGroupStatus(String newStatus) {
        return new CacheNode(cacheNodeId, status, endpoint, newStatus, availabilityZone, createTime);
    }
}
