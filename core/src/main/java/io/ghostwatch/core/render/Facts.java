package io.ghostwatch.core.render;

import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.ProbeResult;
import io.ghostwatch.core.redis.Readout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The facts of one node as a flat, ordered map for every renderer: numbers stay numbers, unreadable
 * facts are listed under "unreadable" with their reason.
 */
final class Facts {
    private Facts() {
    }

    static Map<String, Object> of(NodeSnapshot s) {
        Map<String, Object> f = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        f.put("product", s.info().product());
        f.put("version", s.info().version().toString());
        f.put("mode", s.info().mode().label());
        f.put("role", s.role().label());
        put(f, "uptimeSeconds", s.info().uptimeSeconds());
        put(f, "connectedClients", s.info().connectedClients());
        readout(f, unreadable, "maxclients", s.maxclients());
        put(f, "blockedClients", s.info().blockedClients());
        put(f, "rejectedConnections", s.info().rejectedConnections());
        put(f, "totalConnectionsReceived", s.info().totalConnectionsReceived());
        f.put("configFile", s.info().configFile().orElse(null));
        readout(f, unreadable, "timeout", s.config().timeout());
        readout(f, unreadable, "tcpKeepalive", s.config().tcpKeepalive());
        readout(f, unreadable, "bind", s.config().bind());
        readout(f, unreadable, "protectedMode", s.config().protectedMode());
        f.put("unauthenticatedProbe", probe(s.probe()));
        if (!unreadable.isEmpty()) {
            f.put("unreadable", unreadable);
        }
        return f;
    }

    static String probe(ProbeResult p) {
        String where = p.overLoopback() ? " (over loopback)" : " (over the network)";
        return switch (p) {
            case ProbeResult.Accepted a -> "accepted" + where;
            case ProbeResult.AuthRequired a -> "auth required" + where;
            case ProbeResult.Denied d -> "denied by protected mode" + where;
            case ProbeResult.Inconclusive i -> "inconclusive: " + i.reason();
        };
    }

    private static void put(Map<String, Object> f, String key, OptionalLong v) {
        f.put(key, v.isPresent() ? v.getAsLong() : null);
    }

    private static void readout(Map<String, Object> f, Map<String, String> unreadable, String key, Readout<?> r) {
        switch (r) {
            case Readout.Known<?> k -> f.put(key, k.value());
            case Readout.Unreadable<?> u -> {
                f.put(key, null);
                unreadable.put(key, u.reason());
            }
        }
    }
}
