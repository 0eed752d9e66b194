package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsCall;
import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.redis.Readout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroup;
import software.amazon.awssdk.services.elasticache.model.EngineDefaults;
import software.amazon.awssdk.services.elasticache.model.Parameter;

/**
 * Reads cache parameter groups of one account and region, each once however many caches share it: the group's family
 * (DescribeCacheParameterGroups), then its values, every page: a default group's from the family's engine defaults
 * (DescribeEngineDefaultParameters), a custom group's from DescribeCacheParameters.
 */
public final class ParameterGroupReader {

    /** A group read (or not), before it is told who uses it. */
    private record Read(String name, String family, Map<String, CacheParameter> parameters, String readWith) {
    }

    private final ElastiCacheClient client;
    private final Map<String, Readout<Read>> cache = new ConcurrentHashMap<>();

    public ParameterGroupReader(ElastiCacheClient client) {
        this.client = client;
    }

    /**
     * The group and its values.
     *
     * @param usedBy every cache in the region running with it (the blast radius of a change to it)
     */
    public Readout<ParameterGroupSettings> read(String group, List<String> usedBy) {
        return cache.computeIfAbsent(group, this::fetch)
                .map(r -> new ParameterGroupSettings(r.name(), r.family(), r.parameters(), usedBy, r.readWith()));
    }

    private Readout<Read> fetch(String group) {
        try {
            String family = family(group);
            if (ParameterGroupSettings.isDefaultName(group)) {
                return Readout.known(new Read(group, family, engineDefaults(family),
                        "DescribeEngineDefaultParameters (family " + family + ")"));
            }
            return Readout.known(new Read(group, family, parameters(group), "DescribeCacheParameters"));
        } catch (AwsCallException e) {
            return Readout.unreadable("cannot read parameter group " + group + ": " + e.getMessage());
        }
    }

    /** The group's family, e.g. {@code redis7}. */
    public String family(String group) {
        List<CacheParameterGroup> groups = AwsCall.run(AwsAction.DESCRIBE_CACHE_PARAMETER_GROUPS,
                () -> client.describeCacheParameterGroups(r -> r.cacheParameterGroupName(group)).cacheParameterGroups());
        if (groups.isEmpty()) {
            throw new AwsCallException(AwsAction.DESCRIBE_CACHE_PARAMETER_GROUPS, AwsCallException.Kind.NOT_FOUND,
                    "CacheParameterGroupNotFound", "parameter group " + group + " does not exist", null);
        }
        return groups.getFirst().cacheParameterGroupFamily();
    }

    /** Every parameter of a (custom) group, every page. */
    public Map<String, CacheParameter> parameters(String group) {
        Map<String, CacheParameter> values = new LinkedHashMap<>();
        AwsCall.run(AwsAction.DESCRIBE_CACHE_PARAMETERS, () -> client.describeCacheParametersPaginator(
                r -> r.cacheParameterGroupName(group).maxRecords(100)).parameters().stream().toList())
                .forEach(p -> values.put(p.parameterName(), parameter(p)));
        return values;
    }

    /** The family's engine defaults, every page (the marker lives inside EngineDefaults). */
    public Map<String, CacheParameter> engineDefaults(String family) {
        Map<String, CacheParameter> values = new LinkedHashMap<>();
        String marker = null;
        do {
            String from = marker;
            EngineDefaults page = AwsCall.run(AwsAction.DESCRIBE_ENGINE_DEFAULT_PARAMETERS,
                    () -> client.describeEngineDefaultParameters(r -> r.cacheParameterGroupFamily(family).maxRecords(100)
                            .marker(from)).engineDefaults());
            page.parameters().forEach(p -> values.put(p.parameterName(), parameter(p)));
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return values;
    }

    private static CacheParameter parameter(Parameter p) {
        return new CacheParameter(p.parameterName(), p.parameterValue(), p.source(),
                p.changeType() == null ? null : p.changeTypeAsString(), Boolean.TRUE.equals(p.isModifiable()));
    }
}
