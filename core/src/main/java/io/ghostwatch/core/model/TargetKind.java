package io.ghostwatch.core.model;

/** The shape of a target, as its entry server describes itself (INFO {@code redis_mode}). */
public enum TargetKind {
    STANDALONE, CLUSTER, SENTINEL, UNKNOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
