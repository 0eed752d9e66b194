package io.ghostwatch.core.trend;

import java.time.Instant;

/** One observation of a server's connected_clients. */
public record ConnectionPoint(Instant time, long connectedClients) {
}
