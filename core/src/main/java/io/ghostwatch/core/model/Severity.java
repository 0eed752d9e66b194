package io.ghostwatch.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How bad a failed check is, most severe first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW;

    /** True when this severity is as bad as, or worse than, {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) <= 0;
    }

    /** Parses a severity name case-insensitively; the error lists the valid choices. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + text + "'; valid choices: " + choices());
        }
    }

    public static String choices() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
