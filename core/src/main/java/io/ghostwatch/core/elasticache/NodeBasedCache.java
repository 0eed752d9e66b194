package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.TargetKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node-based cache: a replication group (one or more shards of a primary and replicas), or a cache cluster that
 * belongs to no replication group. Its {@code timeout} and {@code tcp-keepalive} live in the cache parameter group its
 * nodes run with.
 *
 * @param clusterMode  true for a replication group with cluster mode enabled (sharded)
 * @param subnetGroup  the cache subnet group, or null
 */
public record NodeBasedCache(CacheLocation location, Type type, String id, String arn, String engine,
                             String engineVersion, String status, boolean clusterMode, int port, HostPort primaryEndpoint,
                             List<CacheNode> nodes, List<String> securityGroupIds, String subnetGroup, CacheAuth auth,
                             TransitEncryption transitEncryption) implements CacheResource {

    /** What ElastiCache calls it, which decides the API that changes it (ModifyReplicationGroup or ModifyCacheCluster). */
    public enum Type { REPLICATION_GROUP, CACHE_CLUSTER }

    public NodeBasedCache {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        nodes = List.copyOf(nodes);
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    @Override
    public Optional<HostPort> endpoint() {
        return Optional.ofNullable(primaryEndpoint);
    }

    @Override
    public TargetKind kind() {
        return clusterMode ? TargetKind.CLUSTER : TargetKind.STANDALONE;
    }

    @Override
    public String typeLabel() {
        return type == Type.REPLICATION_GROUP ? "replication group" : "cache cluster";
    }

    /** The parameter groups the nodes run with, in node order, each once. */
    public List<String> parameterGroups() {
        return nodes.stream().map(CacheNode::parameterGroup).filter(Objects::nonNull).distinct().toList();
    }
}
