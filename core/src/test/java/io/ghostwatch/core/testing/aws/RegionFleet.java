package io.ghostwatch.core.testing.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one AWS account has in one region, as the stand-in serves it: ElastiCache replication groups, clusters,
 * serverless caches, parameter groups (every family's {@code default.*} groups exist from the start) and subnet
 * groups; EC2 security groups and route tables; CloudWatch metric series; Secrets Manager secrets. Tests populate it (with the fixture
 * builders {@link ReplicationGroupSpec} and {@link CacheClusterSpec}), the stand-in's Modify/Create/Reset/Delete
 * calls change it, and tests read it back.
 * <p>
 * DNS names use {@link #cacheDomain()}: {@code gw} + the account's last four digits, the region's short code, and
 * {@code cache.amazonaws.com} ({@code gw1111.use1.cache.amazonaws.com}). Thread-safe: every method holds the
 * stand-in's lock, which request handling holds too.
 */
public final class RegionFleet {

    /** The creation time of every fixture resource. */
    public static final Instant FIXTURE_TIME = Instant.parse("2025-03-01T12:00:00Z");

    private final Object lock;
    private final String account;
    private final String region;
    private final Map<String, ReplicationGroup> replicationGroups = new LinkedHashMap<>();
    private final Map<String, CacheCluster> cacheClusters = new LinkedHashMap<>();
    private final Map<String, ServerlessCache> serverlessCaches = new LinkedHashMap<>();
    private final Map<String, CacheParameterGroup> parameterGroups = new TreeMap<>();
    private final Map<String, CacheSubnetGroup> subnetGroups = new LinkedHashMap<>();
    private final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
    private final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
    private final Map<MetricKey, List<Datapoint>> metrics = new LinkedHashMap<>();
    private final Map<String, StoredSecret> secrets = new LinkedHashMap<>();

    RegionFleet(Object lock, String account, String region) {
        this.lock = lock;
        this.account = Objects.requireNonNull(account, "account");
        this.region = Objects.requireNonNull(region, "region");
        for (String family : EngineDefaults.FAMILIES) {
            parameterGroups.put("default." + family, new CacheParameterGroup("default." + family, family,
                    "Default parameter group for " + family, false, EngineDefaults.parameters(family)));
            if (EngineDefaults.hasClusterMode(family)) {
                String name = "default." + family + ".cluster.on";
                parameterGroups.put(name, new CacheParameterGroup(name, family,
                        "Customized default parameter group for " + family + " with cluster mode on", false,
                        EngineDefaults.clusterOnParameters(family)));
            }
        }
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    /** The region's short code in ElastiCache host names: {@code us-east-1} is {@code use1}, {@code ap-southeast-2} {@code apse2}. */
    public String regionCode() {
        String[] parts = region.split("-");
        String direction = switch (parts[1]) {
            case "northeast" -> "ne";
            case "southeast" -> "se";
            case "northwest" -> "nw";
            case "southwest" -> "sw";
            default -> parts[1].substring(0, 1);
        };
        return parts[0] + direction + parts[parts.length - 1];
    }

    /** The account's per-region cluster hash in host names: {@code gw} + the account's last four digits. */
    public String clusterHash() {
        return "gw" + account.substring(account.length() - 4);
    }

    /** {@code gw1111.use1.cache.amazonaws.com}. */
    public String cacheDomain() {
        return clusterHash() + "." + regionCode() + ".cache.amazonaws.com";
    }

    /** The i-th availability zone of the region, cycling through a, b, c. */
    public String availabilityZone(int index) {
        return region + (char) ('a' + index % 3);
    }

    /** An ElastiCache ARN: {@code arn:aws:elasticache:<region>:<account>:<type>:<name>} (type cluster, replicationgroup, ...). */
    public String arn(String type, String name) {
        return "arn:aws:elasticache:" + region + ":" + account + ":" + type + ":" + name;
    }

    // ---- ElastiCache: populate

    /** Adds a replication group and its member clusters; returns the group. */
    public ReplicationGroup add(ReplicationGroupSpec spec) {
        ReplicationGroupSpec.Built built = spec.build(this);
        synchronized (lock) {
            requireNew(replicationGroups, built.group().replicationGroupId(), "replication group");
            for (CacheCluster member : built.members()) {
                requireNew(cacheClusters, member.cacheClusterId(), "cache cluster");
                requireParameterGroup(member.parameterGroup().name());
            }
            replicationGroups.put(built.group().replicationGroupId(), built.group());
            built.members().forEach(m -> cacheClusters.put(m.cacheClusterId(), m));
        }
        return built.group();
    }

    /** Adds a standalone cluster; returns it. */
    public CacheCluster add(CacheClusterSpec spec) {
        return add(spec.build(this));
    }

    /** Adds a cluster as given (its replication group, if any, is not checked). */
    public CacheCluster add(CacheCluster cluster) {
        synchronized (lock) {
            requireNew(cacheClusters, cluster.cacheClusterId(), "cache cluster");
            requireParameterGroup(cluster.parameterGroup().name());
            cacheClusters.put(cluster.cacheClusterId(), cluster);
        }
        return cluster;
    }

    public ServerlessCache add(ServerlessCache cache) {
        synchronized (lock) {
            requireNew(serverlessCaches, cache.serverlessCacheName(), "serverless cache");
            serverlessCaches.put(cache.serverlessCacheName(), cache);
        }
        return cache;
    }

    /**
     * Adds an available serverless cache with ElastiCache's endpoints ({@code <name>-gw1111.serverless.use1.cache
     * .amazonaws.com}, port 6379, reader 6380; Memcached 11211 and no reader).
     *
     * @param engine            {@code valkey}, {@code redis} or {@code memcached}
     * @param fullEngineVersion {@code 8.0}, {@code 7.1}, {@code 1.6}
     */
    public ServerlessCache addServerlessCache(String name, String engine, String fullEngineVersion,
                                              List<String> securityGroupIds, List<String> subnetIds) {
        String host = name + "-" + clusterHash() + ".serverless." + regionCode() + ".cache.amazonaws.com";
        boolean memcached = engine.equals("memcached");
        Endpoint endpoint = new Endpoint(host, memcached ? 11211 : 6379);
        Endpoint reader = memcached ? null : new Endpoint(host, 6380);
        return add(new ServerlessCache(name, name + " serverless cache", "available", engine,
                fullEngineVersion.split("\\.")[0], fullEngineVersion, endpoint, reader, null, securityGroupIds,
                subnetIds, FIXTURE_TIME));
    }

    /** Creates a parameter group with the family's engine defaults, as CreateCacheParameterGroup does. */
    public CacheParameterGroup addParameterGroup(String name, String family, String description) {
        CacheParameterGroup group = new CacheParameterGroup(name, family, description, false,
                EngineDefaults.parameters(family));
        synchronized (lock) {
            requireNew(parameterGroups, name, "cache parameter group");
            parameterGroups.put(name, group);
        }
        return group;
    }

    /**
     * Sets a parameter's value with Source {@code user}, as a past ModifyCacheParameterGroup would have (for test
     * setup: no modifiability or default-group checks).
     */
    public void setParameter(String groupName, String parameterName, String value) {
        synchronized (lock) {
            CacheParameterGroup group = parameterGroupOrThrow(groupName);
            CacheParameter parameter = group.parameter(parameterName).orElseThrow(
                    () -> new NoSuchElementException(groupName + " has no parameter " + parameterName));
            parameterGroups.put(groupName, group.with(parameter.withValue(value, "user")));
        }
    }

    public CacheSubnetGroup add(CacheSubnetGroup group) {
        synchronized (lock) {
            requireNew(subnetGroups, group.name(), "cache subnet group");
            subnetGroups.put(group.name(), group);
        }
        return group;
    }

    // ---- EC2 and CloudWatch: populate

    public SecurityGroup add(SecurityGroup group) {
        synchronized (lock) {
            requireNew(securityGroups, group.groupId(), "security group");
            securityGroups.put(group.groupId(), group);
        }
        return group;
    }

    public RouteTable add(RouteTable table) {
        synchronized (lock) {
            requireNew(routeTables, table.routeTableId(), "route table");
            routeTables.put(table.routeTableId(), table);
        }
        return table;
    }

    /** Adds raw samples to a metric's series (in any order; the stand-in aggregates them per query). */
    public void metric(MetricKey key, List<Datapoint> datapoints) {
        synchronized (lock) {
            List<Datapoint> series = metrics.computeIfAbsent(key, k -> new ArrayList<>());
            series.addAll(datapoints);
            series.sort(Comparator.comparing(Datapoint::timestamp));
        }
    }

    // ---- Secrets Manager: populate

    /**
     * Creates the secret with this text value, or puts a new current version into it (a rotation): same ARN, new
     * VersionId.
     *
     * @return the secret's ARN, {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>}
     */
    public String putSecret(String name, String secretString) {
        return put(name, Objects.requireNonNull(secretString, "secretString"), null);
    }

    /** Like {@link #putSecret} for a binary secret (SecretBinary): no SecretString at all. */
    public String putBinarySecret(String name, byte[] secretBinary) {
        return put(name, null, Objects.requireNonNull(secretBinary, "secretBinary"));
    }

    private String put(String name, String text, byte[] binary) {
        if (!name.matches("[A-Za-z0-9/_+=.@-]{1,512}")) {
            throw new IllegalArgumentException("not a Secrets Manager secret name: " + name);
        }
        synchronized (lock) {
            StoredSecret old = secrets.get(name);
            String arn = old != null ? old.arn() : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name
                    + "-" + suffix(name);
            Instant created = old != null ? old.createdDate() : FIXTURE_TIME;
            secrets.put(name, new StoredSecret(name, arn, java.util.UUID.randomUUID().toString(), text, binary,
                    created));
            return arn;
        }
    }

    /** The 6 random-looking characters Secrets Manager appends to a name in the ARN; here derived from the name. */
    private static String suffix(String name) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        long h = Integer.toUnsignedLong(name.hashCode()) * 2654435761L;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            out.append(alphabet.charAt((int) Long.remainderUnsigned(h, alphabet.length())));
            h = Long.divideUnsigned(h, alphabet.length());
        }
        return out.toString();
    }

    // ---- read

    public List<ReplicationGroup> replicationGroups() {
        synchronized (lock) {
            return List.copyOf(replicationGroups.values());
        }
    }

    public Optional<ReplicationGroup> replicationGroup(String id) {
        synchronized (lock) {
            return Optional.ofNullable(replicationGroups.get(id));
        }
    }

    public List<CacheCluster> cacheClusters() {
        synchronized (lock) {
            return List.copyOf(cacheClusters.values());
        }
    }

    public Optional<CacheCluster> cacheCluster(String id) {
        synchronized (lock) {
            return Optional.ofNullable(cacheClusters.get(id));
        }
    }

    public List<ServerlessCache> serverlessCaches() {
        synchronized (lock) {
            return List.copyOf(serverlessCaches.values());
        }
    }

    /** All parameter groups, defaults included, by name. */
    public List<CacheParameterGroup> parameterGroups() {
        synchronized (lock) {
            return List.copyOf(parameterGroups.values());
        }
    }

    public Optional<CacheParameterGroup> parameterGroup(String name) {
        synchronized (lock) {
            return Optional.ofNullable(parameterGroups.get(name));
        }
    }

    /**
     * A parameter's current value in a group.
     *
     * @throws NoSuchElementException if the group or the parameter does not exist
     */
    public String parameterValue(String groupName, String parameterName) {
        synchronized (lock) {
            return parameterGroupOrThrow(groupName).parameter(parameterName)
                    .orElseThrow(() -> new NoSuchElementException(groupName + " has no parameter " + parameterName))
                    .value();
        }
    }

    public List<CacheSubnetGroup> subnetGroups() {
        synchronized (lock) {
            return List.copyOf(subnetGroups.values());
        }
    }

    public List<SecurityGroup> securityGroups() {
        synchronized (lock) {
            return List.copyOf(securityGroups.values());
        }
    }

    public List<RouteTable> routeTables() {
        synchronized (lock) {
            return List.copyOf(routeTables.values());
        }
    }

    /** A metric's raw samples, oldest first (empty if none were loaded). */
    public List<Datapoint> metric(MetricKey key) {
        synchronized (lock) {
            return List.copyOf(metrics.getOrDefault(key, List.of()));
        }
    }

    /** The secret a GetSecretValue SecretId names: its name, full ARN, or ARN without the random suffix. */
    public Optional<StoredSecret> secret(String secretId) {
        synchronized (lock) {
            return secrets.values().stream().filter(sec -> sec.isNamedBy(secretId)).findFirst();
        }
    }

    // ---- changes made by the API (callers hold the lock)

    void putParameterGroup(CacheParameterGroup group) {
        parameterGroups.put(group.name(), group);
    }

    void removeParameterGroup(String name) {
        parameterGroups.remove(name);
    }

    void putCacheCluster(CacheCluster cluster) {
        cacheClusters.put(cluster.cacheClusterId(), cluster);
    }

    private CacheParameterGroup parameterGroupOrThrow(String name) {
        CacheParameterGroup group = parameterGroups.get(name);
        if (group == null) {
            throw new NoSuchElementException("no cache parameter group " + name + " in " + account + "/" + region);
        }
        return group;
    }

    private void requireParameterGroup(String name) {
        if (!parameterGroups.containsKey(name)) {
            throw new IllegalArgumentException("no cache parameter group " + name + " in " + account + "/" + region
                    + ": add it first with addParameterGroup");
        }
    }

    private static void requireNew(Map<String, ?> existing, String id, String what) {
        if (existing.containsKey(id)) {
            throw new IllegalArgumentException(what + " " + id + " already exists");
        }
    }
}
