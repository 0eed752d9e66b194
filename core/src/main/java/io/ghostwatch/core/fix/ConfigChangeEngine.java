package io.ghostwatch.core.fix;

import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetAuditor;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ConfigValues;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.NodeUnavailableException;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.redis.RedisConnectionSettings;
import io.ghostwatch.core.redis.RedisConnector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Changes allow-listed settings on every node of a self-hosted target: plan (discover nodes, read current
 * values), then apply node by node: re-read and refuse if stale, CONFIG SET, CONFIG REWRITE where the server
 * has a config file, verify with CONFIG GET. If a node fails, the nodes already changed are restored.
 *
 * <p>Redis commands used: {@link #REDIS_COMMANDS}.
 */
public final class ConfigChangeEngine {

    public static final List<String> REDIS_COMMANDS = List.of("CONFIG GET", "CONFIG SET", "CONFIG REWRITE");

    /** Redis's reply when CONFIG REWRITE has no file to write. */
    static final String NO_CONFIG_FILE = "The server is running without a config file";

    private final Policy policy;
    private final Secrets secrets;
    private final TargetAuditor auditor;
    private final Clock clock;

    /** @param secrets where the targets' password references are resolved */
    public ConfigChangeEngine(Policy policy, Secrets secrets, Clock clock) {
        this.policy = policy;
        this.secrets = java.util.Objects.requireNonNull(secrets, "secrets");
        this.auditor = new TargetAuditor(policy, secrets, clock);
        this.clock = clock;
    }

    /**
     * Reads every node of the target and describes the change. Refuses (with the reason) when a node cannot be
     * reached or read: a change is made on all nodes or none.
     */
    public ChangePlan plan(TargetSpec target, List<ParameterChange> changes) throws ChangeRefusedException {
        for (ParameterChange c : changes) {
            if (!c.parameter().allows(c.value(), policy)) {
                throw new ChangeRefusedException(c.parameter().redisName() + "=" + c.value()
                        + " is outside the allowed range " + c.parameter().range(policy));
            }
        }
        return planWithinAllowList(target, changes);
    }

    /**
     * Like {@link #plan} for putting back values an applied change replaced ({@link ParameterChange#restoring}):
     * the parameters are still only the allow-listed ones, the values are not held to today's policy range.
     */
    public ChangePlan planRestore(TargetSpec target, List<ParameterChange> restore) throws ChangeRefusedException {
        return planWithinAllowList(target, restore);
    }

    private ChangePlan planWithinAllowList(TargetSpec target, List<ParameterChange> changes)
            throws ChangeRefusedException {
        if (changes.isEmpty()) {
            throw new ChangeRefusedException("nothing to change: give at least one parameter=value ("
                    + TunableParameter.validNames() + ")");
        }
        TargetReport report = auditor.audit(target,
                clock.instant().plus(Duration.ofSeconds(policy.get(PolicyKey.TARGET_DEADLINE_SECONDS))));
        if (report.status() != AuditStatus.AUDITED) {
            throw new ChangeRefusedException(target.name() + " (" + target.endpoint() + "): " + report.error());
        }
        if (report.kind() == TargetKind.SENTINEL) {
            throw new ChangeRefusedException(target.name() + " is a Sentinel: change the masters it monitors instead");
        }
        List<NodeChange> nodes = new ArrayList<>();
        for (NodeReport node : report.nodes()) {
            if (node.status() != AuditStatus.AUDITED) {
                throw new ChangeRefusedException("node " + node.node() + " of " + target.name()
                        + " cannot be read (" + node.error() + "): a change is made on every node or none");
            }
            NodeSnapshot s = node.snapshot();
            Map<TunableParameter, Long> before = new EnumMap<>(TunableParameter.class);
            Map<TunableParameter, Long> after = new EnumMap<>(TunableParameter.class);
            for (ParameterChange c : changes) {
                Readout<Long> current = valueOf(s.config(), c.parameter());
                if (!(current instanceof Readout.Known<Long>(Long value))) {
                    throw new ChangeRefusedException("cannot read " + c.parameter().redisName() + " on " + node.node()
                            + ": " + ((Readout.Unreadable<Long>) current).reason());
                }
                before.put(c.parameter(), value);
                after.put(c.parameter(), c.value());
            }
            nodes.add(new NodeChange(node.node(), node.role(), before, after, s.info().configFile().orElse(null)));
        }
        return new ChangePlan(target, changes, nodes);
    }

    /** Applies a plan; never leaves a partial change without saying so. */
    public ChangeResult apply(ChangePlan plan) {
        RedisConnectionSettings settings = plan.target().connectionSettings(policy, secrets);
        List<NodeOutcome> changed = new ArrayList<>();
        for (NodeChange node : plan.nodes()) {
            try {
                changed.add(applyToNode(node, settings, node.before(), node.after(), true));
            } catch (NodeChangeFailure failure) {
                List<NodeChange> toRestore = new ArrayList<>();
                for (NodeOutcome done : changed) {
                    toRestore.add(plan.nodes().stream().filter(n -> n.node().equals(done.node())).findFirst().orElseThrow());
                }
                if (failure.partiallySet()) {
                    toRestore.add(node);
                }
                return rollback(node.node(), failure.getMessage(), toRestore, settings);
            }
        }
        return new ChangeResult.Applied(changed);
    }

    private ChangeResult rollback(HostPort failedNode, String failure, List<NodeChange> toRestore,
                                  RedisConnectionSettings settings) {
        List<NodeOutcome> restored = new ArrayList<>();
        List<HostPort> leftChanged = new ArrayList<>();
        List<String> rollbackErrors = new ArrayList<>();
        for (NodeChange node : toRestore.reversed()) {
            try {
                // Restore exactly what was there before; no staleness check on the way back.
                restored.add(applyToNode(node, settings, node.after(), node.before(), false));
            } catch (NodeChangeFailure e) {
                leftChanged.add(node.node());
                rollbackErrors.add(node.node() + ": " + e.getMessage());
            }
        }
        return leftChanged.isEmpty()
                ? new ChangeResult.RolledBack(failedNode, failure, restored.reversed())
                : new ChangeResult.RollbackFailed(failedNode, failure, leftChanged, String.join("; ", rollbackErrors));
    }

    private NodeOutcome applyToNode(NodeChange node, RedisConnectionSettings settings, Map<TunableParameter, Long> expected,
                                    Map<TunableParameter, Long> target, boolean checkStale) throws NodeChangeFailure {
        Jedis jedis;
        try {
            jedis = RedisConnector.open(node.node(), settings);
        } catch (NodeUnavailableException e) {
            throw new NodeChangeFailure(node.node() + ": " + e.getMessage(), false);
        }
        boolean anySet = false;
        try {
            Map<TunableParameter, Long> current = read(jedis, target.keySet());
            if (checkStale && !current.equals(expected)) {
                throw new NodeChangeFailure(node.node() + ": stale: values changed since the plan was made (planned from "
                        + render(expected) + ", now " + render(current) + ")", false);
            }
            for (Map.Entry<TunableParameter, Long> e : target.entrySet()) {
                jedis.configSet(e.getKey().redisName(), Long.toString(e.getValue()));
                anySet = true;
            }
            NodeOutcome.Persistence persistence = persist(jedis, node);
            Map<TunableParameter, Long> verified = read(jedis, target.keySet());
            if (!verified.equals(target)) {
                throw new NodeChangeFailure(node.node() + ": verification failed: CONFIG GET shows " + render(verified)
                        + ", expected " + render(target), true);
            }
            return new NodeOutcome(node.node(), current, verified, persistence);
        } catch (JedisDataException e) {
            throw new NodeChangeFailure(node.node() + ": " + RedisConnector.firstLine(e.getMessage()), anySet);
        } catch (JedisException e) {
            throw new NodeChangeFailure(node.node() + ": " + RedisConnector.unavailable(node.node(), e, settings)
                    .getMessage(), anySet);
        } finally {
            RedisConnector.closeQuietly(jedis);
        }
    }

    private static NodeOutcome.Persistence persist(Jedis jedis, NodeChange node) {
        try {
            jedis.configRewrite();
            return new NodeOutcome.Persistence.Persisted(node.configFile() != null ? node.configFile() : "its config file");
        } catch (JedisDataException e) {
            String msg = RedisConnector.firstLine(e.getMessage());
            return new NodeOutcome.Persistence.NotPersisted(msg.contains(NO_CONFIG_FILE)
                    ? "the server runs without a config file (CONFIG REWRITE: " + msg + "): the change is live but"
                            + " lost on restart"
                    : "CONFIG REWRITE failed (" + msg + "): the change is live but lost on restart");
        }
    }

    private static Map<TunableParameter, Long> read(Jedis jedis, java.util.Set<TunableParameter> parameters)
            throws NodeChangeFailure {
        Map<TunableParameter, Long> values = new EnumMap<>(TunableParameter.class);
        for (TunableParameter p : parameters) {
            Map<String, String> reply = jedis.configGet(p.redisName());
            String v = reply.get(p.redisName());
            if (v == null) {
                throw new NodeChangeFailure("CONFIG GET " + p.redisName() + " returned nothing", false);
            }
            values.put(p, Long.parseLong(v.trim()));
        }
        return values;
    }

    private static Readout<Long> valueOf(ConfigValues config, TunableParameter p) {
        return switch (p) {
            case TIMEOUT -> config.timeout();
            case TCP_KEEPALIVE -> config.tcpKeepalive();
        };
    }

    static String render(Map<TunableParameter, Long> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k.redisName()).append('=').append(v));
        return sb.toString();
    }

    /** A node could not be changed; {@code partiallySet} says whether some CONFIG SET already took effect. */
    private static final class NodeChangeFailure extends Exception {
        private final boolean partiallySet;

        NodeChangeFailure(String message, boolean partiallySet) {
            super(message);
            this.partiallySet = partiallySet;
        }

        boolean partiallySet() {
            return partiallySet;
        }
    }
}
