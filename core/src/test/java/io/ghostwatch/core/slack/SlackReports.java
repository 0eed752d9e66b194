package io.ghostwatch.core.slack;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.check.CheckContext;
import io.ghostwatch.core.check.RedisChecks;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.testing.Snapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Audit reports and digest inputs for the Slack tests: real checks over captured replies, or findings made to order. */
final class SlackReports {

    static final Instant STARTED = Instant.parse("2026-11-21T10:00:00Z");
    /** The targets' password, resolvable from its reference: it must never reach Slack. */
    static final String SECRET = "s3cr3t-Pa55-7f1e";
    static final String TOKEN = "xoxb-0000-test-token-never-logged";
    /** Captured clients are 3 s idle: with a 2 s threshold they count as probable ghosts. */
    static final Policy POLICY = Policy.defaults().withAssignment("ghostIdleSeconds=2").withAssignment("ghostMinCount=4");

    private SlackReports() {
    }

    static TargetSpec target(String name) {
        return new TargetSpec(name, new HostPort("10.0.0.5", 6379), true, "auditor",
                new SecretRef.Env("LAB_REDIS_PASSWORD"), Map.of("team", "payments"));
    }

    /**
     * The captured 7.0 master as shipped defaults leave it (timeout 0, keepalive 0, open bind, protected mode off)
     * with the captured mixed CLIENT LIST, whose clients include ones named {@code <!channel>} and {@code $(reboot)}.
     */
    static TargetReport leakyLab(String name) {
        NodeSnapshot s = Snapshots.standalone().timeout(0).tcpKeepalive(0).bind("* -::*").protectedMode(false)
                .maxclients(10_000).clients("client-list-7.0-master-mixed.txt", 63, 2).build();
        return audited(target(name), s);
    }

    /** The same server, fixed: timeout and keepalive set, bound to loopback. */
    static TargetReport fixedLab(String name) {
        NodeSnapshot s = Snapshots.standalone().timeout(86_400).tcpKeepalive(300).bind("127.0.0.1 -::1")
                .protectedMode(true).maxclients(10_000).clients("client-list-7.0-master-mixed.txt", 63, 86_400).build();
        return audited(target(name), s);
    }

    static TargetReport audited(TargetSpec spec, NodeSnapshot... snapshots) {
        List<NodeReport> nodes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (NodeSnapshot s : snapshots) {
            nodes.add(NodeReport.audited(s));
            findings.addAll(RedisChecks.evaluate(new CheckContext(spec.name(), s, POLICY)));
        }
        return new TargetReport(spec, TargetKind.STANDALONE, AuditStatus.AUDITED, null, nodes, findings, 42);
    }

    static TargetReport withFindings(String name, List<Finding> findings) {
        return new TargetReport(target(name), TargetKind.STANDALONE, AuditStatus.AUDITED, null, List.of(), findings, 42);
    }

    static TargetReport unreachable(String name) {
        return TargetReport.unavailable(target(name), AuditStatus.UNREACHABLE,
                "cannot connect to 10.0.0.5:6379: Connection refused", 3);
    }

    /** A failure Ghostwatch can fix by itself (CONFIG SET timeout). */
    static Finding fail(String checkId, String node, Severity severity, String detail) {
        return fail(checkId, node, severity, detail, Map.of("timeout", "0"));
    }

    static Finding fail(String checkId, String node, Severity severity, String detail, Map<String, String> evidence) {
        return Finding.fail(checkId, node, severity, detail, evidence, new FixPlan("Set timeout to reap dead peers.",
                List.of(new FixStep.SetParameter(ParameterChange.of(TunableParameter.TIMEOUT, 86_400, Policy.defaults()),
                        "Close clients idle for more than 86400 s."), new FixStep.PersistConfig("Persist it."))));
    }

    static Finding pass(String checkId, String node) {
        return Finding.pass(checkId, node, node + " is fine.", Map.of());
    }

    static AuditReport report(TargetReport... targets) {
        return new AuditReport(STARTED, 1234, List.of(targets));
    }

    /** {@code n} automatable failures spread over three targets, severities cycling. */
    static AuditReport manyFindings(int n) {
        List<List<Finding>> perTarget = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Severity[] severities = Severity.values();
        for (int i = 0; i < n; i++) {
            perTarget.get(i % 3).add(fail(String.format("redis_check_%02d", i), "10.0.0." + (i % 3 + 1) + ":6379",
                    severities[i % severities.length], "finding number " + i + " is bad."));
        }
        return report(withFindings("fleet-a", perTarget.get(0)), withFindings("fleet-b", perTarget.get(1)),
                withFindings("fleet-c", perTarget.get(2)));
    }

    /** Every failing finding of {@code report}, as the store would hold them after that run. */
    static List<StoredFinding> openAfter(AuditReport report) {
        List<StoredFinding> open = new ArrayList<>();
        for (TargetReport t : report.targets()) {
            for (Finding f : t.findings()) {
                if (f.status() == CheckStatus.FAIL) {
                    open.add(new StoredFinding(FindingKey.of(t, f), f.severity(), f.detail()));
                }
            }
        }
        return open;
    }

    static DigestInput next(Collection<StoredFinding> previouslyOpen, AuditReport report) {
        return new DigestInput(report, FindingChanges.compute(previouslyOpen, report), Set.of(), Map.of());
    }

    static List<FindingKey> failingKeys(AuditReport report) {
        return openAfter(report).stream().map(StoredFinding::key).sorted().toList();
    }
}
