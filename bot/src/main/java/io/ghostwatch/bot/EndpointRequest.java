package io.ghostwatch.bot;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP request as an adapter (local server, Lambda) received it.
 *
 * @param headers       names in lower case (HTTP header names are case-insensitive)
 * @param body          the raw body bytes: the signature covers exactly these
 * @param remoteAddress the peer's address, for the log; may be null
 */
public record EndpointRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
                              String remoteAddress) {

    public EndpointRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        TreeMap<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>())
                .addAll(values));
        lower.replaceAll((name, values) -> List.copyOf(values));
        headers = java.util.Collections.unmodifiableMap(lower);
    }

    /** The first value of a header, by any case of its name; null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
