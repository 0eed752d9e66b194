package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.model.AuditTarget;
import java.util.Map;
import java.util.TreeMap;

/**
 * One account and region searched for caches, reported as a target of its own ({@code prod/us-east-1}) so that a
 * search that failed (a role that cannot be assumed, a missing permission) is an ERROR finding in the report, the
 * digest and the finding store, and one that worked says what it found.
 */
public record CacheRegion(CacheLocation location) implements AuditTarget {

    @Override
    public String name() {
        return location.name();
    }

    @Override
    public String uri() {
        return "elasticache:" + location.region() + " (account " + location.account() + ")";
    }

    @Override
    public Map<String, String> tags() {
        Map<String, String> tags = new TreeMap<>();
        tags.put("service", "elasticache");
        tags.put("account", location.account());
        tags.put("region", location.region());
        return tags;
    }
}
