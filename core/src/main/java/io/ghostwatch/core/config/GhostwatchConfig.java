package io.ghostwatch.core.config;

import io.ghostwatch.core.policy.Policy;
import java.util.List;

/**
 * A loaded config file: the inventory, the policy, where the Slack digest goes, and the mutes.
 *
 * @param slack the {@code slack:} section, or null when the file has none
 * @param mutes the {@code mutes:} entries in file order, expired ones included (they are reported, then ignored)
 */
public record GhostwatchConfig(List<TargetSpec> targets, Policy policy, SlackConfig slack, List<Mute> mutes) {
    public GhostwatchConfig {
        targets = List.copyOf(targets);
        mutes = List.copyOf(mutes);
    }

    /** Inventory and policy only: no Slack, no mutes. */
    public GhostwatchConfig(List<TargetSpec> targets, Policy policy) {
        this(targets, policy, null, List.of());
    }

    public static GhostwatchConfig empty() {
        return new GhostwatchConfig(List.of(), Policy.defaults());
    }
}
