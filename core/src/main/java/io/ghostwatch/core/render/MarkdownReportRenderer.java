package io.ghostwatch.core.render;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import java.util.List;
import java.util.stream.Collectors;

/** The audit as GitHub-flavoured Markdown, for tickets and wikis. Every server-supplied string is escaped. */
public final class MarkdownReportRenderer {

    public String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append("# Ghostwatch audit\n\n");
        out.append("Started ").append(report.startedAt()).append(", ").append(report.targets().size())
                .append(" target(s) in ").append(report.durationMs()).append(" ms.\n\n");
        out.append("| Severity | Failures |\n|---|---|\n");
        report.failuresBySeverity().forEach((s, n) -> out.append("| ").append(s).append(" | ").append(n).append(" |\n"));
        for (TargetReport t : report.targets()) {
            out.append("\n## ").append(SafeText.markdown(t.name())).append("\n\n");
            out.append(SafeText.markdownCode(t.target().uri())).append(" · ").append(t.kind().label())
                    .append(" · ").append(t.status()).append("\n\n");
            if (t.elasticache() != null) {
                out.append(SafeText.markdown(ElastiCacheSummary.of(t.elasticache()))).append("\n\n");
            }
            if (t.error() != null) {
                out.append("> ").append(SafeText.markdown(t.error())).append("\n\n");
            }
            if (t.status() != AuditStatus.AUDITED) {
                continue;
            }
            List<Finding> shown = t.findings().stream().filter(FindingOrder::shownInFull)
                    .sorted(FindingOrder.WORST_FIRST).toList();
            if (!shown.isEmpty()) {
                out.append("| Status | Check | Node | Detail |\n|---|---|---|---|\n");
                for (Finding f : shown) {
                    out.append("| ").append(f.status() == CheckStatus.FAIL ? "**FAIL " + f.severity() + "**" : f.status())
                            .append(" | ").append(SafeText.markdownCode(f.checkId()))
                            .append(" | ").append(SafeText.markdownCode(f.node()))
                            .append(" | ").append(SafeText.markdown(f.detail())).append(" |\n");
                }
                out.append('\n');
                for (Finding f : shown) {
                    if (f.fix() != null) {
                        out.append("**Fix ").append(SafeText.markdown(f.checkId())).append(" on ")
                                .append(SafeText.markdown(f.node())).append("**: ")
                                .append(SafeText.markdown(f.fix().summary())).append("\n\n");
                        for (FixStep step : f.fix().steps()) {
                            out.append("- ").append(SafeText.markdownCode(step.command()))
                                    .append(step instanceof FixStep.ManualStep ? " (manual)" : "").append(": ")
                                    .append(SafeText.markdown(step.explanation())).append('\n');
                        }
                        out.append('\n');
                    }
                }
            }
            long passed = t.findings().stream().filter(f -> f.status() == CheckStatus.PASS).count();
            out.append("Passed: ").append(passed).append(" check(s).\n");
            for (NodeReport node : t.nodes()) {
                if (node.snapshot() != null
                        && node.snapshot().census() instanceof Readout.Known<ClientCensus>(ClientCensus c)
                        && !c.isSkipped() && !c.addresses().isEmpty()) {
                    out.append("\nClients on ").append(SafeText.markdownCode(node.node().toString()))
                            .append(":\n\n| Address | Connections | Idle > 1 h | Idle > 1 d | Names |\n|---|---|---|---|---|\n");
                    for (ClientCensus.AddressCensus a : c.addresses()) {
                        out.append("| ").append(SafeText.markdown(a.address())).append(" | ").append(a.connections())
                                .append(" | ").append(a.idleOverSeconds().getOrDefault(3_600L, 0))
                                .append(" | ").append(a.idleOverSeconds().getOrDefault(86_400L, 0))
                                .append(" | ").append(a.names().stream().map(SafeText::markdown)
                                        .collect(Collectors.joining(", "))).append(" |\n");
                    }
                }
            }
        }
        return out.toString();
    }
}
