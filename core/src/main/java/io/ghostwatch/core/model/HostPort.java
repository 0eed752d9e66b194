package io.ghostwatch.core.model;

import java.util.Objects;

/** A network endpoint. IPv6 hosts are written in brackets: {@code [::1]:6379}. */
public record HostPort(String host, int port) implements Comparable<HostPort> {
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /** Parses {@code host:port}, {@code [v6]:port} or Redis's {@code v6:port} (last colon splits). */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String port = text.substring(colon + 1);
        try {
            return new HostPort(text.substring(0, colon), Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a port that is not a number: '" + port + "'");
        }
    }

    /** The host alone of a {@code host:port} string, without brackets; the input itself if it has no port. */
    public static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : address;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    public boolean isLoopback() {
        return isLoopbackHost(host);
    }

    public static boolean isLoopbackHost(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1") || host.startsWith("::ffff:127.");
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public int compareTo(HostPort o) {
        int c = host.compareTo(o.host);
        return c != 0 ? c : Integer.compare(port, o.port);
    }
}
