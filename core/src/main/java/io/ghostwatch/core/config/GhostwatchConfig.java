package io.ghostwatch.core.config;

import io.ghostwatch.core.policy.Policy;
import java.util.List;

/** A loaded config file: the inventory and the policy. */
public record GhostwatchConfig(List<TargetSpec> targets, Policy policy) {
    public GhostwatchConfig {
        targets = List.copyOf(targets);
    }

    public static GhostwatchConfig empty() {
        return new GhostwatchConfig(List.of(), Policy.defaults());
    }
}
