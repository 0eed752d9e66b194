package io.ghostwatch.core.testing.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixture builder for a replication group and its member clusters: N shards of 1 primary + M replicas, named and
 * addressed the way ElastiCache names them. With more than one shard (or {@link #clusterMode(boolean) clusterMode(true)})
 * the group is in cluster mode: members {@code orders-0001-001}, {@code orders-0001-002}, ..., node endpoints
 * {@code orders-0001-001.orders.gw1111.use1.cache.amazonaws.com:6379} and a configuration endpoint
 * {@code clustercfg.orders.gw1111.use1.cache.amazonaws.com:6379}. Without cluster mode: members {@code orders-001},
 * {@code orders-002}, a primary endpoint {@code master.orders...} and a reader endpoint {@code replica.orders...}.
 * <p>
 * Defaults: Redis OSS 7.1.0, {@code cache.r7g.large}, the family's default parameter group, subnet group
 * {@code default} (named only: add a {@link CacheSubnetGroup} to describe it), no security groups, transit encryption
 * and AUTH off, at-rest encryption on, status {@code available}. {@link RegionFleet#add(ReplicationGroupSpec)} builds it.
 */
public final class ReplicationGroupSpec {

    private final String id;
    private String description;
    private int shards = 1;
    private int replicasPerShard = 1;
    private Boolean clusterMode;
    private String engine = "redis";
    private String engineVersion = "7.1.0";
    private String nodeType = "cache.r7g.large";
    private String parameterGroup;
    private String subnetGroup = "default";
    private List<String> securityGroupIds = List.of();
    private boolean transitEncryption;
    private boolean authToken;
    private boolean atRestEncryption = true;
    private List<String> userGroupIds = List.of();
    private String status = "available";
    private int port = 6379;

    private ReplicationGroupSpec(String id) {
        this.id = Objects.requireNonNull(id, "id");
        this.description = id + " cache";
    }

    public static ReplicationGroupSpec named(String replicationGroupId) {
        return new ReplicationGroupSpec(replicationGroupId);
    }

    public ReplicationGroupSpec description(String text) {
        this.description = text;
        return this;
    }

    /** Node groups; more than one implies cluster mode. */
    public ReplicationGroupSpec shards(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("shards: " + count);
        }
        this.shards = count;
        return this;
    }

    public ReplicationGroupSpec replicasPerShard(int count) {
        if (count < 0 || count > 5) {
            throw new IllegalArgumentException("replicasPerShard: " + count);
        }
        this.replicasPerShard = count;
        return this;
    }

    public ReplicationGroupSpec clusterMode(boolean enabled) {
        this.clusterMode = enabled;
        return this;
    }

    /** {@code redis} or {@code valkey} and a version such as {@code 7.1.0} or {@code 8.0.1}. */
    public ReplicationGroupSpec engine(String engineName, String version) {
        this.engine = engineName;
        this.engineVersion = version;
        return this;
    }

    public ReplicationGroupSpec nodeType(String type) {
        this.nodeType = type;
        return this;
    }

    /** The members' cache parameter group (default: {@code default.<family>}, {@code .cluster.on} in cluster mode). */
    public ReplicationGroupSpec parameterGroup(String name) {
        this.parameterGroup = name;
        return this;
    }

    public ReplicationGroupSpec subnetGroup(String name) {
        this.subnetGroup = name;
        return this;
    }

    public ReplicationGroupSpec securityGroups(String... groupIds) {
        this.securityGroupIds = List.of(groupIds);
        return this;
    }

    /** Transit encryption (TLS), mode {@code required}. */
    public ReplicationGroupSpec transitEncryption(boolean enabled) {
        this.transitEncryption = enabled;
        return this;
    }

    public ReplicationGroupSpec authToken(boolean enabled) {
        this.authToken = enabled;
        return this;
    }

    public ReplicationGroupSpec atRestEncryption(boolean enabled) {
        this.atRestEncryption = enabled;
        return this;
    }

    public ReplicationGroupSpec userGroups(String... ids) {
        this.userGroupIds = List.of(ids);
        return this;
    }

    public ReplicationGroupSpec status(String groupStatus) {
        this.status = groupStatus;
        return this;
    }

    public ReplicationGroupSpec port(int number) {
        this.port = number;
        return this;
    }

    /** The group and its member clusters, for {@code fleet}'s region and DNS names. */
    record Built(ReplicationGroup group, List<CacheCluster> members) {
    }

    Built build(RegionFleet fleet) {
        boolean clustered = clusterMode != null ? clusterMode : shards > 1;
        if (!clustered && shards > 1) {
            throw new IllegalArgumentException(id + ": several shards need cluster mode");
        }
        String family = EngineDefaults.family(engine, engineVersion);
        String groupName = parameterGroup != null ? parameterGroup
                : "default." + family + (clustered ? ".cluster.on" : "");
        String domain = fleet.cacheDomain();
        List<NodeGroup> nodeGroups = new ArrayList<>();
        List<CacheCluster> members = new ArrayList<>();
        int az = 0;
        for (int shard = 1; shard <= shards; shard++) {
            String nodeGroupId = String.format("%04d", shard);
            List<NodeGroupMember> groupMembers = new ArrayList<>();
            for (int node = 1; node <= 1 + replicasPerShard; node++) {
                String clusterId = clustered ? String.format("%s-%04d-%03d", id, shard, node)
                        : String.format("%s-%03d", id, node);
                Endpoint endpoint = new Endpoint(clusterId + "." + id + "." + domain, port);
                String zone = fleet.availabilityZone(az++);
                groupMembers.add(new NodeGroupMember(clusterId, "0001", clustered ? null : endpoint, zone,
                        clustered ? null : node == 1 ? "primary" : "replica"));
                CacheNode cacheNode = new CacheNode("0001", "available", endpoint, "in-sync", zone,
                        RegionFleet.FIXTURE_TIME);
                members.add(new CacheCluster(clusterId, id, engine, engineVersion, status, nodeType,
                        CacheCluster.ParameterGroupStatus.inSync(groupName), subnetGroup, securityGroupIds,
                        authToken, transitEncryption, transitEncryption ? "required" : null, atRestEncryption, null,
                        zone, RegionFleet.FIXTURE_TIME, List.of(cacheNode)));
            }
            String slots = clustered ? slots(shard - 1) : null;
            Endpoint primary = clustered ? null : new Endpoint("master." + id + "." + domain, port);
            Endpoint reader = clustered ? null : new Endpoint("replica." + id + "." + domain, port);
            nodeGroups.add(new NodeGroup(nodeGroupId, status, primary, reader, slots, groupMembers));
        }
        Endpoint configuration = clustered ? new Endpoint("clustercfg." + id + "." + domain, port) : null;
        String failover = replicasPerShard > 0 ? "enabled" : "disabled";
        ReplicationGroup group = new ReplicationGroup(id, description, status, engine, nodeType,
                clustered ? "enabled" : "disabled", nodeGroups, configuration, authToken, transitEncryption,
                transitEncryption ? "required" : null, atRestEncryption, userGroupIds, failover, failover);
        return new Built(group, members);
    }

    private String slots(int shardIndex) {
        int from = shardIndex * 16384 / shards;
        int to = (shardIndex + 1) * 16384 / shards - 1;
        return from + "-" + to;
    }
}
