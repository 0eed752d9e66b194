package io.ghostwatch.core.testing.aws;

import java.util.Map;
import java.util.Objects;

/** A CloudWatch metric: namespace, name and the exact set of dimensions a query must name to match it. */
public record MetricKey(String namespace, String metricName, Map<String, String> dimensions) {

    public MetricKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        dimensions = Map.copyOf(dimensions);
    }

    /** A per-node ElastiCache metric ({@code AWS/ElastiCache}, dimensions CacheClusterId and CacheNodeId). */
    public static MetricKey cacheNode(String metricName, String cacheClusterId, String cacheNodeId) {
        return new MetricKey("AWS/ElastiCache", metricName,
                Map.of("CacheClusterId", cacheClusterId, "CacheNodeId", cacheNodeId));
    }
}
