package io.ghostwatch.core.elasticache;

import java.util.Objects;

/**
 * A parameter's value in a group as read before a change, with its source: putting back a {@code user} value is a
 * ModifyCacheParameterGroup; putting back a {@code system} / {@code engine-default} one is a ResetCacheParameterGroup,
 * so the group says "default" again, not merely the same number.
 */
public record ParameterValue(long value, String source) {
    public ParameterValue {
        if (value < 0) {
            throw new IllegalArgumentException("a parameter value is a whole number >= 0, not " + value);
        }
        Objects.requireNonNull(source, "source");
    }

    public boolean userSet() {
        return "user".equals(source);
    }
}
