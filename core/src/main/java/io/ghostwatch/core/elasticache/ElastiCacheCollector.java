package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads, for every cache of one account and region, what the AWS APIs say about it into an
 * {@link ElastiCacheSnapshot}: its parameter group's values (each group read once, with every cache that uses it),
 * its security groups and subnets (read once each), and {@code CurrConnections} of all its nodes (one GetMetricData for
 * the whole region). A fact that cannot be read is unreadable in the snapshots that need it, with the reason.
 */
public final class ElastiCacheCollector {

    private final ParameterGroupReader parameterGroups;
    private final NetworkReader network;
    private final ConnectionMetrics metrics;
    private final Duration history;
    private final Clock clock;

    /** @param history how far back to read connection counts (the policy's historyDays) */
    public ElastiCacheCollector(AwsClients.RegionClients clients, Duration history, Clock clock) {
        this.parameterGroups = new ParameterGroupReader(clients.elastiCache());
        this.network = new NetworkReader(clients.elastiCache(), clients.ec2());
        this.metrics = new ConnectionMetrics(clients.cloudWatch());
        this.history = history;
        this.clock = clock;
    }

    public List<ElastiCacheSnapshot> collect(RegionInventory inventory) {
        List<CacheResource> caches = inventory.caches();
        Map<String, List<String>> usedBy = new TreeMap<>();
        for (CacheResource c : caches) {
            if (c instanceof NodeBasedCache n) {
                n.parameterGroups().forEach(g -> usedBy.computeIfAbsent(g, k -> new ArrayList<>()).add(n.id()));
            }
        }
        network.prefetchSecurityGroups(caches.stream().flatMap(c -> c.securityGroupIds().stream()).toList());
        Instant now = clock.instant();
        Readout<Map<String, List<ConnectionPoint>>> connections = connections(caches, now);
        List<ElastiCacheSnapshot> snapshots = new ArrayList<>();
        for (CacheResource cache : caches) {
            Readout<List<SecurityGroup>> groups = cache.securityGroupIds().isEmpty()
                    ? Readout.unreadable("the cache lists no VPC security group (EC2-Classic or a cache still being created)")
                    : network.securityGroups(cache.securityGroupIds());
            Readout<List<SubnetPlacement>> subnets = switch (cache) {
                case NodeBasedCache n -> network.subnetsOfGroup(n.subnetGroup());
                case ServerlessCache s -> network.placements(NetworkReader.vpcOf(groups), s.subnetIds());
            };
            Readout<ParameterGroupSettings> parameters = switch (cache) {
                case NodeBasedCache n -> parameterGroup(n, usedBy);
                case ServerlessCache s -> Readout.unreadable("a serverless cache has no cache parameter group");
            };
            snapshots.add(new ElastiCacheSnapshot(cache, now, parameters, groups, subnets,
                    connections.map(all -> ofCache(cache, all)), Map.of()));
        }
        return snapshots;
    }

    private Readout<ParameterGroupSettings> parameterGroup(NodeBasedCache cache, Map<String, List<String>> usedBy) {
        List<String> groups = cache.parameterGroups();
        if (groups.isEmpty()) {
            return Readout.unreadable("ElastiCache lists no cache parameter group for the nodes of " + cache.id());
        }
        if (groups.size() > 1) {
            return Readout.unreadable("the nodes of " + cache.id() + " run with different parameter groups ("
                    + cache.nodes().stream().map(n -> n.id() + ": " + n.parameterGroup())
                    .collect(Collectors.joining(", ")) + "): a change is being applied; audit again once it is in-sync");
        }
        return parameterGroups.read(groups.getFirst(), usedBy.getOrDefault(groups.getFirst(), List.of(cache.id())));
    }

    private Readout<Map<String, List<ConnectionPoint>>> connections(List<CacheResource> caches, Instant now) {
        List<ConnectionMetrics.Series> series = new ArrayList<>();
        for (CacheResource c : caches) {
            c.nodes().forEach(n -> series.add(ConnectionMetrics.Series.of(c, n)));
        }
        if (series.isEmpty()) {
            return Readout.known(Map.of());
        }
        try {
            return Readout.known(metrics.hourlyMaxima(series, now.minus(history), now));
        } catch (AwsCallException e) {
            return Readout.unreadable(e.getMessage());
        }
    }

    /** The cache's own series, keyed by node ID. */
    private static Map<String, List<ConnectionPoint>> ofCache(CacheResource cache, Map<String, List<ConnectionPoint>> all) {
        Map<String, List<ConnectionPoint>> mine = new LinkedHashMap<>();
        for (CacheNode n : cache.nodes()) {
            mine.put(n.id(), List.copyOf(all.getOrDefault(ConnectionMetrics.Series.key(cache, n), List.of())));
        }
        return mine;
    }
}
