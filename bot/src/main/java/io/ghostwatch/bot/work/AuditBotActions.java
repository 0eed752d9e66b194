package io.ghostwatch.bot.work;

import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.ElastiCacheAuditor;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.findings.FindingRecord;
import io.ghostwatch.core.findings.FindingStore;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.render.TextReportRenderer;
import io.ghostwatch.core.render.TrendCharts;
import io.ghostwatch.core.slack.ChartImage;
import io.ghostwatch.core.slack.ChartUpload;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackText;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code audit <target>|all} and {@code status <target>} from Slack: a fresh audit (its samples kept in the history
 * store, so trends grow), answered to the requester as the CLI's text report; {@code status} adds what the finding
 * store knows (open since when) and the connection trend chart, uploaded into the channel the command came from.
 * The scheduled audit alone records findings and posts the digest, so an on-demand audit never disturbs "new /
 * still open / resolved".
 * <p>
 * The stores and the AWS clients are asked for when an audit runs, never when a press is acknowledged, so they may be
 * built on first use.
 */
public final class AuditBotActions implements BotActions {

    /** Slack shows about this much of a message before "Show more"; the reply is cut there. */
    static final int REPLY_LIMIT = 3_500;

    private final GhostwatchConfig config;
    private final Secrets secrets;
    private final Clock clock;
    private final Supplier<SampleStore> history;
    private final Supplier<FindingStore> findings;
    private final Supplier<AwsClients> aws;
    private final SlackPoster slack;
    private final ResponseUrlReplies replies;
    private final BotActions otherwise;

    /**
     * @param secrets  where the targets' password references are resolved
     * @param history  gives where samples are kept (null: none, and no trend)
     * @param findings gives what the scheduled audits recorded (null: none)
     * @param aws      gives the AWS clients for ElastiCache (null when the config has no elasticache section)
     */
    public AuditBotActions(GhostwatchConfig config, Secrets secrets, Clock clock, Supplier<SampleStore> history,
                           Supplier<FindingStore> findings, Supplier<AwsClients> aws, SlackPoster slack,
                           ResponseUrlReplies replies, BotActions otherwise) {
        this.config = Objects.requireNonNull(config, "config");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.history = Objects.requireNonNull(history, "history");
        this.findings = Objects.requireNonNull(findings, "findings");
        this.aws = Objects.requireNonNull(aws, "aws");
        this.slack = Objects.requireNonNull(slack, "slack");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    @Override
    public boolean pressed(ButtonClick click) {
        return otherwise.pressed(click);
    }

    @Override
    public void perform(WorkItem item) {
        if (!(item instanceof WorkItem.Command c)) {
            otherwise.perform(item);
            return;
        }
        switch (c.command()) {
            case BotCommand.Audit a -> replies.ephemeral(c.requester(), report(audit(a.target())));
            case BotCommand.AuditAll x -> replies.ephemeral(c.requester(), report(auditAll()));
            case BotCommand.Status s -> status(c, s.target());
            default -> otherwise.perform(item);
        }
    }

    private void status(WorkItem.Command c, String target) {
        AuditReport report = audit(target);
        StringBuilder reply = new StringBuilder(report(report));
        FindingStore findings = this.findings.get();
        if (findings != null) {
            List<FindingRecord> open = findings.findings(List.of(target)).stream()
                    .filter(f -> f.status() == FindingRecord.Status.OPEN)
                    .sorted(Comparator.comparing(FindingRecord::openSince)).toList();
            reply.append("\n*Open since the scheduled audits saw them:* ").append(open.isEmpty() ? "none" : open.stream()
                    .map(f -> "\n\u2022 `" + SlackText.escape(f.key().value()) + "` " + f.severity() + " since "
                            + f.openSince()).collect(Collectors.joining()));
        }
        SampleStore history = this.history.get();
        if (history != null && c.requester().channelId() != null) {
            for (TrendCharts.Chart chart : new TrendCharts(config.policy(), history).charts(report)) {
                String title = "connected_clients of " + chart.target() + " (" + chart.node() + ")";
                slack.upload(c.requester().channelId(), null, new ChartUpload(chart.target(), chart.fileName(),
                        new ChartImage(chart.png(), title, title + (chart.leaking() ? ", rising" : ""))));
                reply.append("\nTrend chart of `").append(SlackText.escape(chart.node())).append("` posted in this"
                        + " channel.");
            }
        }
        replies.ephemeral(c.requester(), SlackText.fit(reply.toString(), REPLY_LIMIT + 500));
    }

    /** One target: an inventory entry, or an ElastiCache cache (its region searched for it alone). */
    private AuditReport audit(String name) {
        Optional<TargetSpec> spec = config.targets().stream().filter(t -> t.name().equals(name)).findFirst();
        if (spec.isPresent()) {
            return new FleetAuditor(config.policy(), secrets, clock, history.get()).audit(List.of(spec.get()),
                    AuditProgress.NONE);
        }
        CacheName cache = CacheName.parse(name).orElseThrow(() -> new IllegalArgumentException("target " + name
                + " is neither in the config nor an ElastiCache cache name (the parser checked it)"));
        return new FleetAuditor(config.policy(), secrets, clock, history.get(), elastiCache().only(List.of(cache)))
                .audit(List.of(), AuditProgress.NONE);
    }

    /** Every inventory target and, when configured, every ElastiCache cache. */
    private AuditReport auditAll() {
        return new FleetAuditor(config.policy(), secrets, clock, history.get(),
                config.elasticache() == null ? null : elastiCache()).audit(config.targets(), AuditProgress.NONE);
    }

    private ElastiCacheAuditor elastiCache() {
        AwsClients clients = aws.get();
        if (config.elasticache() == null || clients == null) {
            throw new IllegalStateException("ElastiCache is not configured: the config has no elasticache section");
        }
        return new ElastiCacheAuditor(config.elasticache(), clients, config.policy(), secrets, clock, history.get());
    }

    /** The CLI's text report, verbatim in a code block: server text can neither format nor mention anything. */
    static String report(AuditReport report) {
        String text = new TextReportRenderer(false).render(report);
        String cut = text.length() <= REPLY_LIMIT ? text : text.substring(0, REPLY_LIMIT) + "\n\u2026 ("
                + (text.length() - REPLY_LIMIT) + " more characters: `ghostwatch audit` shows all)";
        return "```" + SlackText.escape(cut.replace("```", "'''")) + "```";
    }
}
