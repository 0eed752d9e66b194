package io.ghostwatch.core.check;

import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.elasticache.CacheResource;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ClientCensus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an ElastiCache check sees: the cache's snapshot, the policy, and for nodes Ghostwatch has a direct connection
 * to, their stored census samples (oldest first, ending with this audit's), keyed by node ID.
 */
public record ElastiCacheContext(ElastiCacheSnapshot snapshot, Policy policy,
                                 Map<String, List<ServerSample>> censusHistory) {

    public ElastiCacheContext {
        censusHistory = Map.copyOf(censusHistory);
    }

    public ElastiCacheContext(ElastiCacheSnapshot snapshot, Policy policy) {
        this(snapshot, policy, Map.of());
    }

    public CacheResource cache() {
        return snapshot.resource();
    }

    /** The cache as a sentence names it: {@code replication group orders (prod/us-east-1)}. */
    public String who() {
        return cache().typeLabel() + " " + cache().id() + " (" + cache().location() + ")";
    }

    /** The same, capitalised, to start a sentence. */
    public String whoStarts() {
        String w = who();
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** The finding node of a finding about the whole cache: its ID. */
    public String node() {
        return cache().id();
    }

    /** The largest client census taken over a direct connection, if any (the one a timeout is best judged by). */
    public Optional<ClientCensus> census() {
        return snapshot.direct().values().stream().map(NodeReport::snapshot).filter(Objects::nonNull)
                .map(s -> s.census().orElse(null)).filter(c -> c != null && !c.isSkipped())
                .max(Comparator.comparingInt(ClientCensus::connections));
    }
}
