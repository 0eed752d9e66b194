package io.ghostwatch.cli;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ElastiCacheConfig;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.elasticache.CacheLocation;
import io.ghostwatch.core.elasticache.CacheName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --elasticache} and {@code --region}: audit ElastiCache too. The config's {@code elasticache:} section turns it
 * on by itself; {@code --region} narrows every account to the regions given; without a section, {@code --elasticache}
 * searches the account of the credentials in force (named {@value CacheLocation#DEFAULT_ACCOUNT}) in the regions given,
 * else in {@code AWS_REGION} / {@code AWS_DEFAULT_REGION}.
 */
final class ElastiCacheOptions {

    @Option(names = "--elasticache", description = "also audit every Redis OSS / Valkey cache in ElastiCache (the"
            + " config's elasticache: section does this by itself)")
    boolean enabled;

    @Option(names = "--region", paramLabel = "REGION", description = "ElastiCache region to search, e.g. us-east-1"
            + " (repeatable; replaces the config's regions)")
    List<String> regions = new ArrayList<>();

    /** The ElastiCache section in force, or empty when ElastiCache is not audited. */
    Optional<ElastiCacheConfig> resolve(GhostwatchConfig config, Map<String, String> environment) {
        for (String r : regions) {
            if (!CacheLocation.REGION.matcher(r).matches()) {
                throw new ConfigException("--region '" + r + "' is not an AWS region code (valid form: us-east-1)");
            }
        }
        if (config.elasticache() != null) {
            return Optional.of(regions.isEmpty() ? config.elasticache() : config.elasticache().restrictedTo(regions));
        }
        if (!enabled) {
            if (!regions.isEmpty()) {
                throw new ConfigException("--region is for ElastiCache: add --elasticache (or an elasticache: section"
                        + " to the config)");
            }
            return Optional.empty();
        }
        List<String> searched = new ArrayList<>(regions);
        if (searched.isEmpty()) {
            String fromEnv = environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
            if (fromEnv == null || fromEnv.isBlank()) {
                throw new ConfigException("--elasticache needs a region: give --region us-east-1 (repeatable), set"
                        + " AWS_REGION, or list elasticache.regions in the config");
            }
            if (!CacheLocation.REGION.matcher(fromEnv.strip()).matches()) {
                throw new ConfigException("AWS_REGION '" + fromEnv + "' is not an AWS region code (valid form: us-east-1)");
            }
            searched.add(fromEnv.strip());
        }
        return Optional.of(new ElastiCacheConfig(List.of(new ElastiCacheConfig.Account(CacheLocation.DEFAULT_ACCOUNT,
                null, null, searched)), List.of()));
    }

    /** True when a --target value names an ElastiCache cache ({@value CacheName#VALID_FORM}), not a URI or a name. */
    static boolean namesCache(String target) {
        return CacheName.looksLike(target) && !target.contains("://");
    }

    /** The --target values that name ElastiCache caches ({@value CacheName#VALID_FORM}). */
    static List<CacheName> caches(List<String> targets) {
        List<CacheName> caches = new ArrayList<>();
        for (String t : targets) {
            if (namesCache(t)) {
                caches.add(CacheName.parse(t).orElseThrow(() -> new ConfigException("--target '" + t + "' is not an"
                        + " ElastiCache cache name (valid form: " + CacheName.VALID_FORM + ")")));
            }
        }
        return caches;
    }

    /** The refusal of a --target that names a cache when ElastiCache is not audited. */
    static ConfigException notEnabled(CacheName cache) {
        return new ConfigException("--target " + cache + " names an ElastiCache cache: add --elasticache --region R,"
                + " or an elasticache: section to the config");
    }
}
