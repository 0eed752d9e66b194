package io.ghostwatch.core.testing;

import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.elasticache.CacheLocation;
import io.ghostwatch.core.elasticache.CacheNode;
import io.ghostwatch.core.elasticache.CacheParameter;
import io.ghostwatch.core.elasticache.CacheResource;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.NodeBasedCache;
import io.ghostwatch.core.elasticache.ParameterGroupSettings;
import io.ghostwatch.core.elasticache.SecurityGroup;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.elasticache.SubnetPlacement;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Builds {@link ElastiCacheSnapshot}s for check and renderer tests, shaped as the collector builds them from
 * DescribeReplicationGroups / DescribeCacheClusters answers: by default replication group {@code orders} in
 * {@code prod/us-east-1}, one shard of a primary and a replica ({@code orders-001}, {@code orders-002}), Redis 7.1,
 * running with the default group {@code default.redis7} (timeout 0, tcp-keepalive 300, both immediate), security
 * group {@code sg-0app} admitting only the application's group, private subnets, TLS required, an AUTH token, and
 * no connection data. Each test changes the one fact it is about.
 *
 * <p>Variants: {@link Builder#cacheCluster()} (a cache cluster outside any replication group: one node, named as the
 * cache), {@link Builder#clusterMode()}, {@link Builder#serverless(String)}; a client census over a direct connection
 * with {@link Builder#direct(String, ClientCensus)} and {@link #clients(String, int, long)}.
 */
public final class ElastiCacheSnapshots {

    public static final CacheLocation PROD = new CacheLocation("prod", "us-east-1");
    public static final Instant COLLECTED_AT = Instant.parse("2026-11-21T10:00:00Z");

    private ElastiCacheSnapshots() {
    }

    public static Builder replicationGroup() {
        return new Builder();
    }

    /** A parameter as a family default reports it ({@code system}, immediate, modifiable). */
    public static CacheParameter defaultParameter(String name, String value) {
        return new CacheParameter(name, value, "system", "immediate", true);
    }

    /** A parameter changed in a custom group ({@code user}, immediate, modifiable). */
    public static CacheParameter userParameter(String name, String value) {
        return new CacheParameter(name, value, "user", "immediate", true);
    }

    public static ParameterGroupSettings group(String name, List<String> usedBy, CacheParameter... parameters) {
        Map<String, CacheParameter> values = new LinkedHashMap<>();
        for (CacheParameter p : parameters) {
            values.put(p.name(), p);
        }
        return new ParameterGroupSettings(name, "redis7", values, usedBy, ParameterGroupSettings.isDefaultName(name)
                ? "DescribeEngineDefaultParameters (family redis7)" : "DescribeCacheParameters");
    }

    /** An inbound rule admitting {@code sources} to TCP {@code from}..{@code to}. */
    public static SecurityGroup.IngressRule tcp(int from, int to, String... sources) {
        return new SecurityGroup.IngressRule("tcp", from, to, List.of(sources));
    }

    /**
     * {@code n} CLIENT LIST lines as ElastiCache's Redis writes them: clients from {@code address}, each idle
     * {@code idleSeconds}, not exempt from timeout (flags N).
     */
    public static List<ClientInfo> clients(String address, int n, long idleSeconds) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            lines.append("id=").append(1 + i).append(" addr=").append(address).append(':').append(40_000 + i)
                    .append(" laddr=10.0.1.5:6379 fd=").append(8 + i).append(" name=pool age=").append(idleSeconds + 10)
                    .append(" idle=").append(idleSeconds).append(" flags=N db=0 cmd=get user=default\n");
        }
        return ClientInfo.parseList(lines.toString());
    }

    /** The census the collector takes of these clients (no own connection among them, ghosts idle over a day). */
    @SafeVarargs
    public static ClientCensus census(List<ClientInfo>... groups) {
        List<ClientInfo> all = new ArrayList<>();
        for (List<ClientInfo> g : groups) {
            all.addAll(g);
        }
        return ClientCensus.of(all, -1, 86_400);
    }

    /** Hourly points ending an hour before {@link #COLLECTED_AT}: value(h) for hours h = 0 .. hours-1. */
    public static List<ConnectionPoint> hourly(int hours, LongUnaryOperator value) {
        List<ConnectionPoint> points = new ArrayList<>();
        Instant first = COLLECTED_AT.minus(Duration.ofHours(hours));
        for (int h = 0; h < hours; h++) {
            points.add(new ConnectionPoint(first.plus(Duration.ofHours(h)), value.applyAsLong(h)));
        }
        return points;
    }

    public static final class Builder {
        private String id = "orders";
        private boolean cacheCluster;
        private boolean clusterMode;
        private boolean serverless;
        private String serverlessUserGroup;
        private CacheResource.CacheAuth auth = new CacheResource.CacheAuth(true, List.of());
        private CacheResource.TransitEncryption transit = new CacheResource.TransitEncryption(true, "required");
        private Readout<ParameterGroupSettings> parameterGroup = Readout.known(group("default.redis7",
                List.of("orders", "sessions"), defaultParameter("timeout", "0"), defaultParameter("tcp-keepalive", "300")));
        private Readout<List<SecurityGroup>> securityGroups = Readout.known(List.of(new SecurityGroup("sg-0app",
                "orders-cache", "vpc-0main", List.of(new SecurityGroup.IngressRule("tcp", 6379, 6379, List.of()),
                tcp(6379, 6379, "10.0.0.0/16")))));
        private Readout<List<SubnetPlacement>> subnets = Readout.known(List.of(
                new SubnetPlacement("subnet-0a", "vpc-0main", null), new SubnetPlacement("subnet-0b", "vpc-0main", null)));
        private final Map<String, List<ConnectionPoint>> connections = new LinkedHashMap<>();
        private Readout<Map<String, List<ConnectionPoint>>> connectionsReadout;
        private final Map<String, NodeReport> direct = new LinkedHashMap<>();

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** A cache cluster outside any replication group: one node, whose ID is the cache's. */
        public Builder cacheCluster() {
            this.cacheCluster = true;
            return this;
        }

        public Builder clusterMode() {
            this.clusterMode = true;
            return this;
        }

        /** A serverless cache instead; {@code userGroup} null for none. */
        public Builder serverless(String userGroup) {
            this.serverless = true;
            this.serverlessUserGroup = userGroup;
            this.parameterGroup = Readout.unreadable("a serverless cache has no cache parameter group");
            return this;
        }

        public Builder auth(boolean token, String... userGroups) {
            this.auth = new CacheResource.CacheAuth(token, List.of(userGroups));
            return this;
        }

        public Builder transit(boolean enabled, String mode) {
            this.transit = new CacheResource.TransitEncryption(enabled, mode);
            return this;
        }

        public Builder parameterGroup(ParameterGroupSettings group) {
            this.parameterGroup = Readout.known(group);
            return this;
        }

        public Builder parameterGroupUnreadable(String reason) {
            this.parameterGroup = Readout.unreadable(reason);
            return this;
        }

        public Builder securityGroups(SecurityGroup... groups) {
            this.securityGroups = Readout.known(List.of(groups));
            return this;
        }

        public Builder securityGroupsUnreadable(String reason) {
            this.securityGroups = Readout.unreadable(reason);
            return this;
        }

        public Builder subnets(SubnetPlacement... placements) {
            this.subnets = Readout.known(List.of(placements));
            return this;
        }

        public Builder subnetsUnreadable(String reason) {
            this.subnets = Readout.unreadable(reason);
            return this;
        }

        public Builder connections(String node, List<ConnectionPoint> points) {
            connections.put(node, points);
            return this;
        }

        public Builder connectionsUnreadable(String reason) {
            this.connectionsReadout = Readout.unreadable(reason);
            return this;
        }

        public Builder direct(String node, NodeReport report) {
            direct.put(node, report);
            return this;
        }

        /** A direct connection to {@code node} whose CLIENT LIST gave {@code census}. */
        public Builder direct(String node, ClientCensus census) {
            return direct(node, NodeReport.audited(Snapshots.standalone()
                    .node(new HostPort(node + ".abc123.0001.use1.cache.amazonaws.com", 6379))
                    .census(Readout.known(census)).build()));
        }

        public ElastiCacheSnapshot build() {
            CacheResource cache;
            if (serverless) {
                cache = new ServerlessCache(PROD, id, "arn:aws:elasticache:us-east-1:111122223333:serverlesscache:" + id,
                        "valkey", "8.0", "available", new HostPort(id + "-abc123.serverless.use1.cache.amazonaws.com", 6379),
                        new HostPort(id + "-abc123.serverless.use1.cache.amazonaws.com", 6380), List.of("sg-0app"),
                        List.of("subnet-0a", "subnet-0b"), serverlessUserGroup);
            } else if (cacheCluster) {
                String group = parameterGroup.map(ParameterGroupSettings::name).orElse("default.redis7");
                HostPort endpoint = new HostPort(id + ".abc123.0001.use1.cache.amazonaws.com", 6379);
                cache = new NodeBasedCache(PROD, NodeBasedCache.Type.CACHE_CLUSTER, id,
                        "arn:aws:elasticache:us-east-1:111122223333:cluster:" + id, "redis", "7.1.0", "available", false,
                        6379, endpoint, List.of(new CacheNode(id, "0001", endpoint, NodeRole.MASTER, "available", group,
                        "in-sync")), List.of("sg-0app"), "orders-subnets", auth, transit);
            } else {
                String group = parameterGroup.map(ParameterGroupSettings::name).orElse("default.redis7");
                List<CacheNode> nodes = List.of(
                        new CacheNode(id + "-001", "0001", new HostPort(id + "-001.abc123.0001.use1.cache.amazonaws.com",
                                6379), NodeRole.MASTER, "available", group, "in-sync"),
                        new CacheNode(id + "-002", "0001", new HostPort(id + "-002.abc123.0001.use1.cache.amazonaws.com",
                                6379), NodeRole.REPLICA, "available", group, "in-sync"));
                cache = new NodeBasedCache(PROD, NodeBasedCache.Type.REPLICATION_GROUP, id,
                        "arn:aws:elasticache:us-east-1:111122223333:replicationgroup:" + id, "redis", "7.1.0", "available",
                        clusterMode, 6379, new HostPort("master." + id + ".abc123.use1.cache.amazonaws.com", 6379), nodes,
                        List.of("sg-0app"), "orders-subnets", auth, transit);
            }
            Readout<Map<String, List<ConnectionPoint>>> counts = connectionsReadout != null ? connectionsReadout
                    : Readout.known(Map.copyOf(connections));
            return new ElastiCacheSnapshot(cache, COLLECTED_AT, parameterGroup, securityGroups, subnets, counts, direct);
        }
    }
}
