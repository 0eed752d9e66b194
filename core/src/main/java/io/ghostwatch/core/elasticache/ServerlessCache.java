package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.TargetKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ElastiCache Serverless cache. It has no cache parameter group (so no {@code timeout} or {@code tcp-keepalive} to
 * read or set) and always encrypts in transit; its connections are counted for the cache as a whole.
 *
 * @param userGroupId the RBAC user group, or null when none is associated
 */
public record ServerlessCache(CacheLocation location, String id, String arn, String engine, String engineVersion,
                              String status, HostPort primaryEndpoint, HostPort readerEndpoint,
                              List<String> securityGroupIds, List<String> subnetIds, String userGroupId)
        implements CacheResource {

    public ServerlessCache {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(id, "id");
        securityGroupIds = List.copyOf(securityGroupIds);
        subnetIds = List.copyOf(subnetIds);
    }

    @Override
    public int port() {
        return primaryEndpoint == null ? 6379 : primaryEndpoint.port();
    }

    /** The ports clients may use: the endpoint's and the reader endpoint's. */
    public List<Integer> ports() {
        return readerEndpoint == null || readerEndpoint.port() == port() ? List.of(port())
                : List.of(port(), readerEndpoint.port());
    }

    @Override
    public Optional<HostPort> endpoint() {
        return Optional.ofNullable(primaryEndpoint);
    }

    @Override
    public CacheAuth auth() {
        return new CacheAuth(false, userGroupId == null ? List.of() : List.of(userGroupId));
    }

    /** Serverless caches always encrypt in transit; TLS is required. */
    @Override
    public TransitEncryption transitEncryption() {
        return new TransitEncryption(true, "required");
    }

    @Override
    public List<CacheNode> nodes() {
        return List.of(new CacheNode(id, null, primaryEndpoint, NodeRole.MASTER, status, null, null));
    }

    @Override
    public TargetKind kind() {
        return TargetKind.SERVERLESS;
    }

    @Override
    public String typeLabel() {
        return "serverless cache";
    }
}
