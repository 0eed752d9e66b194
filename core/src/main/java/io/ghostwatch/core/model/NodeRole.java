package io.ghostwatch.core.model;

/** What one server is within its target. */
public enum NodeRole {
    MASTER, REPLICA, SENTINEL, UNKNOWN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
