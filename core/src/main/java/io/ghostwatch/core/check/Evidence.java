package io.ghostwatch.core.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a finding's evidence in reading order. */
final class Evidence {
    private final Map<String, String> facts = new LinkedHashMap<>();

    static Evidence of(String key, Object value) {
        return new Evidence().and(key, value);
    }

    Evidence and(String key, Object value) {
        if (value != null) {
            facts.put(key, String.valueOf(value));
        }
        return this;
    }

    Map<String, String> map() {
        return facts;
    }
}
