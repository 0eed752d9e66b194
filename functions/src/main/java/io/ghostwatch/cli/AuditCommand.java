package io.ghostwatch.cli;

import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.ElastiCacheAuditor;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ElastiCacheConfig;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.history.FileSampleStore;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.render.MarkdownReportRenderer;
import io.ghostwatch.core.render.SafeText;
import io.ghostwatch.core.render.TrendCharts;
import io.ghostwatch.core.render.TextReportRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Audit Redis servers for ghost connections, exposure and headroom.",
        footerHeading = "%nExit codes:%n", footer = {
                "  0  audited; no failure at or above --fail-on",
                "  1  a failure at or above --fail-on",
                "  2  bad usage or config (the message names the problem)",
                "  3  some target or node could not be audited (and no --fail-on failure)",
                "  5  --slack: the digest was not posted (Slack refused it: channel_not_found, not_in_channel,",
                "     invalid_auth...; kept failing; or the finding state could not be stored first); the report",
                "     stands. Also --slack-preview when the finding state cannot be read. Wins over 1 and 3."})
final class AuditCommand implements Callable<Integer> {

    enum Format { text, json, markdown }

    @Mixin
    TargetOptions targets;

    @Option(names = "--format", defaultValue = "text", description = "text, json or markdown (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "exit 1 when any check fails at or above this: CRITICAL, HIGH, MEDIUM, LOW")
    String failOn;

    @Option(names = "--no-color", description = "never colour the text report (also: NO_COLOR set)")
    boolean noColor;

    @Option(names = "--history", paramLabel = "DIR", description = "where each audit's samples are kept for leak"
            + " detection (default: $XDG_DATA_HOME/ghostwatch/history, else ~/.local/share/ghostwatch/history)")
    Path historyDir;

    @Option(names = "--no-history", description = "keep and read no samples: the leak check sees only this audit")
    boolean noHistory;

    @Option(names = "--charts", paramLabel = "DIR", description = "write a connection-trend PNG per audited server"
            + " (connected_clients over the stored history, fitted trend, maxclients)")
    Path chartsDir;

    @Mixin
    SlackOptions slack;

    @Mixin
    ElastiCacheOptions elasticache;

    private final Cli cli;

    AuditCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        // the password references' resolver for this run: secret: through Secrets Manager with the SDK's default
        // credentials and region (AWS_ENDPOINT_URL honoured), each secret read once
        try (Secrets secrets = Secrets.create(cli.environment(), cli.aws())) {
            return run(secrets);
        }
    }

    private Integer run(Secrets secrets) {
        Severity threshold = failOn == null ? null : Severity.parse(failOn);
        GhostwatchConfig loaded = targets.loadConfig(cli.environment());
        Optional<ElastiCacheConfig> managed = elasticache.resolve(loaded, cli.environment());
        GhostwatchConfig config = loaded.withElastiCache(managed.orElse(null));
        Policy policy = targets.policy(config);
        List<CacheName> caches = ElastiCacheOptions.caches(targets.targets);
        if (!caches.isEmpty() && managed.isEmpty()) {
            throw ElastiCacheOptions.notEnabled(caches.getFirst());
        }
        // with --target, only what is named: ElastiCache only when a cache is named
        boolean auditElastiCache = managed.isPresent() && (targets.targets.isEmpty() || !caches.isEmpty());
        List<TargetSpec> specs = targets.resolveTargets(config, auditElastiCache);
        slack.check(config, secrets);
        AuditProgress progress = cli.progressBar(specs.size());
        if (noHistory && historyDir != null) {
            throw new ConfigException("--history and --no-history exclude each other");
        }
        if (noHistory && chartsDir != null) {
            throw new ConfigException("--charts draws the stored history: it cannot be used with --no-history");
        }
        SampleStore history = noHistory ? null : new FileSampleStore(
                historyDir != null ? historyDir : FileSampleStore.defaultDirectory(cli.environment()),
                warning -> cli.err().println("ghostwatch audit: history: " + SafeText.terminal(warning)));
        AuditReport report;
        try (AwsClients aws = auditElastiCache ? AwsClients.create(cli.aws()) : null) {
            ElastiCacheAuditor ec = aws == null ? null : new ElastiCacheAuditor(managed.get(), aws, policy,
                    secrets, cli.clock(), history);
            report = new FleetAuditor(policy, secrets, cli.clock(), history,
                    ec == null || caches.isEmpty() ? ec : ec.only(caches)).audit(specs, progress);
        }
        cli.finishProgress();
        List<TrendCharts.Chart> charts = history == null || (chartsDir == null && !slack.wanted()) ? List.of()
                : new TrendCharts(policy, history).charts(report);
        if (chartsDir != null) {
            TrendCharts.write(charts, chartsDir).forEach(path -> cli.err().println("ghostwatch audit: chart " + path));
        }
        cli.out().print(switch (format) {
            case text -> new TextReportRenderer(cli.colour() && !noColor).render(report);
            case json -> new JsonReportRenderer().render(report);
            case markdown -> new MarkdownReportRenderer().render(report);
        });
        cli.out().flush();
        int slackExit = slack.deliver(report, config, cli, leakingByTarget(charts));
        if (slackExit != 0) {
            return slackExit;
        }
        if (threshold != null && report.anyFailureAtLeast(threshold)) {
            return 1;
        }
        return report.incomplete() ? 3 : 0;
    }

    /** For the Slack digest: one chart per leaking target (its first leaking node), keyed by target name. */
    private static java.util.Map<String, io.ghostwatch.core.slack.ChartImage> leakingByTarget(List<TrendCharts.Chart> charts) {
        java.util.Map<String, io.ghostwatch.core.slack.ChartImage> byTarget = new java.util.LinkedHashMap<>();
        for (TrendCharts.Chart c : charts) {
            if (c.leaking()) {
                byTarget.putIfAbsent(c.target(), new io.ghostwatch.core.slack.ChartImage(c.png(), "Connections on " + c.node(),
                        "connected_clients of " + c.target() + " (" + c.node() + ") over time, its fitted rise and maxclients"));
            }
        }
        return byTarget;
    }
}
