package io.ghostwatch.core.redis;

/**
 * What happened when Ghostwatch opened an extra connection without credentials and sent PING: the direct
 * test of unauthenticated access from where Ghostwatch runs.
 */
public sealed interface ProbeResult {

    /** True when the probe's destination address is a loopback address (protected mode never applies). */
    boolean overLoopback();

    /** PING answered PONG: anyone who can reach this address can run commands. */
    record Accepted(boolean overLoopback) implements ProbeResult {
    }

    /** The server demanded a password ({@code -NOAUTH}). */
    record AuthRequired(boolean overLoopback, String reply) implements ProbeResult {
    }

    /** Protected mode refused a non-local client ({@code -DENIED}). */
    record Denied(boolean overLoopback, String reply) implements ProbeResult {
    }

    /** The probe could not be completed (the reason says why); nothing is concluded from it. */
    record Inconclusive(boolean overLoopback, String reason) implements ProbeResult {
    }
}
