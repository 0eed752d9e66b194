package io.ghostwatch.core.testing.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The engine default parameters of each cache parameter group family the stand-in knows (a realistic subset of what
 * AWS lists: names, defaults, allowed values, modifiability and change types as in the ElastiCache documentation),
 * and which family an engine version belongs to.
 */
public final class EngineDefaults {

    /** The families the stand-in serves, each with a {@code default.<family>} group in every region. */
    public static final List<String> FAMILIES = List.of("memcached1.6", "redis6.x", "redis7", "valkey7", "valkey8");

    private static final Set<String> CLUSTERED = Set.of("redis6.x", "redis7", "valkey7", "valkey8");

    private EngineDefaults() {
    }

    public static boolean known(String family) {
        return FAMILIES.contains(family);
    }

    /** Whether the family has a {@code default.<family>.cluster.on} group (Redis OSS and Valkey). */
    public static boolean hasClusterMode(String family) {
        return CLUSTERED.contains(family);
    }

    /**
     * The family of an engine version: redis 7.x is {@code redis7}, redis 6.x {@code redis6.x}, valkey 8.x
     * {@code valkey8}, memcached 1.6.x {@code memcached1.6}.
     *
     * @throws IllegalArgumentException for an engine or version without a family here
     */
    public static String family(String engine, String engineVersion) {
        String major = engineVersion.split("\\.")[0];
        String family = switch (engine) {
            case "redis" -> major.equals("6") ? "redis6.x" : "redis" + major;
            case "valkey" -> "valkey" + major;
            case "memcached" -> "memcached" + major + "." + engineVersion.split("\\.")[1];
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        if (!known(family)) {
            throw new IllegalArgumentException("no parameter group family for " + engine + " " + engineVersion);
        }
        return family;
    }

    /** The family's engine default parameters, Source {@code system}, sorted by name. */
    public static List<CacheParameter> parameters(String family) {
        if (!known(family)) {
            throw new IllegalArgumentException("unknown family " + family);
        }
        List<CacheParameter> out = new ArrayList<>();
        if (family.startsWith("memcached")) {
            memcached(out);
        } else {
            redis(out, family.equals("redis6.x"));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(out);
    }

    /** The defaults of a {@code default.<family>.cluster.on} group: cluster-enabled is {@code yes}. */
    public static List<CacheParameter> clusterOnParameters(String family) {
        return parameters(family).stream()
                .map(p -> p.name().equals("cluster-enabled") ? p.withValue("yes", "system") : p)
                .toList();
    }

    private static void redis(List<CacheParameter> out, boolean before7) {
        out.add(p("activedefrag", "no", "Enabled active memory defragmentation", "string", "yes,no", true, "4.0.9",
                "immediate"));
        out.add(p("close-on-replica-write", "yes",
                "If enabled, clients who attempt to write to a read-only replica will be disconnected. "
                        + "Applicable to 5.0.6 and higher.",
                "string", "yes,no", true, "5.0.6", "immediate"));
        // modifiable in a custom group: a group for a cluster-mode cache must say yes (default groups cannot change)
        out.add(p("cluster-enabled", "no", "Enable cluster mode", "string", "yes,no", true, "3.2.4",
                "requires-reboot"));
        out.add(p("databases", "16", "Set the number of databases.", "integer", "1-1200000", true, "2.6.13",
                "requires-reboot"));
        out.add(p("lazyfree-lazy-eviction", "no", "Perform an asynchronous delete on evictions", "string", "yes,no",
                true, "4.0.10", "immediate"));
        out.add(p("maxclients", "65000", "The maximum number of Redis clients.", "integer", "1-65000", false,
                "2.6.13", "immediate"));
        out.add(p("maxmemory-policy", "volatile-lru", "Max memory policy.", "string",
                "volatile-lru,allkeys-lru,volatile-lfu,allkeys-lfu,volatile-random,allkeys-random,volatile-ttl,"
                        + "noeviction",
                true, "2.6.13", "immediate"));
        out.add(p("maxmemory-samples", "3", "Max memory samples.", "integer", "1-", true, "2.6.13", "immediate"));
        out.add(p("reserved-memory-percent", "25",
                "The percent of memory to reserve for non-cache memory usage. You may want to increase this "
                        + "parameter for nodes with read replicas, AOF enabled, etc, to reduce swap usage.",
                "integer", "0-100", true, "2.6.13", "immediate"));
        out.add(p("slowlog-log-slower-than", "10000",
                "The execution time, in microseconds, to exceed in order for the command to get logged. Note that a "
                        + "negative number disables the slow log, while a value of zero forces the logging of "
                        + "every command.",
                "integer", "", true, "2.6.13", "immediate"));
        out.add(p("slowlog-max-len", "128",
                "The length of the slow log. There is no limit to this length. Just be aware that it will consume "
                        + "memory. You can reclaim memory used by the slow log with SLOWLOG RESET.",
                "integer", "0-", true, "2.6.13", "immediate"));
        out.add(p("tcp-keepalive", "300", "If non-zero, send ACKs every given number of seconds.", "integer", "0-",
                true, "3.2.4", "immediate"));
        out.add(p("timeout", "0",
                "Close connection if client is idle for a given number of seconds, or never if 0.", "integer",
                "0,20-", true, "2.6.13", "immediate"));
        if (!before7) {
            out.add(p("cluster-allow-reads-when-down", "no",
                    "Allows nodes to serve read traffic while the cluster is in a down state, as long as it "
                            + "believes it owns the slots.",
                    "string", "yes,no", true, "7.0.0", "immediate"));
            out.add(p("latency-tracking", "yes", "Enables or disables the per-command latency metrics.", "string",
                    "yes,no", true, "7.0.0", "immediate"));
        }
    }

    private static void memcached(List<CacheParameter> out) {
        out.add(p("binding_protocol", "auto", "Binding protocol.", "string", "auto,ascii", true, "1.4.5",
                "requires-reboot"));
        out.add(p("chunk_size", "48",
                "The minimum amount, in bytes, of space to allocate for the smallest item's key, value, and flags.",
                "integer", "1-", true, "1.4.5", "requires-reboot"));
        out.add(p("idle_timeout", "0", "The number of seconds a client may be idle before it's disconnected.",
                "integer", "0-", true, "1.4.33", "immediate"));
        out.add(p("max_item_size", "1048576", "The size of the largest item storable in the cache, in bytes.",
                "integer", "1048576-1073741824", true, "1.4.5", "requires-reboot"));
        out.add(p("max_simultaneous_connections", "65000", "The maximum number of simultaneous connections.",
                "integer", "3-65000", false, "1.4.5", "requires-reboot"));
        out.add(p("maxconns_fast", "0",
                "Immediately close new connections if over maximum simultaneous connections limit.", "boolean",
                "0,1", true, "1.4.14", "requires-reboot"));
        out.add(p("memcached_connections_overhead", "100",
                "The amount of memory to reserve for memcached connections and other miscellaneous overhead.",
                "integer", "0-100000", true, "1.4.5", "requires-reboot"));
    }

    private static CacheParameter p(String name, String value, String description, String dataType,
                                    String allowedValues, boolean modifiable, String minimumEngineVersion,
                                    String changeType) {
        return new CacheParameter(name, value, description, "system", dataType, allowedValues, modifiable,
                minimumEngineVersion, changeType);
    }
}
