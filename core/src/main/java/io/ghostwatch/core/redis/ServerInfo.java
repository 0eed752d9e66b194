package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.TargetKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fields of one {@code INFO} reply, parsed by key; unknown keys are kept and ignored.
 * Valkey 8+ reports {@code server_mode} and {@code valkey_version}; both spellings are understood.
 */
public record ServerInfo(Map<String, String> fields) {

    public ServerInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses the raw INFO text: {@code # Section} headers, {@code key:value} lines, CRLF or LF. */
    public static ServerInfo parse(String raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : raw.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new ServerInfo(fields);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    public OptionalLong getLong(String key) {
        String v = fields.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public RedisVersion version() {
        return RedisVersion.parse(get("valkey_version").or(() -> get("redis_version")).orElse(null));
    }

    /** "valkey" when the server says so, else "redis". */
    public String product() {
        return fields.containsKey("valkey_version") ? "valkey" : "redis";
    }

    public TargetKind mode() {
        String mode = get("server_mode").or(() -> get("redis_mode")).orElse("");
        return switch (mode) {
            case "standalone" -> TargetKind.STANDALONE;
            case "cluster" -> TargetKind.CLUSTER;
            case "sentinel" -> TargetKind.SENTINEL;
            default -> fields.containsKey("sentinel_masters") ? TargetKind.SENTINEL : TargetKind.UNKNOWN;
        };
    }

    public NodeRole role() {
        if (mode() == TargetKind.SENTINEL) {
            return NodeRole.SENTINEL;
        }
        return switch (get("role").orElse("")) {
            case "master" -> NodeRole.MASTER;
            case "slave", "replica" -> NodeRole.REPLICA;
            default -> NodeRole.UNKNOWN;
        };
    }

    public OptionalLong connectedClients() { return getLong("connected_clients"); }
    public OptionalLong maxclients() { return getLong("maxclients"); }
    public OptionalLong blockedClients() { return getLong("blocked_clients"); }
    public OptionalLong rejectedConnections() { return getLong("rejected_connections"); }
    public OptionalLong totalConnectionsReceived() { return getLong("total_connections_received"); }
    public OptionalLong uptimeSeconds() { return getLong("uptime_in_seconds"); }

    /** The config file the server was started with; empty when it runs without one (CONFIG REWRITE then fails). */
    public Optional<String> configFile() {
        return get("config_file").filter(s -> !s.isBlank());
    }

    public boolean clusterEnabled() {
        return "1".equals(fields.get("cluster_enabled"));
    }

    /** Replicas a master lists in its replication section ({@code slaveN:ip=..,port=..,state=..}). */
    public List<HostPort> replicas() {
        List<HostPort> replicas = new ArrayList<>();
        for (int i = 0; fields.containsKey("slave" + i); i++) {
            Map<String, String> attrs = attributes(fields.get("slave" + i));
            String ip = attrs.get("ip");
            String port = attrs.get("port");
            if (ip != null && port != null) {
                try {
                    replicas.add(new HostPort(ip, Integer.parseInt(port)));
                } catch (IllegalArgumentException ignored) {
                    // a malformed replica line names no reachable node; the master is still audited
                }
            }
        }
        return replicas;
    }

    /** For a replica: the master it follows. */
    public Optional<HostPort> master() {
        String host = fields.get("master_host");
        String port = fields.get("master_port");
        if (host == null || port == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HostPort(host, Integer.parseInt(port)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A master a Sentinel monitors ({@code masterN:name=..,status=..,address=..,slaves=..,sentinels=..}). */
    public record MonitoredMaster(String name, String status, String address, int replicas, int sentinels) {
    }

    public List<MonitoredMaster> monitoredMasters() {
        List<MonitoredMaster> masters = new ArrayList<>();
        for (int i = 0; fields.containsKey("master" + i); i++) {
            Map<String, String> a = attributes(fields.get("master" + i));
            masters.add(new MonitoredMaster(a.getOrDefault("name", "?"), a.getOrDefault("status", "?"),
                    a.getOrDefault("address", "?"), parseIntOr(a.get("slaves"), 0), parseIntOr(a.get("sentinels"), 0)));
        }
        return masters;
    }

    private static Map<String, String> attributes(String value) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                attrs.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return attrs;
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
