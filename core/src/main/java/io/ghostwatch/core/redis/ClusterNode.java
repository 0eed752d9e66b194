package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import java.util.ArrayList;
import java.util.List;

/** One line of {@code CLUSTER NODES}: {@code <id> <ip:port@cport[,hostname]> <flags> <master> ...}. */
public record ClusterNode(String id, HostPort address, NodeRole role, boolean myself, boolean failed) {

    public static List<ClusterNode> parseNodes(String raw) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String line : raw.split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 3) {
                continue;
            }
            String endpoint = f[1];
            int at = endpoint.indexOf('@');
            String hostPort = at >= 0 ? endpoint.substring(0, at) : endpoint;
            if (hostPort.startsWith(":")) {
                continue; // a node whose address is not known yet (handshake)
            }
            HostPort address;
            try {
                address = HostPort.parse(hostPort);
            } catch (IllegalArgumentException e) {
                continue;
            }
            List<String> flags = List.of(f[2].split(","));
            if (flags.contains("noaddr") || flags.contains("handshake")) {
                continue;
            }
            NodeRole role = flags.contains("master") ? NodeRole.MASTER
                    : flags.contains("slave") || flags.contains("replica") ? NodeRole.REPLICA : NodeRole.UNKNOWN;
            nodes.add(new ClusterNode(f[0], address, role, flags.contains("myself"),
                    flags.contains("fail") || flags.contains("fail?")));
        }
        return nodes;
    }
}
