package io.ghostwatch.core.testing.aws;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A cache cluster as DescribeCacheClusters reports it: a member of a replication group (one node) or a standalone
 * Redis OSS, Valkey or Memcached cluster.
 *
 * @param replicationGroupId    the group it belongs to, or null for a standalone cluster
 * @param engine                {@code redis}, {@code valkey} or {@code memcached}
 * @param transitEncryptionMode {@code preferred} or {@code required}, or null when transit encryption is off
 * @param configurationEndpoint Memcached's configuration endpoint; null for Redis OSS and Valkey
 */
public record CacheCluster(String cacheClusterId, String replicationGroupId, String engine, String engineVersion,
                           String status, String cacheNodeType, ParameterGroupStatus parameterGroup,
                           String cacheSubnetGroupName, List<String> securityGroupIds, boolean authTokenEnabled,
                           boolean transitEncryptionEnabled, String transitEncryptionMode,
                           boolean atRestEncryptionEnabled, Endpoint configurationEndpoint,
                           String preferredAvailabilityZone, Instant createTime, List<CacheNode> nodes) {

    /**
     * The cluster's CacheParameterGroup element.
     *
     * @param applyStatus      {@code in-sync}, {@code applying} or {@code pending-reboot}
     * @param nodeIdsToReboot  nodes that must reboot for a pending change to take effect
     */
    public record ParameterGroupStatus(String name, String applyStatus, List<String> nodeIdsToReboot) {

        public ParameterGroupStatus {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(applyStatus, "applyStatus");
            nodeIdsToReboot = List.copyOf(nodeIdsToReboot);
        }

        public static ParameterGroupStatus inSync(String name) {
            return new ParameterGroupStatus(name, "in-sync", List.of());
        }
    }

    public CacheCluster {
        Objects.requireNonNull(cacheClusterId, "cacheClusterId");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(parameterGroup, "parameterGroup");
        securityGroupIds = List.copyOf(securityGroupIds);
        nodes = List.copyOf(nodes);
    }

    public int numCacheNodes() {
        return nodes.size();
    }

    public boolean standalone() {
        return replicationGroupId == null;
    }

    public CacheCluster withParameterGroup(ParameterGroupStatus group) {
        String nodeStatus = group.applyStatus().equals("pending-reboot") ? "pending-reboot" : "in-sync";
        List<CacheNode> updated = nodes.stream().map(n -> n.withParameterGroupStatus(nodeStatus)).toList();
        return new CacheCluster(cacheClusterId, replicationGroupId, engine, engineVersion, status, cacheNodeType,
                group, cacheSubnetGroupName, securityGroupIds, authTokenEnabled, transitEncryptionEnabled,
                transitEncryptionMode, atRestEncryptionEnabled, configurationEndpoint, preferredAvailabilityZone,
                createTime, updated);
    }
}
