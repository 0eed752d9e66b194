package io.ghostwatch.core.elasticache;

/**
 * The name of the custom parameter group Ghostwatch creates for a cache that runs with a default group:
 * {@code ghostwatch-<cache id>-<family>} ({@code ghostwatch-orders-redis7}), within ElastiCache's rules (a letter
 * first; letters, digits and single hyphens; no hyphen last; at most 255 characters).
 */
public final class CustomGroupName {
    static final int MAX_LENGTH = 255;

    private CustomGroupName() {
    }

    public static String of(String cacheId, String family) {
        String name = ("ghostwatch-" + cacheId + "-" + family).replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-{2,}", "-");
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        return name.replaceAll("-+$", "");
    }

    /** The {@code n}-th alternative when the name is taken: {@code ghostwatch-orders-redis7-2}. */
    public static String alternative(String name, int n) {
        String suffix = "-" + n;
        String base = name.length() + suffix.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH - suffix.length()) : name;
        return base.replaceAll("-+$", "") + suffix;
    }
}
