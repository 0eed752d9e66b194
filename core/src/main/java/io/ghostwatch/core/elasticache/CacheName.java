package io.ghostwatch.core.elasticache;

import java.util.Optional;

/**
 * The name of an ElastiCache target, {@code <account>/<region>/<cache id>}, parsed: how the CLI, the bot and the change
 * workflow tell an ElastiCache target from an inventory one (inventory names never hold '/').
 */
public record CacheName(CacheLocation location, String cacheId) {

    /** Replication group, cache cluster and serverless cache IDs: letters, digits and hyphens, up to 50/40 chars. */
    private static final java.util.regex.Pattern CACHE_ID = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,49}");

    public static final String VALID_FORM = "<account>/<region>/<cache id>, e.g. prod/us-east-1/orders";

    /** The parsed name, or empty when {@code text} is not of the form {@value #VALID_FORM}. */
    public static Optional<CacheName> parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3 || !CACHE_ID.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CacheName(new CacheLocation(parts[0], parts[1]), parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when {@code text} has the form of an ElastiCache target name (whether or not such a cache exists). */
    public static boolean looksLike(String text) {
        return text.indexOf('/') >= 0;
    }

    public String value() {
        return location.nameOf(cacheId);
    }

    @Override
    public String toString() {
        return value();
    }
}
