package io.ghostwatch.core.redis;

/**
 * How to reach and authenticate to every node of one target. The password is resolved from its reference
 * just before use and never printed: {@link #toString()} redacts it.
 *
 * @param user     ACL user, or null for the default user
 * @param password resolved password, or null
 */
public record RedisConnectionSettings(boolean tls, String user, String password, int connectTimeoutMs,
                                      int readTimeoutMs) {

    public RedisConnectionSettings withoutCredentials() {
        return new RedisConnectionSettings(tls, null, null, connectTimeoutMs, readTimeoutMs);
    }

    @Override
    public String toString() {
        return "RedisConnectionSettings[tls=" + tls + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + ", connectTimeoutMs=" + connectTimeoutMs
                + ", readTimeoutMs=" + readTimeoutMs + "]";
    }
}
