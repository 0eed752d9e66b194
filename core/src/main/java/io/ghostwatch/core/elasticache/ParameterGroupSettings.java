package io.ghostwatch.core.elasticache;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cache parameter group a node-based cache runs with, and the values in it.
 *
 * <p>A default group ({@code default.redis7}, {@code default.valkey8.cluster.on}, ...) cannot be modified: a fix needs
 * a custom group in the same family, attached to the cache. Its values are the family's engine defaults
 * (DescribeEngineDefaultParameters); a custom group's are read with DescribeCacheParameters.
 *
 * @param usedBy     every replication group and cache cluster in the region that runs with this group, the audited
 *                   cache included: who a change to it reaches
 * @param readWith   the API the values were read with, for the evidence
 */
public record ParameterGroupSettings(String name, String family, Map<String, CacheParameter> parameters,
                                     List<String> usedBy, String readWith) {

    public ParameterGroupSettings {
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
        usedBy = List.copyOf(usedBy);
    }

    /** ElastiCache's default groups are named {@code default.<family>[.cluster.on]} and cannot be modified. */
    public static boolean isDefaultName(String group) {
        return group.startsWith("default.");
    }

    public boolean isDefault() {
        return isDefaultName(name);
    }

    public Optional<CacheParameter> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** True when the group sets this parameter to 0 (e.g. {@code timeout 0}: idle clients are never closed). */
    public boolean isZero(String name) {
        return parameter(name).map(p -> p.longValue().orElse(-1) == 0).orElse(false);
    }

    /** {@code default} or {@code custom}, as the evidence says it. */
    public String kindLabel() {
        return isDefault() ? "default" : "custom";
    }
}
