package io.ghostwatch.core.run;

import io.ghostwatch.core.config.GhostwatchConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a run is cut: the inventory in slices of at most {@code targetsPerShard} targets, in config order, then one
 * shard per ElastiCache account and region. Every shard of a run audits with the same config, named by its digest, so
 * a deploy between the plan and a shard cannot mix two inventories in one digest.
 *
 * @param config the config's digest ({@link ConfigDigest}), which each shard checks against its own
 */
public record ShardPlan(AuditRun run, String config, List<Shard> shards) {

    /** The range a plan's targets per shard may take. */
    public static final int MIN_TARGETS_PER_SHARD = 1;
    public static final int MAX_TARGETS_PER_SHARD = 20_000;

    public ShardPlan {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(config, "config");
        shards = List.copyOf(shards);
    }

    /**
     * Cuts the config's fleet.
     *
     * @throws IllegalArgumentException when {@code targetsPerShard} is outside
     *                                  {@value #MIN_TARGETS_PER_SHARD}..{@value #MAX_TARGETS_PER_SHARD}
     */
    public static ShardPlan of(AuditRun run, GhostwatchConfig config, String configDigest, int targetsPerShard) {
        checkTargetsPerShard(targetsPerShard, "targets per shard");
        List<Shard> shards = new ArrayList<>();
        int targets = config.targets().size();
        for (int from = 0; from < targets; from += targetsPerShard) {
            shards.add(new Shard.Targets(from, Math.min(targets, from + targetsPerShard)));
        }
        if (config.elasticache() != null) {
            config.elasticache().locations().forEach(l -> shards.add(new Shard.ElastiCache(l)));
        }
        return new ShardPlan(run, configDigest, shards);
    }

    /** @param where names the setting for the message, e.g. "GHOSTWATCH_TARGETS_PER_SHARD" */
    public static int checkTargetsPerShard(int value, String where) {
        if (value < MIN_TARGETS_PER_SHARD || value > MAX_TARGETS_PER_SHARD) {
            throw new IllegalArgumentException(where + " is " + value + "; valid: " + MIN_TARGETS_PER_SHARD + " to "
                    + MAX_TARGETS_PER_SHARD);
        }
        return value;
    }
}
