package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import java.time.Instant;
import java.util.List;

/**
 * Everything the collector read from one server, immutable. Checks are pure functions of this.
 *
 * @param clusterNodes the cluster's nodes as this server sees them; empty outside cluster mode
 */
public record NodeSnapshot(HostPort node, Instant collectedAt, ServerInfo info, ConfigValues config,
                           Readout<ClientCensus> census, ProbeResult probe, List<ClusterNode> clusterNodes) {

    public NodeSnapshot {
        clusterNodes = List.copyOf(clusterNodes);
    }

    public NodeRole role() {
        return info.role();
    }

    /** maxclients from CONFIG, else from INFO (7.0+ reports it in the clients section). */
    public Readout<Long> maxclients() {
        if (config.maxclients().isKnown()) {
            return config.maxclients();
        }
        var fromInfo = info.maxclients();
        return fromInfo.isPresent() ? Readout.known(fromInfo.getAsLong()) : config.maxclients();
    }
}
