package io.ghostwatch.core.testing.aws;

import java.util.Objects;

/** A host name and port a client connects to, as ElastiCache reports one (node, primary, reader, configuration). */
public record Endpoint(String address, int port) {

    public Endpoint {
        Objects.requireNonNull(address, "address");
    }

    /** {@code address:port}. */
    @Override
    public String toString() {
        return address + ":" + port;
    }
}
