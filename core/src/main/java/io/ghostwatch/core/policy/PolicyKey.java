package io.ghostwatch.core.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every threshold Ghostwatch uses, with its default and valid range. Settable in the config file's
 * {@code policy:} section and on the command line with {@code --policy key=value}.
 */
public enum PolicyKey {
    MIN_TIMEOUT_SECONDS("minTimeoutSeconds", 300, 1, 31_536_000,
            "timeout below this kills healthy pooled connections (FAIL LOW); also the lowest timeout a fix may set"),
    MAX_TIMEOUT_SECONDS("maxTimeoutSeconds", 604_800, 1, 31_536_000,
            "the highest timeout a fix may set"),
    RECOMMENDED_TIMEOUT_SECONDS("recommendedTimeoutSeconds", 86_400, 1, 31_536_000,
            "the first, safe timeout the fix plans propose (the incidents: start at 86400, then lower toward 7200)"),
    MIN_KEEPALIVE_SECONDS("minKeepaliveSeconds", 60, 1, 86_400,
            "the lowest tcp-keepalive a fix may set"),
    MAX_KEEPALIVE_SECONDS("maxKeepaliveSeconds", 300, 1, 86_400,
            "tcp-keepalive above this detects dead peers too slowly (FAIL LOW); also the highest a fix may set"),
    RECOMMENDED_KEEPALIVE_SECONDS("recommendedKeepaliveSeconds", 300, 1, 86_400,
            "the tcp-keepalive the fix plans propose"),
    GHOST_IDLE_SECONDS("ghostIdleSeconds", 86_400, 1, 31_536_000,
            "a client idle longer than this is counted as a probable ghost"),
    GHOST_MIN_COUNT("ghostMinCount", 10, 1, 10_000_000,
            "this many probable ghosts on one server fail redis_idle_connections_reaped"),
    MIN_KILL_IDLE_SECONDS("minKillIdleSeconds", 60, 1, 31_536_000,
            "kill-idle refuses an idle threshold below this (lower ones risk killing healthy pooled connections"
                    + " that merely wait between commands)"),
    HEADROOM_PERCENT("headroomPercent", 80, 1, 100,
            "connected_clients at or above this share of maxclients fails redis_connection_headroom"),
    CENSUS_MAX_CLIENTS("censusMaxClients", 20_000, 0, 10_000_000,
            "above this many connected clients CLIENT LIST (O(clients) on Redis's main thread) is skipped"),
    HISTORY_DAYS("historyDays", 14, 1, 400,
            "how many days of stored samples the leak detector looks at"),
    CONNECT_TIMEOUT_MS("connectTimeoutMs", 2_000, 10, 600_000,
            "deadline for one TCP/TLS connect"),
    READ_TIMEOUT_MS("readTimeoutMs", 2_000, 10, 600_000,
            "deadline for one reply from a server"),
    TARGET_DEADLINE_SECONDS("targetDeadlineSeconds", 10, 1, 3_600,
            "the whole audit of one target (all its nodes) must finish within this"),
    CONCURRENCY("concurrency", 64, 1, 4_096,
            "how many targets are audited at once");

    private final String key;
    private final long defaultValue;
    private final long min;
    private final long max;
    private final String description;

    PolicyKey(String key, long defaultValue, long min, long max, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.description = description;
    }

    public String key() { return key; }
    public long defaultValue() { return defaultValue; }
    public long min() { return min; }
    public long max() { return max; }
    public String description() { return description; }

    public static Optional<PolicyKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static String validKeys() {
        return Arrays.stream(values()).map(PolicyKey::key).collect(Collectors.joining(", "));
    }

    /** Parses and range-checks a value for this key; the message names the key, value and valid range. */
    public long parseValue(String text) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("policy " + key + ": '" + text + "' is not a whole number (valid: "
                    + min + ".." + max + ")");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("policy " + key + ": " + value + " is outside the valid range "
                    + min + ".." + max);
        }
        return value;
    }
}
