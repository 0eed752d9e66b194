package io.ghostwatch.core.model;

import io.ghostwatch.core.fix.FixPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one check on one node.
 *
 * @param checkId  stable ID, e.g. {@code redis_idle_timeout_enabled}
 * @param node     the server the finding is about ({@code host:port})
 * @param severity set exactly when {@code status} is FAIL
 * @param detail   one sentence a person reads
 * @param evidence the facts behind the verdict, in reading order
 * @param fix      the typed remediation; set exactly when {@code status} is FAIL
 */
public record Finding(String checkId, String node, CheckStatus status, Severity severity, String detail,
                      Map<String, String> evidence, FixPlan fix) {
    public Finding {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if ((status == CheckStatus.FAIL) != (severity != null)) {
            throw new IllegalArgumentException(checkId + ": severity is set exactly when the status is FAIL");
        }
        if ((status == CheckStatus.FAIL) != (fix != null)) {
            throw new IllegalArgumentException(checkId + ": a fix plan is set exactly when the status is FAIL");
        }
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    public static Finding pass(String checkId, String node, String detail, Map<String, String> evidence) {
        return new Finding(checkId, node, CheckStatus.PASS, null, detail, evidence, null);
    }

    public static Finding fail(String checkId, String node, Severity severity, String detail,
                               Map<String, String> evidence, FixPlan fix) {
        return new Finding(checkId, node, CheckStatus.FAIL, severity, detail, evidence, fix);
    }

    public static Finding error(String checkId, String node, String detail, Map<String, String> evidence) {
        return new Finding(checkId, node, CheckStatus.ERROR, null, detail, evidence, null);
    }

    public static Finding notApplicable(String checkId, String node, String detail) {
        return new Finding(checkId, node, CheckStatus.NOT_APPLICABLE, null, detail, Map.of(), null);
    }

    public boolean failedAtLeast(Severity threshold) {
        return status == CheckStatus.FAIL && severity.atLeast(threshold);
    }
}
