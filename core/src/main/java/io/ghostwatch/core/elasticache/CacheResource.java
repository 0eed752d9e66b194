package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.model.AuditTarget;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.TargetKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Redis OSS or Valkey cache found in ElastiCache: a node-based replication group or cache cluster, or a serverless
 * cache. It is the target its findings are reported under, named {@code <account>/<region>/<id>} and tagged with
 * {@code service=elasticache}, {@code account}, {@code region} and {@code engine} (so mutes can select by them).
 */
public sealed interface CacheResource extends AuditTarget permits NodeBasedCache, ServerlessCache {

    CacheLocation location();

    /** The replication group ID, cache cluster ID or serverless cache name. */
    String id();

    String arn();

    /** {@code redis} or {@code valkey}. */
    String engine();

    String engineVersion();

    /** ElastiCache's status, e.g. {@code available}, {@code modifying}. */
    String status();

    /** The port clients connect to. */
    int port();

    /** The address clients are given: primary or configuration endpoint, or the serverless endpoint; may be absent. */
    Optional<HostPort> endpoint();

    List<String> securityGroupIds();

    /** AUTH token or RBAC user group(s): whether a client must authenticate. */
    CacheAuth auth();

    TransitEncryption transitEncryption();

    /** The nodes whose connections are counted: one per cache cluster; a serverless cache counts as one. */
    List<CacheNode> nodes();

    TargetKind kind();

    /** A short word for the resource type, as people say it: replication group, cache cluster, serverless cache. */
    String typeLabel();

    @Override
    default String name() {
        return location().nameOf(id());
    }

    @Override
    default String uri() {
        return arn();
    }

    @Override
    default Map<String, String> tags() {
        Map<String, String> tags = new TreeMap<>();
        tags.put("service", "elasticache");
        tags.put("account", location().account());
        tags.put("region", location().region());
        tags.put("engine", engine());
        return tags;
    }

    /** How clients authenticate. {@code userGroups} lists RBAC user groups (node-based: IDs; serverless: at most one). */
    record CacheAuth(boolean authToken, List<String> userGroups) {
        public CacheAuth {
            userGroups = List.copyOf(userGroups);
        }

        public boolean required() {
            return authToken || !userGroups.isEmpty();
        }
    }

    /**
     * Encryption in transit. {@code mode} is ElastiCache's TransitEncryptionMode: {@code required}, or
     * {@code preferred} (TLS offered, plaintext still accepted); null where the API reports none.
     */
    record TransitEncryption(boolean enabled, String mode) {
        public boolean plaintextAccepted() {
            return !enabled || "preferred".equals(mode);
        }
    }
}
