package io.ghostwatch.core.model;

/**
 * The shape of a target: as its entry server describes itself (INFO {@code redis_mode}), or as ElastiCache describes a
 * cache (a replication group with cluster mode is a CLUSTER; a serverless cache has no nodes of its own).
 */
public enum TargetKind {
    STANDALONE, CLUSTER, SENTINEL, SERVERLESS, UNKNOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
