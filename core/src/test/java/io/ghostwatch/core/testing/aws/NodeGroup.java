package io.ghostwatch.core.testing.aws;

import java.util.List;
import java.util.Objects;

/**
 * One shard of a replication group.
 *
 * @param nodeGroupId     {@code 0001}, {@code 0002}, ...
 * @param primaryEndpoint the shard's primary endpoint; null in cluster mode
 * @param readerEndpoint  the shard's reader endpoint; null in cluster mode
 * @param slots           the hash slots it serves ({@code 0-5461}); null outside cluster mode
 */
public record NodeGroup(String nodeGroupId, String status, Endpoint primaryEndpoint, Endpoint readerEndpoint,
                        String slots, List<NodeGroupMember> members) {

    public NodeGroup {
        Objects.requireNonNull(nodeGroupId, "nodeGroupId");
        Objects.requireNonNull(status, "status");
        members = List.copyOf(members);
    }
}
