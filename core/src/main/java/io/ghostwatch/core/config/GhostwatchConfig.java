package io.ghostwatch.core.config;

import io.ghostwatch.core.policy.Policy;
import java.util.List;

/**
 * A loaded config file: the inventory, the policy, where the Slack digest goes, the mutes, and the ElastiCache
 * accounts and regions to search.
 *
 * @param slack       the {@code slack:} section, or null when the file has none
 * @param mutes       the {@code mutes:} entries in file order, expired ones included (they are reported, then ignored)
 * @param elasticache the {@code elasticache:} section, or null when the file has none (ElastiCache is not audited
 *                    unless the CLI's {@code --elasticache} asks for it)
 */
public record GhostwatchConfig(List<TargetSpec> targets, Policy policy, SlackConfig slack, List<Mute> mutes,
                               ElastiCacheConfig elasticache) {
    public GhostwatchConfig {
        targets = List.copyOf(targets);
        mutes = List.copyOf(mutes);
    }

    public GhostwatchConfig(List<TargetSpec> targets, Policy policy, SlackConfig slack, List<Mute> mutes) {
        this(targets, policy, slack, mutes, null);
    }

    /** Inventory and policy only: no Slack, no mutes, no ElastiCache. */
    public GhostwatchConfig(List<TargetSpec> targets, Policy policy) {
        this(targets, policy, null, List.of(), null);
    }

    public static GhostwatchConfig empty() {
        return new GhostwatchConfig(List.of(), Policy.defaults());
    }

    /** This config with another {@code elasticache:} section (the CLI's {@code --elasticache --region}). */
    public GhostwatchConfig withElastiCache(ElastiCacheConfig elasticache) {
        return new GhostwatchConfig(targets, policy, slack, mutes, elasticache);
    }

    /** True when there is anything to audit: inventory targets or ElastiCache accounts. */
    public boolean hasTargets() {
        return !targets.isEmpty() || elasticache != null;
    }
}
