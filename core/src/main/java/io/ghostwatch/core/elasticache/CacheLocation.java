package io.ghostwatch.core.elasticache;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where ElastiCache resources live: an account, as the config names it ({@code prod}, or {@value #DEFAULT_ACCOUNT} for
 * the credentials Ghostwatch runs with), and a region. Its {@link #name()} prefixes the names of the caches in it.
 */
public record CacheLocation(String account, String region) implements Comparable<CacheLocation> {

    /** The label of the account whose credentials Ghostwatch runs with, when the config names no accounts. */
    public static final String DEFAULT_ACCOUNT = "default";
    /** An account label: letters, digits, '.', '_', '-' (no '/', which separates the parts of a cache's name). */
    public static final Pattern ACCOUNT_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** An AWS region code: us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1, cn-north-1. */
    public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    public CacheLocation {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        if (!ACCOUNT_LABEL.matcher(account).matches()) {
            throw new IllegalArgumentException("'" + account + "' is not an account label (letters, digits, '.', '_',"
                    + " '-'; up to 64 characters)");
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("'" + region + "' is not an AWS region code (valid form: us-east-1)");
        }
    }

    /** {@code prod/us-east-1}. */
    public String name() {
        return account + "/" + region;
    }

    /** The name of a cache here: {@code prod/us-east-1/orders}. */
    public String nameOf(String cacheId) {
        return name() + "/" + cacheId;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public int compareTo(CacheLocation o) {
        int c = account.compareTo(o.account);
        return c != 0 ? c : region.compareTo(o.region);
    }
}
