package io.ghostwatch.core.history;

import java.time.Instant;
import java.util.List;

/**
 * One audit's measurement of one server, kept as history: the raw material of leak detection.
 *
 * @param target    the inventory name of the target the server belongs to
 * @param node      the server, {@code host:port}
 * @param maxclients -1 when it could not be read
 * @param addresses the census summary per client address; empty when no census was taken
 */
public record ServerSample(String target, String node, Instant time, long connectedClients, long maxclients,
                           long rejectedConnections, long totalConnectionsReceived, List<AddressSample> addresses) {

    public ServerSample {
        addresses = List.copyOf(addresses);
    }

    /** The sample an audit of {@code snapshot} contributes to the history of {@code target}. */
    public static ServerSample of(String target, io.ghostwatch.core.redis.NodeSnapshot snapshot) {
        var info = snapshot.info();
        List<AddressSample> addresses = switch (snapshot.census()) {
            case io.ghostwatch.core.redis.Readout.Known<io.ghostwatch.core.redis.ClientCensus>(var c) when !c.isSkipped() ->
                    c.addresses().stream().map(a -> new AddressSample(a.address(), a.connections(),
                            a.idleOverSeconds().getOrDefault(3_600L, 0), a.idleOverSeconds().getOrDefault(86_400L, 0),
                            a.oldestAgeSeconds())).toList();
            default -> List.of();
        };
        return new ServerSample(target, snapshot.node().toString(), snapshot.collectedAt(),
                info.connectedClients().orElse(0), snapshot.maxclients().orElse(-1L),
                info.rejectedConnections().orElse(0), info.totalConnectionsReceived().orElse(0), addresses);
    }

    /** The series key: one history per server of a target. */
    public String seriesKey() {
        return target + "/" + node;
    }

    /**
     * The census of one client address at that time.
     *
     * @param idleOver1h connections idle longer than one hour
     * @param idleOver1d connections idle longer than one day
     */
    public record AddressSample(String address, int connections, int idleOver1h, int idleOver1d, long oldestAgeSeconds) {
    }
}
