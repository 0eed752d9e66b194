package io.ghostwatch.core.testing.aws;

import java.util.Objects;

/**
 * One node of a replication group's shard, as DescribeReplicationGroups lists it.
 *
 * @param readEndpoint the node's own endpoint; null in cluster mode, where AWS does not report it here
 * @param currentRole  {@code primary} or {@code replica}; null in cluster mode, where AWS does not report it
 */
public record NodeGroupMember(String cacheClusterId, String cacheNodeId, Endpoint readEndpoint,
                              String preferredAvailabilityZone, String currentRole) {

    public NodeGroupMember {
        Objects.requireNonNull(cacheClusterId, "cacheClusterId");
        Objects.requireNonNull(cacheNodeId, "cacheNodeId");
    }
}
