package io.ghostwatch.core.findings;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.slack.FindingKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Audit runs made to order for the finding store and publisher tests. */
final class Runs {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final String NODE = "10.0.0.5:6379";
    static final String TIMEOUT = "redis_idle_timeout_enabled";
    static final String KEEPALIVE = "redis_tcp_keepalive_enabled";
    static final String BIND = "redis_bind_restricted";

    private Runs() {
    }

    static Instant hours(int n) {
        return T0.plus(Duration.ofHours(n));
    }

    static TargetSpec spec(String name, Map<String, String> tags) {
        return new TargetSpec(name, new HostPort("10.0.0.5", 6379), false, null, null, tags);
    }

    static TargetReport target(String name, Finding... findings) {
        return target(name, Map.of(), findings);
    }

    static TargetReport target(String name, Map<String, String> tags, Finding... findings) {
        return new TargetReport(spec(name, tags), TargetKind.STANDALONE, AuditStatus.AUDITED, null, List.of(),
                List.of(findings), 5);
    }

    static TargetReport unreachable(String name) {
        return TargetReport.unavailable(spec(name, Map.of()), AuditStatus.UNREACHABLE, "connection refused", 3);
    }

    static AuditReport run(Instant startedAt, TargetReport... targets) {
        return new AuditReport(startedAt, 100, List.of(targets));
    }

    static Finding fail(String check, Severity severity, String detail) {
        return fail(check, NODE, severity, detail);
    }

    static Finding fail(String check, String node, Severity severity, String detail) {
        return Finding.fail(check, node, severity, detail, Map.of("timeout", "0"), new FixPlan("Set timeout.",
                List.of(new FixStep.SetParameter(ParameterChange.of(TunableParameter.TIMEOUT, 86_400, Policy.defaults()),
                        "Close idle clients."))));
    }

    static Finding pass(String check) {
        return Finding.pass(check, NODE, "fine", Map.of());
    }

    static Finding error(String check) {
        return Finding.error(check, NODE, "CONFIG is renamed", Map.of());
    }

    static FindingKey key(String target, String check) {
        return new FindingKey(target, NODE, check);
    }
}
