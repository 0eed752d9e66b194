package io.ghostwatch.core.audit;

import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.check.ElastiCacheChecks;
import io.ghostwatch.core.check.ElastiCacheContext;
import io.ghostwatch.core.check.ElastiCacheInventoryCheck;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ElastiCacheConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.elasticache.CacheLocation;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.elasticache.CacheNode;
import io.ghostwatch.core.elasticache.CacheRegion;
import io.ghostwatch.core.elasticache.ElastiCacheCollector;
import io.ghostwatch.core.elasticache.ElastiCacheDiscovery;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.RegionInventory;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.RedisCollector;
import io.ghostwatch.core.redis.RedisConnectionSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Audits every Redis OSS / Valkey cache in ElastiCache that the config's accounts and regions hold: each account and
 * region on its own virtual thread (one that fails never stops the others), each reported first as a target of its
 * own ({@code prod/us-east-1}, with {@code elasticache_inventory_readable}), then one target per cache with the
 * ElastiCache checks' findings. Where the config gives a direct connection, each node's INFO and CLIENT LIST are read
 * too (the census that attributes ghosts to client addresses), kept in the history store like a self-hosted server's.
 */
public final class ElastiCacheAuditor {

    private final ElastiCacheConfig config;
    private final AwsClients aws;
    private final Policy policy;
    private final Secrets secrets;
    private final Clock clock;
    private final RedisCollector redis;
    private final SampleHistory history;
    /** The caches to audit; empty for every cache of every configured account and region. */
    private final List<CacheName> only;
    private final ElastiCacheInventoryCheck inventoryCheck = new ElastiCacheInventoryCheck();

    /**
     * @param secrets where the direct connections' password references ({@code elasticache.connect[].password}) are
     *                resolved
     * @param history where direct-connection samples are kept and read back; null for none
     */
    public ElastiCacheAuditor(ElastiCacheConfig config, AwsClients aws, Policy policy, Secrets secrets,
                              Clock clock, SampleStore history) {
        this.config = config;
        this.aws = aws;
        this.policy = policy;
        this.secrets = java.util.Objects.requireNonNull(secrets, "secrets");
        this.clock = clock;
        this.redis = new RedisCollector(policy, clock);
        this.history = new SampleHistory(history, Duration.ofDays(policy.get(PolicyKey.HISTORY_DAYS)));
        this.only = List.of();
    }

    private ElastiCacheAuditor(ElastiCacheAuditor all, List<CacheName> only) {
        this.config = all.config;
        this.aws = all.aws;
        this.policy = all.policy;
        this.secrets = all.secrets;
        this.clock = all.clock;
        this.redis = all.redis;
        this.history = all.history;
        this.only = List.copyOf(only);
    }

    /**
     * This auditor restricted to some caches (the CLI's {@code --target prod/us-east-1/orders}, the bot's
     * {@code audit <cache>}): only their regions are searched, and only their reports returned (with a region's, when
     * it could not be listed or holds no such cache).
     */
    public ElastiCacheAuditor only(List<CacheName> caches) {
        return new ElastiCacheAuditor(this, caches);
    }

    /** Every account and region, in config order; within one, the region's own report first, then its caches by name. */
    public List<TargetReport> audit() {
        List<CacheLocation> locations = new ArrayList<>(config.locations());
        List<TargetReport> reports = new ArrayList<>();
        if (!only.isEmpty()) {
            for (CacheLocation wanted : only.stream().map(CacheName::location).distinct().toList()) {
                if (!locations.contains(wanted)) {
                    reports.add(TargetReport.unavailable(new CacheRegion(wanted), AuditStatus.ERROR, "account "
                            + wanted.account() + " and region " + wanted.region() + " are not in the config's"
                            + " elasticache section", 0));
                }
            }
            locations.retainAll(only.stream().map(CacheName::location).toList());
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<TargetReport>>> futures = new ArrayList<>();
            for (CacheLocation location : locations) {
                futures.add(executor.submit(() -> auditRegion(location)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    reports.addAll(futures.get(i).get());
                } catch (ExecutionException e) {
                    reports.add(regionFailed(locations.get(i), "the audit of this region failed: " + e.getCause(), 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reports.add(regionFailed(locations.get(i), "audit interrupted", 0));
                }
            }
        }
        return reports;
    }

    /**
     * One account and region of the config (a shard of a sharded run): the region's own report, then its caches by
     * name. A failure of the region's audit is its report, never an exception.
     *
     * @throws IllegalArgumentException when the config does not name that account and region
     */
    public List<TargetReport> audit(CacheLocation location) {
        if (!config.locations().contains(location)) {
            throw new IllegalArgumentException("account " + location.account() + " and region " + location.region()
                    + " are not in the config's elasticache section; it has " + config.locations());
        }
        long started = System.nanoTime();
        try {
            return auditRegion(location);
        } catch (RuntimeException e) {
            return List.of(regionFailed(location, "the audit of this region failed: " + e, elapsedMs(started)));
        }
    }

    private List<TargetReport> auditRegion(CacheLocation location) {
        long started = System.nanoTime();
        ElastiCacheConfig.Account account = config.account(location.account()).orElseThrow();
        AwsClients.RegionClients clients;
        try {
            clients = aws.in(account, location.region());
        } catch (AwsCallException e) {
            return List.of(region(RegionInventory.unreachable(location, e.getMessage()), elapsedMs(started)));
        }
        RegionInventory inventory = new ElastiCacheDiscovery(clients.elastiCache(), location).discover();
        TargetReport region = region(inventory, elapsedMs(started));
        List<TargetReport> reports = new ArrayList<>();
        if (!only.isEmpty()) {
            List<String> wanted = only.stream().filter(c -> c.location().equals(location)).map(CacheName::cacheId)
                    .toList();
            inventory = inventory.restrictedTo(wanted);
            List<String> found = inventory.caches().stream().map(c -> c.id()).toList();
            List<String> missing = wanted.stream().filter(id -> !found.contains(id)).toList();
            if (region.status() != AuditStatus.AUDITED) {
                reports.add(region);
            } else if (!missing.isEmpty()) {
                reports.add(TargetReport.unavailable(new CacheRegion(location), AuditStatus.ERROR, "no Redis OSS /"
                        + " Valkey cache named " + String.join(", ", missing) + " in " + location, elapsedMs(started)));
            }
        } else {
            reports.add(region);
        }
        List<ElastiCacheSnapshot> snapshots = new ElastiCacheCollector(clients,
                Duration.ofDays(policy.get(PolicyKey.HISTORY_DAYS)), clock).collect(inventory);
        for (ElastiCacheSnapshot snapshot : snapshots) {
            reports.add(cache(snapshot));
        }
        return reports;
    }

    private TargetReport region(RegionInventory inventory, long durationMs) {
        Finding finding = inventoryCheck.evaluate(inventory);
        boolean complete = inventory.nodeBased().isKnown() && inventory.serverless().isKnown();
        return new TargetReport(new CacheRegion(inventory.location()), io.ghostwatch.core.model.TargetKind.UNKNOWN,
                complete ? AuditStatus.AUDITED : AuditStatus.ERROR, complete ? null : finding.detail(), List.of(),
                List.of(finding), durationMs);
    }

    private TargetReport regionFailed(CacheLocation location, String why, long durationMs) {
        return region(RegionInventory.unreachable(location, why), durationMs);
    }

    private TargetReport cache(ElastiCacheSnapshot aws) {
        long started = System.nanoTime();
        String name = aws.resource().name();
        List<String> warnings = new ArrayList<>();
        List<NodeReport> nodes = direct(aws, warnings);
        Map<String, NodeReport> byNodeId = new LinkedHashMap<>();
        Map<String, List<ServerSample>> censusHistory = new LinkedHashMap<>();
        List<ServerSample> samples = new ArrayList<>();
        for (NodeReport node : nodes) {
            String nodeId = nodeIdOf(aws, node.node());
            byNodeId.put(nodeId, node);
            if (node.snapshot() != null) {
                ServerSample sample = ServerSample.of(name, node.snapshot());
                samples.add(sample);
                history.of(sample).orElse(List.of(sample)).forEach(s ->
                        censusHistory.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(s));
            }
        }
        history.append(samples, warnings);
        ElastiCacheSnapshot snapshot = new ElastiCacheSnapshot(aws.resource(), aws.collectedAt(), aws.parameterGroup(),
                aws.securityGroups(), aws.subnets(), aws.connections(), byNodeId);
        List<Finding> findings = ElastiCacheChecks.evaluate(new ElastiCacheContext(snapshot, policy, censusHistory));
        List<String> missing = nodes.stream().filter(n -> n.status() != AuditStatus.AUDITED)
                .map(n -> n.node() + " (" + n.error() + ")").toList();
        String error = missing.isEmpty() ? null : missing.size() + " of " + nodes.size()
                + " nodes not reached over the direct connection: " + String.join("; ", missing);
        return new TargetReport(aws.resource(), aws.resource().kind(), AuditStatus.AUDITED, error, nodes, findings,
                elapsedMs(started), warnings, snapshot);
    }

    /** The direct-connection reads of the cache's nodes, when the config gives a connection for it; else none. */
    private List<NodeReport> direct(ElastiCacheSnapshot aws, List<String> warnings) {
        Optional<ElastiCacheConfig.DirectConnection> connection = config.connectionFor(aws.resource().name());
        if (connection.isEmpty()) {
            return List.of();
        }
        Map<HostPort, NodeRole> endpoints = new LinkedHashMap<>();
        for (CacheNode n : aws.resource().nodes()) {
            if (n.endpoint() == null) {
                warnings.add("node " + n.id() + " has no endpoint yet: no census read from it");
            } else {
                endpoints.put(n.endpoint(), n.role());
            }
        }
        RedisConnectionSettings settings;
        try {
            settings = new RedisConnectionSettings(aws.resource().transitEncryption().enabled(), null,
                    connection.get().user(),
                    connection.get().password() == null ? null : connection.get().password().resolve(secrets),
                    policy.getInt(PolicyKey.CONNECT_TIMEOUT_MS), policy.getInt(PolicyKey.READ_TIMEOUT_MS));
        } catch (ConfigException e) {
            return endpoints.entrySet().stream().map(en -> NodeReport.unavailable(en.getKey(), en.getValue(),
                    AuditStatus.ERROR, e.getMessage())).toList();
        }
        Instant deadline = clock.instant().plus(Duration.ofSeconds(policy.get(PolicyKey.TARGET_DEADLINE_SECONDS)));
        return NodeReads.collect(endpoints, node -> redis.collectManaged(node, settings), deadline, clock);
    }

    private static String nodeIdOf(ElastiCacheSnapshot aws, HostPort endpoint) {
        return aws.resource().nodes().stream().filter(n -> endpoint.equals(n.endpoint())).map(CacheNode::id)
                .findFirst().orElse(endpoint.toString());
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
