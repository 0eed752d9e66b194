package io.ghostwatch.core.config;

import io.ghostwatch.core.model.HostPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One inventory entry: what to audit and how to log in.
 *
 * @param user     ACL user, or null for the default user
 * @param password a reference to the password, or null
 * @param tags     free-form labels such as team and env
 * @param tlsCaFile PEM file of the CA(s) that sign the server's certificate (private CAs); null = the JVM's trust store
 */
public record TargetSpec(String name, HostPort endpoint, boolean tls, String user, SecretRef password,
                         Map<String, String> tags, Path tlsCaFile) implements io.ghostwatch.core.model.AuditTarget {

    public static final int DEFAULT_PORT = 6379;

    public TargetSpec {
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    public TargetSpec(String name, HostPort endpoint, boolean tls, String user, SecretRef password,
                      Map<String, String> tags) {
        this(name, endpoint, tls, user, password, tags, null);
    }

    /** A copy that trusts the CA certificates in {@code caFile} for TLS (private CAs). */
    public TargetSpec withTlsCaFile(Path caFile) {
        return new TargetSpec(name, endpoint, tls, user, password, tags, caFile);
    }

    /**
     * The connection settings for every node of this target, with the password resolved from its reference
     * now (a {@link ConfigException} names the reference when it cannot be).
     */
    public io.ghostwatch.core.redis.RedisConnectionSettings connectionSettings(
            io.ghostwatch.core.policy.Policy policy, Secrets secrets) {
        return new io.ghostwatch.core.redis.RedisConnectionSettings(tls, tlsCaFile, user,
                password == null ? null : password.resolve(secrets),
                policy.getInt(io.ghostwatch.core.policy.PolicyKey.CONNECT_TIMEOUT_MS),
                policy.getInt(io.ghostwatch.core.policy.PolicyKey.READ_TIMEOUT_MS));
    }

    /** The endpoint as a URI, without credentials: {@code rediss://user@host:port}. */
    @Override
    public String uri() {
        return (tls ? "rediss://" : "redis://") + (user != null ? user + "@" : "") + endpoint;
    }

    /**
     * Parses {@code redis://[user@]host[:port][/db]} or {@code rediss://...}. A password inside the URI is
     * refused (without echoing it): passwords are references, given separately.
     *
     * @param where names the source for messages ("--target", "ghostwatch.yaml:4: targets[0].uri")
     */
    public static TargetSpec fromUri(String name, String text, SecretRef password, Map<String, String> tags, String where) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(where + ": '" + redact(text) + "' is not a URI (" + e.getReason()
                    + "); valid form: redis://[user@]host[:port] or rediss://...");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
            throw new ConfigException(where + ": '" + redact(text) + "' has scheme '" + scheme
                    + "'; valid schemes: redis, rediss (TLS)");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(where + ": '" + redact(text) + "' names no host; valid form: redis://host:port");
        }
        String user = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            if (colon >= 0) {
                throw new ConfigException(where + ": the URI contains a password; put only the user in the URI"
                        + " (redis://user@host:port) and give the password as a reference (" + SecretRef.VALID_FORMS + ")");
            }
            user = info.isEmpty() ? null : info;
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        HostPort endpoint;
        try {
            endpoint = new HostPort(uri.getHost(), port);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
        return new TargetSpec(name != null ? name : endpoint.toString(), endpoint, scheme.equals("rediss"), user,
                password, tags);
    }

    /**
     * Hides everything between "://" and the last "@" so a mistyped URI with a password never reaches a log,
     * even when the password itself holds '@', '/', '?' or '#'.
     */
    static String redact(String text) {
        return text.replaceAll("(?s)://.*@", "://****@");
    }
}
