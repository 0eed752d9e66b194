package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code bind} setting, understood. Addresses may carry Redis's "-" prefix (optional: skip if absent).
 * An empty value means no bind line: Redis then listens on every interface ({@code * -::*}).
 */
public record BindAddresses(String raw, List<String> addresses) {

    public static BindAddresses parse(String raw) {
        List<String> addresses = Arrays.stream(raw.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .map(s -> s.startsWith("-") ? s.substring(1) : s)
                .toList();
        return new BindAddresses(raw.trim(), addresses);
    }

    /** No bind line configured (how 6.2 and older report it; 7.0+ report the effective "* -::*"). */
    public boolean isUnset() {
        return addresses.isEmpty();
    }

    /** Listening on every interface: no bind line, or a wildcard ({@code 0.0.0.0}, {@code *}, {@code ::}). */
    public boolean allInterfaces() {
        return isUnset() || addresses.stream().anyMatch(BindAddresses::isWildcard);
    }

    /** Some listening address other hosts can reach: a wildcard or any non-loopback address. */
    public boolean beyondLoopback() {
        return isUnset() || addresses.stream().anyMatch(a -> !HostPort.isLoopbackHost(a));
    }

    static boolean isWildcard(String address) {
        return address.equals("*") || address.equals("0.0.0.0") || address.equals("::") || address.equals("::*");
    }

    /** How the setting reads in a sentence. */
    public String describe() {
        return isUnset() ? "no bind (all interfaces)" : "bind " + raw;
    }
}
