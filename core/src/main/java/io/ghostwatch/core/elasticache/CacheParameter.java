package io.ghostwatch.core.elasticache;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One parameter of a cache parameter group, as DescribeCacheParameters (or DescribeEngineDefaultParameters) reports it.
 *
 * @param value      the value in effect; null when the group leaves it unset
 * @param source     who set it: {@code user} (changed in this group), {@code system} or {@code engine-default}
 * @param changeType {@code immediate} (applies to running nodes) or {@code requires-reboot}
 */
public record CacheParameter(String name, String value, String source, String changeType, boolean modifiable) {

    public CacheParameter {
        Objects.requireNonNull(name, "name");
    }

    /** The value as a whole number, when it is one. */
    public OptionalLong longValue() {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public boolean immediate() {
        return "immediate".equals(changeType);
    }

    /** True when the value was set by a user in this group (not the family default). */
    public boolean userSet() {
        return "user".equals(source);
    }
}
