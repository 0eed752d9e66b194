package io.ghostwatch.core.check;

import io.ghostwatch.core.model.Finding;
import java.util.ArrayList;
import java.util.List;

/** Every ElastiCache check of one cache, in report order. */
public final class ElastiCacheChecks {
    private static final List<ElastiCacheCheck> ALL = List.of(
            new ElastiCacheIdleTimeoutCheck(),
            new ElastiCacheTcpKeepaliveCheck(),
            new ElastiCacheNetworkAccessCheck(),
            new ElastiCacheAuthCheck(),
            new ElastiCacheTransitEncryptionCheck(),
            new ElastiCacheConnectionHeadroomCheck(),
            new ElastiCacheConnectionCountStableCheck());

    private ElastiCacheChecks() {
    }

    public static List<ElastiCacheCheck> all() {
        return ALL;
    }

    public static List<Finding> evaluate(ElastiCacheContext context) {
        List<Finding> findings = new ArrayList<>();
        ALL.forEach(c -> findings.addAll(c.evaluate(context)));
        return findings;
    }
}
