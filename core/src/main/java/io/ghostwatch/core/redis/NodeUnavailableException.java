package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;

/**
 * A server could not be audited at all. {@link Reason#UNREACHABLE}: no TCP/TLS session could be made;
 * {@link Reason#ERROR}: a session was made but the server would not or could not talk Redis with us
 * (wrong password, garbage reply, no reply within the deadline).
 */
public final class NodeUnavailableException extends Exception {
    public enum Reason { UNREACHABLE, ERROR }

    private final HostPort node;
    private final Reason reason;

    public NodeUnavailableException(HostPort node, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
        this.reason = reason;
    }

    public HostPort node() { return node; }
    public Reason reason() { return reason; }
}
