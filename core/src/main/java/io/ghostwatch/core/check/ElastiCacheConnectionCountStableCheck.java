package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.elasticache.CacheNode;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.ParameterGroupSettings;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.LeakDetector;
import io.ghostwatch.core.trend.RisingAddresses;
import io.ghostwatch.core.trend.TrendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code elasticache_connection_count_stable}: each node's CloudWatch {@code CurrConnections} (hourly maxima over the
 * history window) is not rising steadily toward ElastiCache's 65,000-connection limit. The same {@link LeakDetector} as
 * for self-hosted servers and the same severities by time to exhaustion (under 7 days CRITICAL, under 30 HIGH, else
 * MEDIUM); with a census over a direct connection the detail names the client addresses the rise comes from.
 */
public final class ElastiCacheConnectionCountStableCheck implements ElastiCacheCheck {
    public static final String ID = "elasticache_connection_count_stable";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Connection count is not leaking (CloudWatch CurrConnections)", Severity.CRITICAL,
            "A steady rise of CurrConnections that daily cycles, deploys and one-off steps do not explain is a"
                    + " connection leak: ghosts pile up until the node refuses clients at 65,000.",
            "Set timeout (reaps the ghosts) and tcp-keepalive (stops new ones) in the parameter group; look at the"
                    + " client hosts whose connections rise.",
            List.of("INFO clients", "CLIENT LIST (direct connection, optional)", "history"),
            List.of(AwsAction.GET_METRIC_DATA, AwsAction.DESCRIBE_CACHE_PARAMETERS));

    private final LeakDetector detector = new LeakDetector();
    private static final RisingAddresses RISING = new RisingAddresses();

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<Finding> evaluate(ElastiCacheContext ctx) {
        return ctx.cache().nodes().stream().map(node -> judge(ctx, node)).toList();
    }

    private Finding judge(ElastiCacheContext ctx, CacheNode node) {
        String who = NodeLabel.of(ctx, node);
        String whoStarts = NodeLabel.starting(ctx, node);
        List<ConnectionPoint> points;
        switch (NodeConnections.read(ctx, node, ID)) {
            case NodeConnections.NotJudged n -> {
                return n.finding();
            }
            case NodeConnections.Found f -> points = f.points();
        }
        TrendResult trend = detector.detect(points, OptionalLong.of(ElastiCacheSnapshot.MAX_CONNECTIONS_PER_NODE));
        Evidence evidence = Evidence.of("hourly_points", points.size())
                .and("since", points.isEmpty() ? null : points.getFirst().time())
                .and("latest", points.isEmpty() ? null : points.getLast().connectedClients())
                .and("slope_per_day", trend.slopePerDay() == null ? null
                        : String.format(Locale.ROOT, "%+.1f", trend.slopePerDay()))
                .and("confidence", String.format(Locale.ROOT, "%.2f", trend.confidence()));
        if (trend.slopePerDay() == null) {
            return Finding.notApplicable(ID, node.id(), "Not enough CurrConnections history for " + who + " yet: "
                    + trend.reason());
        }
        if (!trend.leaking()) {
            return Finding.pass(ID, node.id(), whoStarts + ": no connection leak. " + trend.reason(), evidence.map());
        }
        Severity severity = ConnectionCountStableCheck.severity(trend.exhaustsAt(), ctx.snapshot().collectedAt());
        evidence.and("started_at", trend.startedAt()).and("exhausts_at", trend.exhaustsAt());
        List<RisingAddresses.AddressTrend> rising = RISING.rising(ctx.censusHistory().getOrDefault(node.id(),
                List.<ServerSample>of()));
        String from = ConnectionCountStableCheck.named(rising);
        evidence.and("rising_addresses", from.isEmpty() ? null : from);
        StringBuilder detail = new StringBuilder(whoStarts).append(" is leaking connections: ")
                .append(String.format(Locale.ROOT, "%+.0f", trend.slopePerDay())).append(" a day");
        if (trend.startedAt() != null) {
            detail.append(" since ").append(trend.startedAt());
        }
        if (trend.exhaustsAt() != null) {
            long days = Math.max(0, Duration.between(ctx.snapshot().collectedAt(), trend.exhaustsAt()).toDays());
            detail.append(", ElastiCache's limit of ").append(ElastiCacheSnapshot.MAX_CONNECTIONS_PER_NODE)
                    .append(" connections ").append(days == 0 ? "within a day" : "in about " + days
                            + (days == 1 ? " day" : " days"));
        }
        detail.append('.');
        if (!from.isEmpty()) {
            detail.append(" The rise comes from ").append(from).append('.');
        }
        List<FixStep> steps = new ArrayList<>();
        if (ctx.snapshot().parameterGroup() instanceof Readout.Known<ParameterGroupSettings>(ParameterGroupSettings g)) {
            List<ParameterChange> changes = new ArrayList<>();
            List<String> causes = new ArrayList<>();
            if (g.isZero("timeout")) {
                causes.add("timeout 0");
                changes.add(ElastiCacheFixes.timeout(ctx));
            }
            if (g.isZero("tcp-keepalive")) {
                causes.add("tcp-keepalive 0");
                changes.add(ElastiCacheFixes.keepalive(ctx.policy()));
            }
            if (!causes.isEmpty()) {
                detail.append(" Likely cause: ").append(String.join(" and ", causes)).append(" in parameter group ")
                        .append(g.name()).append('.');
                steps.addAll(ElastiCacheFixes.setParameters(ctx, g, changes));
            }
        }
        steps.add(new FixStep.ManualStep("ss -tn dst :" + ctx.cache().port() + "  (on " + (rising.isEmpty()
                ? "each client host" : rising.getFirst().address()) + ")",
                "Compare each client host's own socket count with the node's: far fewer on the host means the rest are"
                        + " ghosts; about as many means the application really opens them (a pool leak)."));
        return Finding.fail(ID, node.id(), severity, detail.toString(), evidence.map(),
                new FixPlan("Stop the leak before the node refuses clients.", steps));
    }
}
