package io.ghostwatch.bot;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What an adapter writes back: status, headers (one value each), body.
 */
public record EndpointResponse(int status, Map<String, String> headers, String body) {

    public EndpointResponse {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** A status with no body and no headers: 401, 404, 500. */
    public static EndpointResponse empty(int status) {
        return new EndpointResponse(status, Map.of(), "");
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
