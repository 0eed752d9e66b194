package io.ghostwatch.core.redis;

/** A server version as INFO reports it ({@code redis_version}, or {@code valkey_version} on Valkey 8+). */
public record RedisVersion(int major, int minor, int patch) implements Comparable<RedisVersion> {

    public static final RedisVersion UNKNOWN = new RedisVersion(0, 0, 0);

    /** Parses "7.0.15", "6.2" or "255.255.255" (unstable builds); anything else is UNKNOWN. */
    public static RedisVersion parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String[] parts = text.trim().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            int patch = parts.length > 2 ? Integer.parseInt(parts[2].replaceAll("[^0-9].*$", "")) : 0;
            return new RedisVersion(major, minor, patch);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    public boolean isKnown() {
        return !equals(UNKNOWN);
    }

    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    @Override
    public int compareTo(RedisVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return isKnown() ? major + "." + minor + "." + patch : "unknown";
    }
}
