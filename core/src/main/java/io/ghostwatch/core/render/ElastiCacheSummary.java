package io.ghostwatch.core.render;

import io.ghostwatch.core.elasticache.CacheResource;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.NodeBasedCache;
import io.ghostwatch.core.elasticache.ParameterGroupSettings;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;

/**
 * One line that says what an ElastiCache cache is, for the text and Markdown reports and the digest:
 * {@code replication group · redis 7.1.0 · cluster mode · 6 nodes · parameter group default.redis7.cluster.on (default)
 * · TLS required · AUTH token · available}. Text from AWS is passed through the caller's escaping.
 */
public final class ElastiCacheSummary {
    private ElastiCacheSummary() {
    }

    public static String of(ElastiCacheSnapshot snapshot) {
        CacheResource c = snapshot.resource();
        List<String> parts = new ArrayList<>();
        parts.add(c.typeLabel());
        parts.add(c.engine() + (c.engineVersion() == null ? "" : " " + c.engineVersion()));
        if (c instanceof NodeBasedCache n) {
            if (n.clusterMode()) {
                parts.add("cluster mode");
            }
            parts.add(n.nodes().size() + (n.nodes().size() == 1 ? " node" : " nodes"));
            parts.add(switch (snapshot.parameterGroup()) {
                case Readout.Known<ParameterGroupSettings>(ParameterGroupSettings g) ->
                        "parameter group " + g.name() + " (" + g.kindLabel() + ")";
                case Readout.Unreadable<ParameterGroupSettings> u -> "parameter group unreadable";
            });
        }
        CacheResource.TransitEncryption t = c.transitEncryption();
        parts.add(!t.enabled() ? "no TLS" : t.plaintextAccepted() ? "TLS preferred" : "TLS required");
        CacheResource.CacheAuth a = c.auth();
        parts.add(a.authToken() ? "AUTH token" : !a.userGroups().isEmpty() ? "RBAC user group" : "no AUTH");
        if (c.status() != null) {
            parts.add(c.status());
        }
        return String.join(" \u00b7 ", parts);
    }
}
