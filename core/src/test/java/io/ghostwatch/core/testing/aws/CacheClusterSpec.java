package io.ghostwatch.core.testing.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixture builder for a standalone cache cluster (not in a replication group): a single-node Redis OSS or Valkey
 * cluster, or a Memcached cluster of N nodes with its configuration endpoint
 * ({@code catalog.gw1111.cfg.use1.cache.amazonaws.com:11211}). {@link RegionFleet#add(CacheClusterSpec)} builds it.
 */
public final class CacheClusterSpec {

    private final String id;
    private final String engine;
    private String engineVersion;
    private final int nodes;
    private String nodeType = "cache.t4g.medium";
    private String parameterGroup;
    private String subnetGroup = "default";
    private List<String> securityGroupIds = List.of();
    private boolean transitEncryption;
    private boolean authToken;
    private boolean atRestEncryption;
    private String status = "available";
    private Endpoint nodeEndpoint;

    private CacheClusterSpec(String id, String engine, String engineVersion, int nodes) {
        this.id = Objects.requireNonNull(id, "id");
        this.engine = engine;
        this.engineVersion = engineVersion;
        this.nodes = nodes;
    }

    /** A single-node Redis OSS 7.1.0 cluster. */
    public static CacheClusterSpec redis(String cacheClusterId) {
        return new CacheClusterSpec(cacheClusterId, "redis", "7.1.0", 1);
    }

    /** A single-node Valkey 8.0.1 cluster. */
    public static CacheClusterSpec valkey(String cacheClusterId) {
        return new CacheClusterSpec(cacheClusterId, "valkey", "8.0.1", 1);
    }

    /** A Memcached 1.6.22 cluster of {@code nodeCount} nodes. */
    public static CacheClusterSpec memcached(String cacheClusterId, int nodeCount) {
        return new CacheClusterSpec(cacheClusterId, "memcached", "1.6.22", nodeCount);
    }

    public CacheClusterSpec engineVersion(String version) {
        this.engineVersion = version;
        return this;
    }

    public CacheClusterSpec nodeType(String type) {
        this.nodeType = type;
        return this;
    }

    /** Default: {@code default.<family>}. */
    public CacheClusterSpec parameterGroup(String name) {
        this.parameterGroup = name;
        return this;
    }

    public CacheClusterSpec subnetGroup(String name) {
        this.subnetGroup = name;
        return this;
    }

    public CacheClusterSpec securityGroups(String... groupIds) {
        this.securityGroupIds = List.of(groupIds);
        return this;
    }

    public CacheClusterSpec transitEncryption(boolean enabled) {
        this.transitEncryption = enabled;
        return this;
    }

    public CacheClusterSpec authToken(boolean enabled) {
        this.authToken = enabled;
        return this;
    }

    public CacheClusterSpec atRestEncryption(boolean enabled) {
        this.atRestEncryption = enabled;
        return this;
    }

    public CacheClusterSpec status(String clusterStatus) {
        this.status = clusterStatus;
        return this;
    }

    /**
     * Gives the (single) node this address instead of ElastiCache's DNS name: a real redis-server on 127.0.0.1 that a
     * test's direct connection reaches.
     */
    public CacheClusterSpec nodeEndpoint(String host, int port) {
        this.nodeEndpoint = new Endpoint(host, port);
        return this;
    }

    CacheCluster build(RegionFleet fleet) {
        String family = EngineDefaults.family(engine, engineVersion);
        String groupName = parameterGroup != null ? parameterGroup : "default." + family;
        boolean memcached = engine.equals("memcached");
        int port = memcached ? 11211 : 6379;
        List<CacheNode> cacheNodes = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            String nodeId = String.format("%04d", i);
            Endpoint endpoint = nodeEndpoint != null && i == 1 ? nodeEndpoint : new Endpoint(id + "."
                    + fleet.clusterHash() + "." + nodeId + "." + fleet.regionCode() + ".cache.amazonaws.com", port);
            cacheNodes.add(new CacheNode(nodeId, "available", endpoint, "in-sync", fleet.availabilityZone(i - 1),
                    RegionFleet.FIXTURE_TIME));
        }
        Endpoint configuration = memcached ? new Endpoint(id + "." + fleet.clusterHash() + ".cfg."
                + fleet.regionCode() + ".cache.amazonaws.com", port) : null;
        return new CacheCluster(id, null, engine, engineVersion, status, nodeType,
                CacheCluster.ParameterGroupStatus.inSync(groupName), subnetGroup, securityGroupIds, authToken,
                transitEncryption, transitEncryption ? "required" : null, atRestEncryption, configuration,
                fleet.availabilityZone(0), RegionFleet.FIXTURE_TIME, cacheNodes);
    }
}
