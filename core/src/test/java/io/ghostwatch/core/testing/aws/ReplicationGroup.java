package io.ghostwatch.core.testing.aws;

import java.util.List;
import java.util.Objects;

/**
 * A Redis OSS or Valkey replication group as DescribeReplicationGroups reports it. Its member clusters are
 * {@link CacheCluster}s of the same {@link RegionFleet}; {@link ReplicationGroupSpec} builds both.
 *
 * @param clusterMode           {@code enabled}, {@code disabled} or {@code compatible}
 * @param configurationEndpoint the cluster-mode configuration endpoint; null when cluster mode is disabled
 * @param transitEncryptionMode {@code preferred} or {@code required}, or null when transit encryption is off
 * @param automaticFailover     {@code enabled} or {@code disabled}
 * @param multiAz               {@code enabled} or {@code disabled}
 */
public record ReplicationGroup(String replicationGroupId, String description, String status, String engine,
                               String cacheNodeType, String clusterMode, List<NodeGroup> nodeGroups,
                               Endpoint configurationEndpoint, boolean authTokenEnabled,
                               boolean transitEncryptionEnabled, String transitEncryptionMode,
                               boolean atRestEncryptionEnabled, List<String> userGroupIds, String automaticFailover,
                               String multiAz) {

    public ReplicationGroup {
        Objects.requireNonNull(replicationGroupId, "replicationGroupId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(clusterMode, "clusterMode");
        nodeGroups = List.copyOf(nodeGroups);
        userGroupIds = List.copyOf(userGroupIds);
    }

    /** What AWS reports as ClusterEnabled. */
    public boolean clusterEnabled() {
        return clusterMode.equals("enabled");
    }

    /** The member cache cluster IDs, shard by shard. */
    public List<String> memberClusters() {
        return nodeGroups.stream().flatMap(g -> g.members().stream()).map(NodeGroupMember::cacheClusterId).toList();
    }
}
