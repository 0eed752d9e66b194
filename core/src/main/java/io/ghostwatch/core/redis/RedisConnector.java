package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens Jedis connections with explicit deadlines, TLS and ACL auth as configured, and turns Jedis's
 * exceptions into sentences that say what went wrong. The one place connections are made.
 */
public final class RedisConnector {

    /** The name Ghostwatch gives its own connections ({@code CLIENT SETNAME}). */
    public static final String CLIENT_NAME = "ghostwatch";

    private RedisConnector() {
    }

    /** Connects and authenticates; the caller closes the connection. */
    public static Jedis open(HostPort node, RedisConnectionSettings settings) throws NodeUnavailableException {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.connectTimeoutMs())
                .socketTimeoutMillis(settings.readTimeoutMs())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (settings.user() != null) {
            config.user(settings.user());
        }
        if (settings.password() != null) {
            config.password(settings.password());
        }
        if (settings.tls()) {
            // FULL: the certificate must chain to a trusted CA and name the host we dialled, as HTTPS does.
            try {
                config.sslOptions(TrustedCertificates.sslOptions(settings.tlsCaFile()));
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                        "cannot use TLS CA file " + settings.tlsCaFile() + ": " + e.getMessage(), e);
            }
        }
        Jedis jedis = null;
        try {
            jedis = new Jedis(new HostAndPort(node.host(), node.port()), config.build());
            jedis.getConnection().connect();
            if (settings.password() != null) {
                // Jedis authenticates lazily on some paths; make failure surface here, as a clear error.
                jedis.ping();
            }
            return jedis;
        } catch (JedisException e) {
            if (jedis != null) {
                closeQuietly(jedis);
            }
            throw unavailable(node, e, settings);
        }
    }

    /**
     * Classifies a failure to talk to a node. A connection reset or broken pipe is followed by one silent connection
     * that listens for the server's own reason ({@link ServerGreeting}): a server at maxclients says so, then closes.
     */
    public static NodeUnavailableException unavailable(HostPort node, JedisException e, RedisConnectionSettings s) {
        Throwable root = rootCause(e);
        if (!s.tls() && root instanceof java.net.SocketException && !(root instanceof ConnectException)
                && !(root instanceof NoRouteToHostException)) {
            String greeting = ServerGreeting.read(node, s);
            if (greeting != null) {
                return new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                        "the server refused the connection: " + greeting + ServerGreeting.meaning(greeting), e);
            }
        }
        if (e instanceof JedisAccessControlException || isAuthError(e.getMessage())) {
            return new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                    "authentication failed" + (s.user() != null ? " for ACL user '" + s.user() + "'" : "")
                            + ": " + firstLine(e.getMessage()), e);
        }
        if (e instanceof JedisDataException) {
            return new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                    "the server refused: " + firstLine(e.getMessage()) + ServerGreeting.meaning(firstLine(e.getMessage())),
                    e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return new NodeUnavailableException(node, NodeUnavailableException.Reason.UNREACHABLE,
                    "connection refused or no route (" + firstLine(root.getMessage()) + ")", e);
        }
        if (root instanceof UnknownHostException) {
            return new NodeUnavailableException(node, NodeUnavailableException.Reason.UNREACHABLE,
                    "unknown host '" + node.host() + "'", e);
        }
        if (root instanceof SocketTimeoutException) {
            boolean connecting = String.valueOf(root.getMessage()).toLowerCase().contains("connect");
            return connecting
                    ? new NodeUnavailableException(node, NodeUnavailableException.Reason.UNREACHABLE,
                            "no TCP connection within the " + s.connectTimeoutMs() + " ms connect deadline", e)
                    : new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                            "accepted the connection but sent no reply within the " + s.readTimeoutMs()
                                    + " ms read deadline (not Redis, or overloaded)", e);
        }
        if (inChain(e, SSLException.class) || inChain(e, java.security.cert.CertificateException.class)) {
            return new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                    "TLS handshake failed: " + firstLine(root.getMessage()), e);
        }
        if (e instanceof JedisConnectionException && e.getMessage() != null
                && e.getMessage().toLowerCase().contains("unknown reply")) {
            return new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                    "answered something that is not the Redis protocol (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root instanceof java.io.IOException && !(root instanceof java.net.SocketException)) {
            return new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                    "the connection failed: " + firstLine(root.getMessage()), e);
        }
        return new NodeUnavailableException(node, NodeUnavailableException.Reason.ERROR,
                "the connection failed: " + firstLine(root.getMessage() != null ? root.getMessage() : e.getMessage()), e);
    }

    static boolean isAuthError(String message) {
        return message != null && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
                || message.startsWith("ERR invalid password") || message.contains("invalid username-password"));
    }

    public static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }

    private static boolean inChain(Throwable t, Class<? extends Throwable> type) {
        for (Throwable cur = t; cur != null; cur = cur.getCause() != cur ? cur.getCause() : null) {
            if (type.isInstance(cur)) {
                return true;
            }
            for (Throwable s : cur.getSuppressed()) {
                if (inChain(s, type)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The innermost cause. Jedis reports a failed connect as "Failed to connect to host:port." with the
     * real reason (ConnectException, connect timeout) attached as a suppressed exception, so those count too.
     */
    private static Throwable rootCause(Throwable t) {
        Throwable cur = t;
        while (true) {
            if (cur.getCause() != null && cur.getCause() != cur) {
                cur = cur.getCause();
            } else if (cur.getSuppressed().length > 0) {
                cur = cur.getSuppressed()[0];
            } else {
                return cur;
            }
        }
    }

    public static void closeQuietly(Jedis jedis) {
        try {
            jedis.close();
        } catch (JedisException ignored) {
            // closing a broken connection has nothing left to report
        }
    }

    /**
     * Turns a refused command into the reason a fact is unreadable: "CONFIG is renamed or disabled
     * (ERR unknown command 'CONFIG' ...)", "NOPERM for config|get (...)".
     */
    public static String refusal(String command, JedisDataException e) {
        String msg = firstLine(e.getMessage());
        int args = msg.indexOf(", with args beginning with");
        if (args > 0) {
            msg = msg.substring(0, args); // the echoed arguments add nothing but length
        }
        if (msg.startsWith("ERR unknown command")) {
            return command + " is renamed or disabled (" + msg + ")";
        }
        if (msg.startsWith("NOPERM")) {
            String sub = msg.replaceAll(".*run the '([^']+)' command.*", "$1");
            return "NOPERM for " + (sub.equals(msg) ? command.toLowerCase() : sub) + " (" + msg + ")";
        }
        return command + " failed (" + msg + ")";
    }
}
