package io.ghostwatch.core.render;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.check.CheckContext;
import io.ghostwatch.core.check.RedisChecks;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Audit reports for renderer tests: real checks over snapshots built from captured replies. */
final class Reports {

    static final Instant STARTED = Instant.parse("2026-11-21T10:00:00Z");
    /** The target's password: resolvable from {@link #ENV}, and never to be seen in any output. */
    static final String SECRET = "s3cr3t-Pa55-7f1e";
    static final Map<String, String> ENV = Map.of("LAB_REDIS_PASSWORD", SECRET);
    /** Makes the captured clients (idle 3 s) probable ghosts, so the census and the idle check have something to say. */
    static final Policy POLICY = Policy.defaults().withAssignment("ghostIdleSeconds=2").withAssignment("ghostMinCount=4");

    static final String ESC_NAME = "\u001b[31mEVIL\u001b[0m";
    static final String SCRIPT_NAME = "<script>alert(1)</script>";
    static final String BIDI_NAME = "invoice\u202egnp.exe";
    /** An address that would set the terminal title (OSC 0) if printed raw. */
    static final String OSC_HOST = "\u001b]0;pwned\u0007";

    private Reports() {
    }

    /** The inventory entry, as the config file gives it: ACL user in the URI, password by reference. */
    static TargetSpec target(String name) {
        return ConfigLoader.parse("""
                targets:
                  - name: %s
                    uri: rediss://auditor@10.0.0.5:6379
                    password: env:LAB_REDIS_PASSWORD
                    tags:
                      team: payments
                """.formatted(name), "ghostwatch.yaml").targets().getFirst();
    }

    /**
     * The captured mixed CLIENT LIST with four more clients from a hostile server: names with an ANSI colour
     * sequence, an HTML script tag and a right-to-left override, and one from an address holding an OSC
     * sequence. Redis itself refuses such names in CLIENT SETNAME (except the script tag, which has no
     * space); a server that is not Redis, or one tampered with, can still send them.
     */
    static String hostileClientList() {
        String mixed = Fixtures.text("client-list-7.0-master-mixed.txt");
        String template = mixed.lines().filter(l -> l.contains("name=orders-pool")).findFirst().orElseThrow();
        StringBuilder sb = new StringBuilder(mixed);
        String[][] extra = {
                {"101", "127.0.0.1:50001", ESC_NAME},
                {"102", "127.0.0.1:50002", SCRIPT_NAME},
                {"103", "127.0.0.1:50003", BIDI_NAME},
                {"104", OSC_HOST + ":50004", "plain"},
        };
        for (String[] e : extra) {
            sb.append(template.replace("id=56 ", "id=" + e[0] + " ")
                    .replaceFirst("addr=[^ ]+ ", java.util.regex.Matcher.quoteReplacement("addr=" + e[1] + " "))
                    .replace("name=orders-pool", "name=" + e[2])).append('\n');
        }
        return sb.toString();
    }

    static TargetReport audited(TargetSpec spec, NodeSnapshot... snapshots) {
        List<NodeReport> nodes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (NodeSnapshot s : snapshots) {
            nodes.add(NodeReport.audited(s));
            findings.addAll(RedisChecks.evaluate(new CheckContext(spec.name(), s, POLICY)));
        }
        TargetKind mode = snapshots[0].info().mode();
        return new TargetReport(spec, mode == TargetKind.UNKNOWN ? TargetKind.STANDALONE : mode, AuditStatus.AUDITED,
                null, nodes, findings, 42);
    }

    static AuditReport report(TargetReport... targets) {
        return new AuditReport(STARTED, 1234, List.of(targets));
    }
}
