package io.ghostwatch.core.render;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.redis.ServerInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The human report for a terminal: worst findings first, each with its fix commands; passes summarised.
 * Colour only when asked (the CLI asks when stdout is a terminal). All server-supplied text is made inert.
 */
public final class TextReportRenderer {

    private static final int CENSUS_ROWS = 5;

    private final boolean colour;

    public TextReportRenderer(boolean colour) {
        this.colour = colour;
    }

    public String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        Map<Severity, Integer> fails = report.failuresBySeverity();
        out.append(bold("Ghostwatch audit")).append(" · ").append(report.startedAt()).append(" · ")
                .append(report.targets().size()).append(report.targets().size() == 1 ? " target" : " targets")
                .append(" in ").append(report.durationMs()).append(" ms\n");
        out.append(fails.entrySet().stream().map(e -> paint(e.getKey(), e.getKey() + " " + e.getValue()))
                .collect(Collectors.joining(" · "))).append('\n');
        for (TargetReport t : report.targets()) {
            out.append('\n');
            target(out, t);
        }
        return out.toString();
    }

    private void target(StringBuilder out, TargetReport t) {
        out.append(bold("■ " + SafeText.terminal(t.name()))).append("  ").append(SafeText.terminal(t.target().uri()));
        if (t.status() != AuditStatus.AUDITED) {
            out.append("  ").append(red(t.status().name())).append('\n');
            out.append("  ").append(SafeText.terminal(t.error())).append('\n');
            return;
        }
        NodeSnapshot entry = t.elasticache() != null ? null : t.entryNode().map(NodeReport::snapshot).orElse(null);
        if (t.elasticache() != null) {
            out.append("  ").append(SafeText.terminal(ElastiCacheSummary.of(t.elasticache()))).append('\n');
        } else if (entry != null) {
            out.append("  ").append(t.kind().label()).append(" · ").append(entry.info().product()).append(' ')
                    .append(entry.info().version()).append(" · ").append(t.nodes().size())
                    .append(t.nodes().size() == 1 ? " node" : " nodes").append('\n');
        } else {
            out.append('\n');
        }
        if (!t.target().tags().isEmpty()) {
            out.append("  tags: ").append(t.target().tags().entrySet().stream()
                    .map(e -> SafeText.terminal(e.getKey() + "=" + e.getValue())).collect(Collectors.joining(", ")))
                    .append('\n');
        }
        if (t.error() != null) {
            out.append("  ").append(red("incomplete: ")).append(SafeText.terminal(t.error())).append('\n');
        }
        for (String warning : t.warnings()) {
            out.append("  ").append(yellow("warning: ")).append(SafeText.terminal(warning)).append('\n');
        }
        for (ServerInfo.MonitoredMaster m : entry == null ? List.<ServerInfo.MonitoredMaster>of()
                : entry.info().monitoredMasters()) {
            out.append("  monitors ").append(SafeText.terminal(m.name())).append(" at ")
                    .append(SafeText.terminal(m.address())).append(" (").append(SafeText.terminal(m.status()))
                    .append(", ").append(m.replicas()).append(" replicas, ").append(m.sentinels())
                    .append(" sentinels)\n");
        }
        List<Finding> sorted = t.findings().stream().sorted(FindingOrder.WORST_FIRST).toList();
        for (Finding f : sorted) {
            if (FindingOrder.shownInFull(f)) {
                finding(out, f);
            }
        }
        List<Finding> passed = sorted.stream().filter(f -> f.status() == CheckStatus.PASS).toList();
        if (!passed.isEmpty()) {
            out.append("  ").append(green("PASS")).append(' ').append(passed.size()).append(": ")
                    .append(passed.stream().map(f -> f.checkId() + (severalNodes(t) ? "@" + SafeText.terminal(f.node()) : ""))
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        for (NodeReport node : t.nodes()) {
            if (node.snapshot() != null) {
                census(out, node, t.nodes().size() > 1);
            }
        }
    }

    /** True when the target's findings are about more than one node, so each names its node. */
    private static boolean severalNodes(TargetReport t) {
        return t.findings().stream().map(Finding::node).distinct().count() > 1;
    }

    private void finding(StringBuilder out, Finding f) {
        String label = switch (f.status()) {
            case FAIL -> paint(f.severity(), "FAIL " + f.severity());
            case ERROR -> yellow("ERROR");
            case NOT_APPLICABLE -> dim("N/A");
            case PASS -> green("PASS");
        };
        out.append("  ").append(label).append("  ").append(f.checkId()).append("  ").append(dim(SafeText.terminal(f.node()))).append('\n');
        out.append("    ").append(SafeText.terminal(f.detail())).append('\n');
        if (f.fix() != null) {
            out.append("    fix: ").append(SafeText.terminal(f.fix().summary())).append('\n');
            for (FixStep step : f.fix().steps()) {
                out.append("      ").append(step instanceof FixStep.ManualStep ? "(manual) " : "")
                        .append(bold(SafeText.terminal(step.command()))).append('\n');
            }
        }
    }

    private void census(StringBuilder out, NodeReport node, boolean nameNode) {
        String prefix = "  clients" + (nameNode ? " on " + SafeText.terminal(node.node().toString()) : "") + ": ";
        switch (node.snapshot().census()) {
            case Readout.Unreadable<ClientCensus> u -> out.append(prefix).append(dim("unreadable: "
                    + SafeText.terminal(u.reason()))).append('\n');
            case Readout.Known<ClientCensus>(ClientCensus c) when c.isSkipped() ->
                    out.append(prefix).append(dim(SafeText.terminal(c.skipped()))).append('\n');
            case Readout.Known<ClientCensus>(ClientCensus c) -> {
                out.append(prefix).append(c.connections()).append(" connection(s) from ").append(c.addresses().size())
                        .append(" address(es)");
                if (c.probableGhosts() > 0) {
                    out.append(", ").append(red(c.probableGhosts() + " idle > " + c.ghostIdleSeconds() + " s"));
                }
                out.append('\n');
                for (ClientCensus.AddressCensus a : c.addresses().stream().limit(CENSUS_ROWS).toList()) {
                    out.append("    ").append(String.format("%-22s", SafeText.terminal(a.address())))
                            .append(String.format(" %5d conn", a.connections()))
                            .append(String.format("  idle>1h %d  idle>1d %d", a.idleOverSeconds().getOrDefault(3_600L, 0),
                                    a.idleOverSeconds().getOrDefault(86_400L, 0)))
                            .append("  oldest ").append(duration(a.oldestAgeSeconds()));
                    if (!a.names().isEmpty()) {
                        out.append("  names ").append(a.names().stream().map(SafeText::terminal)
                                .collect(Collectors.joining(",")));
                        if (a.namesOmitted() > 0) {
                            out.append(" +").append(a.namesOmitted());
                        }
                    }
                    out.append('\n');
                }
                if (c.addresses().size() > CENSUS_ROWS) {
                    out.append("    … ").append(c.addresses().size() - CENSUS_ROWS).append(" more address(es)\n");
                }
            }
        }
    }

    static String duration(long seconds) {
        if (seconds >= 86_400) return (seconds / 86_400) + "d" + ((seconds % 86_400) / 3_600) + "h";
        if (seconds >= 3_600) return (seconds / 3_600) + "h" + ((seconds % 3_600) / 60) + "m";
        if (seconds >= 60) return (seconds / 60) + "m" + (seconds % 60) + "s";
        return seconds + "s";
    }

    private String paint(Severity s, String text) {
        return switch (s) {
            case CRITICAL -> ansi("1;31", text);
            case HIGH -> ansi("31", text);
            case MEDIUM -> ansi("33", text);
            case LOW -> ansi("36", text);
        };
    }

    private String bold(String t) { return ansi("1", t); }
    private String red(String t) { return ansi("31", t); }
    private String green(String t) { return ansi("32", t); }
    private String yellow(String t) { return ansi("33", t); }
    private String dim(String t) { return ansi("2", t); }

    private String ansi(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
