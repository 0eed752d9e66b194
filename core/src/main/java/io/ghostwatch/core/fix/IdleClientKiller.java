package io.ghostwatch.core.fix;

import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetAuditor;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.NodeUnavailableException;
import io.ghostwatch.core.redis.RedisCollector;
import io.ghostwatch.core.redis.RedisConnectionSettings;
import io.ghostwatch.core.redis.RedisConnector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ClientKillParams;

/**
 * The {@code kill-idle} remediation: closes the connections that have been idle at least N seconds on every node
 * of a self-hosted target (the entry server, its replicas, every cluster node; found the way
 * {@link ConfigChangeEngine} finds them). It clears ghosts that are already there, which {@code tcp-keepalive}
 * never will (it applies to new connections only), without waiting for a {@code timeout} to be set and reap.
 *
 * <p>On each node: one fresh {@code CLIENT LIST}, then one {@code CLIENT KILL ID <id> TYPE normal SKIPME yes} per
 * selected connection. Never killed (see {@link IdleKillSkip}): replicas, masters, replication in progress,
 * MONITOR, Pub/Sub, blocked clients and Ghostwatch's own connections.
 *
 * <p><b>The race this accepts.</b> Redis has no IDLE filter for CLIENT KILL ({@code MAXAGE}, from 7.4, filters on
 * age, not idleness), and CLIENT commands cannot run inside a script, so selection and kill cannot be one atomic
 * step. A connection idle for N seconds that sends a command between the CLIENT LIST and its own CLIENT KILL
 * (a window of one round trip per kill sent before it) is killed although no longer idle; its client sees the
 * connection close and, with any pool, reconnects. With N at least {@code minKillIdleSeconds} (60 by default)
 * that is rare. {@code TYPE normal} narrows what the race can hurt: a connection that subscribed or became a
 * replica in the window no longer matches and is reported {@link IdleKillSkip#GONE}; one that became blocked
 * or started MONITOR in the window still matches (both are {@code normal} to Redis).
 *
 * <p>Unlike a config change this is not all-or-none: a node that cannot be reached is reported with its error
 * and the others are still handled, because closing ghosts on one node never depends on another.
 *
 * <p>Redis commands used: {@link #REDIS_COMMANDS}, plus {@link RedisCollector#REDIS_COMMANDS} for discovery.
 */
public final class IdleClientKiller {

    public static final List<String> REDIS_COMMANDS = List.of("CLIENT SETNAME", "CLIENT ID", "CLIENT LIST",
            "CLIENT KILL");

    /** The highest idle threshold accepted (one year): above it, the number is a typo, not a policy. */
    public static final long MAX_IDLE_SECONDS = 31_536_000;

    private final Policy policy;
    private final Secrets secrets;
    private final TargetAuditor auditor;
    private final Clock clock;

    /** @param secrets where the targets' password references are resolved */
    public IdleClientKiller(Policy policy, Secrets secrets, Clock clock) {
        this.policy = policy;
        this.secrets = java.util.Objects.requireNonNull(secrets, "secrets");
        this.auditor = new TargetAuditor(policy, secrets, clock);
        this.clock = clock;
    }

    /** The idle thresholds accepted, naming the policy key that sets the lowest. */
    public String allowedRange() {
        return policy.get(PolicyKey.MIN_KILL_IDLE_SECONDS) + ".." + MAX_IDLE_SECONDS + " seconds (policy "
                + PolicyKey.MIN_KILL_IDLE_SECONDS.key() + ".." + MAX_IDLE_SECONDS + ")";
    }

    /** Dry run: what {@link #kill} would close right now, node by node. Kills nothing. */
    public IdleKillResult plan(TargetSpec target, long idleSeconds) throws ChangeRefusedException {
        return run(target, idleSeconds, true);
    }

    /**
     * Kills the connections idle at least {@code idleSeconds} on every node, each node from its own fresh
     * CLIENT LIST (not from an earlier {@link #plan}: idleness changes every second).
     *
     * @throws ChangeRefusedException when the threshold is outside {@link #allowedRange()}, the target cannot be
     *                                reached at all, or it is a Sentinel; nothing was killed then
     */
    public IdleKillResult kill(TargetSpec target, long idleSeconds) throws ChangeRefusedException {
        return run(target, idleSeconds, false);
    }

    private IdleKillResult run(TargetSpec target, long idleSeconds, boolean dryRun) throws ChangeRefusedException {
        long min = policy.get(PolicyKey.MIN_KILL_IDLE_SECONDS);
        if (idleSeconds < min || idleSeconds > MAX_IDLE_SECONDS) {
            throw new ChangeRefusedException("kill-idle idle threshold " + idleSeconds
                    + " s is outside the allowed range " + allowedRange());
        }
        RedisConnectionSettings settings;
        try {
            settings = target.connectionSettings(policy, secrets);
        } catch (ConfigException e) {
            throw new ChangeRefusedException(target.name() + ": " + e.getMessage());
        }
        TargetReport report = auditor.audit(target,
                clock.instant().plus(Duration.ofSeconds(policy.get(PolicyKey.TARGET_DEADLINE_SECONDS))));
        if (report.status() != AuditStatus.AUDITED) {
            throw new ChangeRefusedException(target.name() + " (" + target.endpoint() + "): " + report.error());
        }
        if (report.kind() == TargetKind.SENTINEL) {
            throw new ChangeRefusedException(target.name()
                    + " is a Sentinel: run kill-idle on the masters it monitors instead");
        }
        List<NodeIdleKill> nodes = new ArrayList<>();
        for (NodeReport node : report.nodes()) {
            nodes.add(node.status() == AuditStatus.AUDITED
                    ? onNode(node.node(), node.role(), settings, idleSeconds, dryRun)
                    : NodeIdleKill.failed(node.node(), node.role(), "cannot be reached or read: " + node.error()));
        }
        return new IdleKillResult(target, idleSeconds, dryRun, nodes);
    }

    private static NodeIdleKill onNode(HostPort node, NodeRole role, RedisConnectionSettings settings,
                                       long idleSeconds, boolean dryRun) {
        Jedis jedis;
        try {
            jedis = RedisConnector.open(node, settings);
        } catch (NodeUnavailableException e) {
            return NodeIdleKill.failed(node, role, e.getMessage());
        }
        Map<String, Integer> killed = new HashMap<>();
        Map<IdleKillSkip, Integer> skipped = new EnumMap<>(IdleKillSkip.class);
        String error = null;
        try {
            jedis.clientSetname(RedisConnector.CLIENT_NAME);
            long ownId = jedis.clientId();
            for (ClientInfo client : ClientInfo.parseList(jedis.clientList())) {
                Optional<IdleKillSkip> skip = IdleKillSkip.of(client, ownId, idleSeconds);
                if (skip.isPresent()) {
                    skipped.merge(skip.get(), 1, Integer::sum);
                } else if (dryRun || killById(jedis, client.id())) {
                    killed.merge(client.host(), 1, Integer::sum);
                } else {
                    skipped.merge(IdleKillSkip.GONE, 1, Integer::sum);
                }
            }
        } catch (JedisDataException e) {
            error = RedisConnector.refusal("CLIENT", e);
        } catch (JedisException e) {
            error = RedisConnector.unavailable(node, e, settings).getMessage();
        } finally {
            RedisConnector.closeQuietly(jedis);
        }
        return new NodeIdleKill(node, role, killed, skipped, error);
    }

    /**
     * {@code CLIENT KILL ID <id> TYPE normal SKIPME yes}: the filters are ANDed, so a connection that turned into
     * a subscriber or replica since the CLIENT LIST is left alone. True when Redis closed it.
     */
    private static boolean killById(Jedis jedis, long id) {
        return jedis.clientKill(ClientKillParams.clientKillParams().id(Long.toString(id)).type(ClientType.NORMAL)
                .skipMe(ClientKillParams.SkipMe.YES)) > 0;
    }
}
