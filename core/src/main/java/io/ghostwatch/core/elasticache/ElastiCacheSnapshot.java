package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything read about one ElastiCache cache in one audit, immutable: the checks are pure functions of it. Each fact
 * is a {@link Readout}: a value, or why it could not be read (e.g. "not allowed: elasticache:DescribeCacheParameters").
 *
 * @param parameterGroup the group its nodes run with and its values (node-based caches; a serverless cache has none)
 * @param securityGroups its VPC security groups with their inbound rules
 * @param subnets        the subnets its nodes may be placed in, public or not
 * @param connections    CloudWatch {@code CurrConnections} per node ID: hourly maxima, oldest first
 * @param direct         per node ID, the audit over a direct Redis connection (INFO and CLIENT LIST, no CONFIG), for
 *                       the nodes the config gives a connection for; empty otherwise
 */
public record ElastiCacheSnapshot(CacheResource resource, Instant collectedAt,
                                  Readout<ParameterGroupSettings> parameterGroup,
                                  Readout<List<SecurityGroup>> securityGroups,
                                  Readout<List<SubnetPlacement>> subnets,
                                  Readout<Map<String, List<ConnectionPoint>>> connections,
                                  Map<String, NodeReport> direct) {

    /** ElastiCache's limit on client connections per node (its maxclients, which cannot be changed). */
    public static final long MAX_CONNECTIONS_PER_NODE = 65_000;

    public ElastiCacheSnapshot {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(collectedAt, "collectedAt");
        Objects.requireNonNull(parameterGroup, "parameterGroup");
        Objects.requireNonNull(securityGroups, "securityGroups");
        Objects.requireNonNull(subnets, "subnets");
        Objects.requireNonNull(connections, "connections");
        direct = Collections.unmodifiableMap(new LinkedHashMap<>(direct));
    }
}
