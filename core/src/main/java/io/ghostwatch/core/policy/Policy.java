package io.ghostwatch.core.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** An immutable set of thresholds: defaults, overridden by the config file, overridden by the CLI. */
public final class Policy {
    private static final Policy DEFAULTS = new Policy(new EnumMap<>(PolicyKey.class));

    private final EnumMap<PolicyKey, Long> overrides;

    private Policy(EnumMap<PolicyKey, Long> overrides) {
        this.overrides = overrides;
    }

    public static Policy defaults() {
        return DEFAULTS;
    }

    public long get(PolicyKey key) {
        return overrides.getOrDefault(key, key.defaultValue());
    }

    public int getInt(PolicyKey key) {
        return Math.toIntExact(get(key));
    }

    /** A copy with one key set; the value must already be range-checked by {@link PolicyKey#parseValue}. */
    public Policy with(PolicyKey key, long value) {
        if (value < key.min() || value > key.max()) {
            throw new IllegalArgumentException("policy " + key.key() + ": " + value + " is outside the valid range "
                    + key.min() + ".." + key.max());
        }
        EnumMap<PolicyKey, Long> copy = new EnumMap<>(PolicyKey.class);
        copy.putAll(overrides);
        copy.put(key, value);
        return new Policy(copy);
    }

    /** Applies {@code key=value} text, as given to {@code --policy}. */
    public Policy withAssignment(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--policy '" + assignment + "' is not key=value; valid keys: "
                    + PolicyKey.validKeys());
        }
        String name = assignment.substring(0, eq).trim();
        PolicyKey key = PolicyKey.byKey(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown policy key '" + name + "'; valid keys: " + PolicyKey.validKeys()));
        return with(key, key.parseValue(assignment.substring(eq + 1)));
    }

    /**
     * Checks what each key cannot check alone: every min..max pair must leave a non-empty range.
     *
     * @throws IllegalArgumentException naming both keys and their values
     */
    public Policy requireConsistent() {
        requireOrdered(PolicyKey.MIN_TIMEOUT_SECONDS, PolicyKey.MAX_TIMEOUT_SECONDS);
        requireOrdered(PolicyKey.MIN_KEEPALIVE_SECONDS, PolicyKey.MAX_KEEPALIVE_SECONDS);
        return this;
    }

    private void requireOrdered(PolicyKey min, PolicyKey max) {
        if (get(min) > get(max)) {
            throw new IllegalArgumentException("policy " + min.key() + " (" + get(min) + ") is above " + max.key()
                    + " (" + get(max) + "): the range a fix may use would be empty");
        }
    }

    public Map<PolicyKey, Long> overrides() {
        return Collections.unmodifiableMap(overrides);
    }

    @Override
    public String toString() {
        return "Policy" + overrides;
    }
}
