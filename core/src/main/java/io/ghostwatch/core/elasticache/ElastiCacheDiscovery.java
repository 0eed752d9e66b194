package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsCall;
import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheNode;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.SecurityGroupMembership;

/**
 * Lists the Redis OSS and Valkey caches of one account in one region, every page: replication groups
 * (DescribeReplicationGroups) with their member clusters and nodes (DescribeCacheClusters with node info), the cache
 * clusters that belong to no replication group, and serverless caches (DescribeServerlessCaches). Memcached is left
 * out. A listing that fails makes only its own kind unreadable, with the reason naming the action.
 */
public final class ElastiCacheDiscovery {

    static final Set<String> ENGINES = Set.of("redis", "valkey");
    static final int DEFAULT_PORT = 6379;

    private final ElastiCacheClient client;
    private final CacheLocation location;

    public ElastiCacheDiscovery(ElastiCacheClient client, CacheLocation location) {
        this.client = client;
        this.location = location;
    }

    public RegionInventory discover() {
        int[] skipped = {0};
        Readout<List<NodeBasedCache>> nodeBased;
        try {
            Map<String, CacheCluster> clusters = clusters();
            List<NodeBasedCache> caches = new ArrayList<>();
            Set<String> inGroups = new LinkedHashSet<>();
            for (ReplicationGroup rg : replicationGroups()) {
                Optional<NodeBasedCache> cache = replicationGroup(rg, clusters);
                rg.memberClusters().forEach(inGroups::add);
                cache.ifPresentOrElse(caches::add, () -> skipped[0]++);
            }
            for (CacheCluster c : clusters.values()) {
                if (c.replicationGroupId() != null || inGroups.contains(c.cacheClusterId())) {
                    continue;
                }
                if (!ENGINES.contains(engine(c.engine()))) {
                    skipped[0]++;
                    continue;
                }
                caches.add(cacheCluster(c));
            }
            caches.sort(Comparator.comparing(NodeBasedCache::id));
            nodeBased = Readout.known(caches);
        } catch (AwsCallException e) {
            nodeBased = Readout.unreadable(e.getMessage());
        }
        Readout<List<ServerlessCache>> serverless;
        try {
            List<ServerlessCache> caches = new ArrayList<>();
            for (var s : AwsCall.run(AwsAction.DESCRIBE_SERVERLESS_CACHES,
                    () -> client.describeServerlessCachesPaginator(r -> r.maxResults(50)).serverlessCaches().stream().toList())) {
                if (!ENGINES.contains(engine(s.engine()))) {
                    skipped[0]++;
                    continue;
                }
                caches.add(new ServerlessCache(location, s.serverlessCacheName(), s.arn(), engine(s.engine()),
                        s.fullEngineVersion() != null ? s.fullEngineVersion() : s.majorEngineVersion(), s.status(),
                        hostPort(s.endpoint()), hostPort(s.readerEndpoint()), s.securityGroupIds(), s.subnetIds(),
                        s.userGroupId()));
            }
            caches.sort(Comparator.comparing(ServerlessCache::id));
            serverless = Readout.known(caches);
        } catch (AwsCallException e) {
            serverless = Readout.unreadable(e.getMessage());
        }
        return new RegionInventory(location, nodeBased, serverless, skipped[0]);
    }

    /** Every cache cluster with its nodes, by ID, in the order ElastiCache lists them. */
    private Map<String, CacheCluster> clusters() {
        Map<String, CacheCluster> byId = new LinkedHashMap<>();
        AwsCall.run(AwsAction.DESCRIBE_CACHE_CLUSTERS, () -> client.describeCacheClustersPaginator(
                r -> r.showCacheNodeInfo(true).maxRecords(100)).cacheClusters().stream().toList())
                .forEach(c -> byId.put(c.cacheClusterId(), c));
        return byId;
    }

    private List<ReplicationGroup> replicationGroups() {
        return AwsCall.run(AwsAction.DESCRIBE_REPLICATION_GROUPS, () -> client.describeReplicationGroupsPaginator(
                r -> r.maxRecords(100)).replicationGroups().stream().toList());
    }

    private Optional<NodeBasedCache> replicationGroup(ReplicationGroup rg, Map<String, CacheCluster> clusters) {
        List<CacheCluster> members = rg.memberClusters().stream().map(clusters::get)
                .filter(java.util.Objects::nonNull).toList();
        String engine = engine(rg.engine() != null ? rg.engine()
                : members.isEmpty() ? "redis" : members.getFirst().engine());
        if (!ENGINES.contains(engine)) {
            return Optional.empty();
        }
        Map<String, NodeRole> roles = new LinkedHashMap<>();
        HostPort primary = null;
        for (NodeGroup g : rg.nodeGroups()) {
            if (primary == null && g.primaryEndpoint() != null) {
                primary = hostPort(g.primaryEndpoint());
            }
            for (NodeGroupMember m : g.nodeGroupMembers()) {
                roles.put(m.cacheClusterId(), "primary".equalsIgnoreCase(m.currentRole()) ? NodeRole.MASTER
                        : "replica".equalsIgnoreCase(m.currentRole()) ? NodeRole.REPLICA : NodeRole.UNKNOWN);
            }
        }
        boolean clusterMode = Boolean.TRUE.equals(rg.clusterEnabled());
        HostPort configuration = hostPort(rg.configurationEndpoint());
        HostPort endpoint = configuration != null ? configuration : primary;
        List<io.ghostwatch.core.elasticache.CacheNode> nodes = new ArrayList<>();
        Set<String> securityGroups = new LinkedHashSet<>();
        String subnetGroup = null;
        for (String id : rg.memberClusters()) {
            CacheCluster c = clusters.get(id);
            NodeRole role = roles.getOrDefault(id, NodeRole.UNKNOWN);
            if (c == null) {
                nodes.add(new io.ghostwatch.core.elasticache.CacheNode(id, null, null, role, "not listed", null, null));
                continue;
            }
            nodes.add(node(c, role));
            c.securityGroups().stream().map(SecurityGroupMembership::securityGroupId).forEach(securityGroups::add);
            if (subnetGroup == null) {
                subnetGroup = c.cacheSubnetGroupName();
            }
        }
        int port = endpoint != null ? endpoint.port() : nodes.stream().map(io.ghostwatch.core.elasticache.CacheNode::endpoint)
                .filter(java.util.Objects::nonNull).map(HostPort::port).findFirst().orElse(DEFAULT_PORT);
        String version = members.isEmpty() ? null : members.getFirst().engineVersion();
        return Optional.of(new NodeBasedCache(location, NodeBasedCache.Type.REPLICATION_GROUP, rg.replicationGroupId(),
                rg.arn(), engine, version, rg.status(), clusterMode, port, endpoint, nodes, List.copyOf(securityGroups),
                subnetGroup, new CacheResource.CacheAuth(Boolean.TRUE.equals(rg.authTokenEnabled()), rg.userGroupIds()),
                new CacheResource.TransitEncryption(Boolean.TRUE.equals(rg.transitEncryptionEnabled()),
                        rg.transitEncryptionMode() == null ? null : rg.transitEncryptionModeAsString())));
    }

    private NodeBasedCache cacheCluster(CacheCluster c) {
        io.ghostwatch.core.elasticache.CacheNode node = node(c, NodeRole.MASTER);
        HostPort endpoint = node.endpoint();
        return new NodeBasedCache(location, NodeBasedCache.Type.CACHE_CLUSTER, c.cacheClusterId(), c.arn(),
                engine(c.engine()), c.engineVersion(), c.cacheClusterStatus(), false,
                endpoint != null ? endpoint.port() : DEFAULT_PORT, endpoint, List.of(node),
                c.securityGroups().stream().map(SecurityGroupMembership::securityGroupId).toList(),
                c.cacheSubnetGroupName(),
                new CacheResource.CacheAuth(Boolean.TRUE.equals(c.authTokenEnabled()), List.of()),
                new CacheResource.TransitEncryption(Boolean.TRUE.equals(c.transitEncryptionEnabled()),
                        c.transitEncryptionMode() == null ? null : c.transitEncryptionModeAsString()));
    }

    /** A Redis OSS / Valkey cache cluster has exactly one node: the cluster is the node. */
    private static io.ghostwatch.core.elasticache.CacheNode node(CacheCluster c, NodeRole role) {
        CacheNode first = c.cacheNodes().isEmpty() ? null : c.cacheNodes().getFirst();
        var group = c.cacheParameterGroup();
        return new io.ghostwatch.core.elasticache.CacheNode(c.cacheClusterId(), first == null ? null : first.cacheNodeId(),
                first == null ? null : hostPort(first.endpoint()), role, c.cacheClusterStatus(),
                group == null ? null : group.cacheParameterGroupName(),
                group == null ? null : group.parameterApplyStatus());
    }

    static HostPort hostPort(Endpoint e) {
        if (e == null || e.address() == null || e.address().isBlank()) {
            return null;
        }
        return new HostPort(e.address(), e.port() == null ? DEFAULT_PORT : e.port());
    }

    private static String engine(String engine) {
        return engine == null ? "redis" : engine.toLowerCase(Locale.ROOT);
    }
}
