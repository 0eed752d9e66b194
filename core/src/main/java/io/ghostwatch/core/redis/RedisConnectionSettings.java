package io.ghostwatch.core.redis;

/**
 * How to reach and authenticate to every node of one target. The password is resolved from its reference
 * just before use and never printed: {@link #toString()} redacts it.
 *
 * @param tlsCaFile PEM CA bundle to trust for TLS, or null for the JVM's default trust store
 * @param user     ACL user, or null for the default user
 * @param password resolved password, or null
 */
public record RedisConnectionSettings(boolean tls, java.nio.file.Path tlsCaFile, String user, String password,
                                      int connectTimeoutMs, int readTimeoutMs) {

    public RedisConnectionSettings withoutCredentials() {
        return new RedisConnectionSettings(tls, tlsCaFile, null, null, connectTimeoutMs, readTimeoutMs);
    }

    @Override
    public String toString() {
        return "RedisConnectionSettings[tls=" + tls + ", tlsCaFile=" + tlsCaFile + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", connectTimeoutMs=" + connectTimeoutMs
                + ", readTimeoutMs=" + readTimeoutMs + "]";
    }
}
