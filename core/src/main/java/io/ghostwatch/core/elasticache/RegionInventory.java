package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Redis OSS / Valkey caches of one account in one region, as far as they could be listed: node-based caches
 * (replication groups and the cache clusters outside them) and serverless caches, each list a value or the reason it
 * could not be read. When the account itself cannot be reached (its role cannot be assumed) both say why.
 *
 * @param skipped memcached clusters and caches in other engines seen and left out
 */
public record RegionInventory(CacheLocation location, Readout<List<NodeBasedCache>> nodeBased,
                              Readout<List<ServerlessCache>> serverless, int skipped) {

    public RegionInventory {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(nodeBased, "nodeBased");
        Objects.requireNonNull(serverless, "serverless");
    }

    /** An account or region that could not be searched at all. */
    public static RegionInventory unreachable(CacheLocation location, String reason) {
        return new RegionInventory(location, Readout.unreadable(reason), Readout.unreadable(reason), 0);
    }

    /** This inventory with only the caches named {@code cacheIds} (those that exist). */
    public RegionInventory restrictedTo(List<String> cacheIds) {
        return new RegionInventory(location, nodeBased.map(l -> l.stream().filter(c -> cacheIds.contains(c.id())).toList()),
                serverless.map(l -> l.stream().filter(c -> cacheIds.contains(c.id())).toList()), skipped);
    }

    /** Every cache found, node-based first, each list in name order. */
    public List<CacheResource> caches() {
        List<CacheResource> all = new ArrayList<>(nodeBased.orElse(List.of()));
        all.addAll(serverless.orElse(List.of()));
        return all;
    }
}
