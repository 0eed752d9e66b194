package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Reads one server into a {@link NodeSnapshot}: all of Ghostwatch's I/O against self-hosted Redis.
 *
 * <p>Commands sent, in order (so least-privilege ACLs can be written from this list): {@link #REDIS_COMMANDS}.
 * A refused command makes the facts it feeds unreadable, with the refusal as the reason; only a failure to
 * connect or authenticate makes the whole node unavailable.
 */
public final class RedisCollector {

    /** The Redis commands the audit needs, for ACL rules such as {@code +info +config|get +client|list}. */
    public static final List<String> REDIS_COMMANDS = List.of(
            "CLIENT SETNAME", "CLIENT ID", "INFO", "CONFIG GET", "CLUSTER NODES", "CLIENT LIST",
            "PING (unauthenticated probe)");

    private final Policy policy;
    private final Clock clock;

    public RedisCollector(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** The commands sent to an ElastiCache node, where CONFIG is restricted and AWS's API says the rest. */
    public static final List<String> MANAGED_REDIS_COMMANDS = List.of("CLIENT SETNAME", "CLIENT ID", "INFO",
            "CLIENT LIST");

    /** The settings ElastiCache keeps in the parameter group, said once for every unreadable CONFIG fact. */
    static final String MANAGED_CONFIG = "ElastiCache restricts CONFIG: the settings are read from the cache parameter"
            + " group";

    public NodeSnapshot collect(HostPort node, RedisConnectionSettings settings) throws NodeUnavailableException {
        return collect(node, settings, false);
    }

    /**
     * Reads an ElastiCache node over a direct connection: INFO and the client census only ({@link
     * #MANAGED_REDIS_COMMANDS}). No CONFIG (a restricted command there), no CLUSTER NODES (the API lists the nodes), no
     * unauthenticated probe (the API says whether auth is required).
     */
    public NodeSnapshot collectManaged(HostPort node, RedisConnectionSettings settings) throws NodeUnavailableException {
        return collect(node, settings, true);
    }

    private NodeSnapshot collect(HostPort node, RedisConnectionSettings settings, boolean managed)
            throws NodeUnavailableException {
        Jedis jedis = RedisConnector.open(node, settings);
        try {
            long ownId = nameOwnConnection(jedis);
            ServerInfo info = ServerInfo.parse(jedis.info());
            boolean sentinel = info.mode() == TargetKind.SENTINEL;
            ConfigValues config = managed ? ConfigValues.allUnreadable(MANAGED_CONFIG)
                    : sentinel ? ConfigValues.allUnreadable("a Sentinel has no CONFIG GET for server settings")
                    : readConfig(jedis, info.version());
            List<ClusterNode> clusterNodes = !managed && info.clusterEnabled() ? readClusterNodes(jedis) : List.of();
            Readout<ClientCensus> census = sentinel
                    ? Readout.unreadable("a Sentinel's clients are not application clients")
                    : readCensus(jedis, info, ownId);
            ProbeResult probe = managed ? new ProbeResult.Inconclusive(false, "not probed: ElastiCache's API says"
                    + " whether clients must authenticate") : probeWithoutCredentials(node, settings);
            return new NodeSnapshot(node, clock.instant(), info, config, census, probe, clusterNodes);
        } catch (JedisException e) {
            throw RedisConnector.unavailable(node, e, settings);
        } finally {
            RedisConnector.closeQuietly(jedis);
        }
    }

    /** Names the connection and returns its ID (to leave it out of the census), or -1 if CLIENT is refused. */
    private static long nameOwnConnection(Jedis jedis) {
        try {
            jedis.clientSetname(RedisConnector.CLIENT_NAME);
            return jedis.clientId();
        } catch (JedisDataException e) {
            return -1;
        }
    }

    private static ConfigValues readConfig(Jedis jedis, RedisVersion version) {
        try {
            Map<String, String> reply = new HashMap<>();
            if (version.atLeast(7, 0)) {
                reply.putAll(jedis.configGet(ConfigValues.PARAMETERS.toArray(String[]::new)));
            } else {
                for (String parameter : ConfigValues.PARAMETERS) {
                    reply.putAll(jedis.configGet(parameter));
                }
            }
            return ConfigValues.fromReply(reply);
        } catch (JedisDataException e) {
            return ConfigValues.allUnreadable(RedisConnector.refusal("CONFIG", e));
        }
    }

    private static List<ClusterNode> readClusterNodes(Jedis jedis) {
        try {
            return ClusterNode.parseNodes(jedis.clusterNodes());
        } catch (JedisDataException e) {
            return List.of();
        }
    }

    private Readout<ClientCensus> readCensus(Jedis jedis, ServerInfo info, long ownId) {
        long ghostIdle = policy.get(PolicyKey.GHOST_IDLE_SECONDS);
        long limit = policy.get(PolicyKey.CENSUS_MAX_CLIENTS);
        long connected = info.connectedClients().orElse(0);
        if (connected > limit) {
            return Readout.known(ClientCensus.skipped("CLIENT LIST skipped: " + connected
                    + " connected clients is above censusMaxClients " + limit
                    + " (CLIENT LIST is O(clients) on Redis's main thread)", ghostIdle));
        }
        try {
            return Readout.known(ClientCensus.of(ClientInfo.parseList(jedis.clientList()), ownId, ghostIdle));
        } catch (JedisDataException e) {
            return Readout.unreadable(RedisConnector.refusal("CLIENT", e));
        }
    }

    /**
     * Opens one extra connection with no credentials and sends PING. Run after CLIENT LIST, so the probe
     * never shows up in the census.
     */
    private static ProbeResult probeWithoutCredentials(HostPort node, RedisConnectionSettings settings) {
        boolean loopback = resolvesToLoopback(node.host());
        Jedis probe;
        try {
            probe = RedisConnector.open(node, settings.withoutCredentials());
        } catch (NodeUnavailableException e) {
            return new ProbeResult.Inconclusive(loopback, e.getMessage());
        }
        try {
            String reply = probe.ping();
            return "PONG".equals(reply) ? new ProbeResult.Accepted(loopback)
                    : new ProbeResult.Inconclusive(loopback, "PING answered '" + reply + "'");
        } catch (JedisDataException e) {
            String msg = RedisConnector.firstLine(e.getMessage());
            if (msg.startsWith("NOAUTH") || msg.startsWith("WRONGPASS")) {
                return new ProbeResult.AuthRequired(loopback, msg);
            }
            if (msg.startsWith("DENIED")) {
                return new ProbeResult.Denied(loopback, msg);
            }
            return new ProbeResult.Inconclusive(loopback, msg);
        } catch (JedisException e) {
            String msg = RedisConnector.firstLine(e.getMessage());
            // Protected mode writes -DENIED and closes: some clients see only the close.
            return new ProbeResult.Inconclusive(loopback, msg);
        } finally {
            RedisConnector.closeQuietly(probe);
        }
    }

    private static boolean resolvesToLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
