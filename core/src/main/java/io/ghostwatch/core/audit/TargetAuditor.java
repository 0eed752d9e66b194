package io.ghostwatch.core.audit;

import io.ghostwatch.core.check.CheckContext;
import io.ghostwatch.core.check.RedisChecks;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClusterNode;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.NodeUnavailableException;
import io.ghostwatch.core.redis.RedisCollector;
import io.ghostwatch.core.redis.RedisConnectionSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audits one target: the entry server, then every node behind it (all cluster nodes from CLUSTER NODES;
 * a master's replicas from INFO replication), in parallel, within the target's deadline. A Sentinel is
 * reported as such, with the masters it monitors. Findings of every node are reported under the target.
 */
public final class TargetAuditor {

    private final RedisCollector collector;
    private final Policy policy;
    private final Secrets secrets;
    private final Clock clock;
    private final SampleHistory history;

    /** An auditor that keeps no history: the leak check sees only this audit's sample. */
    public TargetAuditor(Policy policy, Secrets secrets, Clock clock) {
        this(policy, secrets, clock, null);
    }

    /**
     * @param secrets where the targets' password references are resolved
     * @param history where samples are read from and appended to, or null to keep none
     */
    public TargetAuditor(Policy policy, Secrets secrets, Clock clock, SampleStore history) {
        this.collector = new RedisCollector(policy, clock);
        this.policy = policy;
        this.secrets = java.util.Objects.requireNonNull(secrets, "secrets");
        this.clock = clock;
        this.history = new SampleHistory(history, Duration.ofDays(policy.get(PolicyKey.HISTORY_DAYS)));
    }

    public TargetReport audit(TargetSpec spec, Instant deadline) {
        long started = System.nanoTime();
        RedisConnectionSettings settings;
        try {
            settings = spec.connectionSettings(policy, secrets);
        } catch (ConfigException e) {
            return TargetReport.unavailable(spec, AuditStatus.ERROR, e.getMessage(), elapsedMs(started));
        }
        NodeSnapshot entry;
        try {
            entry = collector.collect(spec.endpoint(), settings);
        } catch (NodeUnavailableException e) {
            AuditStatus status = e.reason() == NodeUnavailableException.Reason.UNREACHABLE
                    ? AuditStatus.UNREACHABLE : AuditStatus.ERROR;
            return TargetReport.unavailable(spec, status, e.getMessage(), elapsedMs(started));
        }
        TargetKind kind = entry.info().mode() == TargetKind.UNKNOWN ? TargetKind.STANDALONE : entry.info().mode();
        List<NodeReport> nodes = new ArrayList<>();
        nodes.add(NodeReport.audited(entry));
        nodes.addAll(NodeReads.collect(peersOf(entry), node -> collector.collect(node, settings), deadline, clock));

        List<Finding> findings = new ArrayList<>();
        List<ServerSample> samples = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (NodeReport node : nodes) {
            if (node.snapshot() != null) {
                ServerSample sample = ServerSample.of(spec.name(), node.snapshot());
                samples.add(sample);
                findings.addAll(RedisChecks.evaluate(new CheckContext(spec.name(), node.snapshot(), policy,
                        history.of(sample))));
            }
        }
        history.append(samples, warnings);
        List<String> missing = nodes.stream().filter(n -> n.status() != AuditStatus.AUDITED)
                .map(n -> n.node() + " (" + n.error() + ")").toList();
        String error = missing.isEmpty() ? null
                : missing.size() + " of " + nodes.size() + " nodes not audited: " + String.join("; ", missing);
        return new TargetReport(spec, kind, AuditStatus.AUDITED, error, nodes, findings, elapsedMs(started), warnings);
    }

    /** The other servers behind the entry node, with their role, masters first then by address. */
    static Map<HostPort, NodeRole> peersOf(NodeSnapshot entry) {
        Map<HostPort, NodeRole> peers = new LinkedHashMap<>();
        if (!entry.clusterNodes().isEmpty()) {
            entry.clusterNodes().stream()
                    .filter(n -> !n.myself() && !n.address().equals(entry.node()))
                    .sorted(Comparator.comparing((ClusterNode n) -> n.role() != NodeRole.MASTER)
                            .thenComparing(ClusterNode::address))
                    .forEach(n -> peers.put(n.address(), n.role()));
        } else if (entry.role() == NodeRole.MASTER) {
            entry.info().replicas().stream().sorted().forEach(r -> peers.put(r, NodeRole.REPLICA));
        }
        return peers;
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
