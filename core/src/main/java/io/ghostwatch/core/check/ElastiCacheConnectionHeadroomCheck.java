package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.elasticache.CacheNode;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.ParameterGroupSettings;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code elasticache_connection_headroom}: each node's latest hourly maximum of {@code CurrConnections} stays below
 * {@code headroomPercent} of ElastiCache's limit of 65,000 connections per node (its maxclients, which cannot be
 * raised). At or above it fails HIGH; at the limit itself CRITICAL (clients are being refused).
 */
public final class ElastiCacheConnectionHeadroomCheck implements ElastiCacheCheck {
    public static final String ID = "elasticache_connection_headroom";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Connections stay clear of ElastiCache's 65,000 per node", Severity.CRITICAL,
            "At 65,000 connections a node refuses new clients: the application is down, and the limit cannot be raised.",
            "Find who holds the connections; reap ghosts with timeout in the parameter group; spread clients over"
                    + " replicas or shards.",
            List.of(), List.of(AwsAction.GET_METRIC_DATA));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<Finding> evaluate(ElastiCacheContext ctx) {
        return ctx.cache().nodes().stream().map(node -> judge(ctx, node)).toList();
    }

    private static Finding judge(ElastiCacheContext ctx, CacheNode node) {
        String who = NodeLabel.of(ctx, node);
        String whoStarts = NodeLabel.starting(ctx, node);
        List<ConnectionPoint> points;
        switch (NodeConnections.read(ctx, node, ID)) {
            case NodeConnections.NotJudged n -> {
                return n.finding();
            }
            case NodeConnections.Found f -> points = f.points();
        }
        if (points.isEmpty()) {
            return Finding.notApplicable(ID, node.id(), "CloudWatch has no CurrConnections datapoint for " + who
                    + " in the history window (a new or idle node).");
        }
        ConnectionPoint latest = points.getLast();
        long limit = ElastiCacheSnapshot.MAX_CONNECTIONS_PER_NODE;
        long percent = ctx.policy().get(PolicyKey.HEADROOM_PERCENT);
        double used = 100.0 * latest.connectedClients() / limit;
        String usedText = String.format(Locale.ROOT, "%.1f%%", Math.floor(used * 10) / 10);
        String usage = latest.connectedClients() + " of " + limit + " connections (" + usedText + ", hourly maximum at "
                + latest.time() + ")";
        Evidence evidence = Evidence.of("curr_connections", latest.connectedClients()).and("limit", limit)
                .and("used", usedText).and("at", latest.time());
        if (latest.connectedClients() >= limit) {
            return Finding.fail(ID, node.id(), Severity.CRITICAL, whoStarts + " is at ElastiCache's connection limit: "
                    + usage + "; new clients are refused.", evidence.map(), plan(ctx));
        }
        if (used >= percent) {
            return Finding.fail(ID, node.id(), Severity.HIGH, whoStarts + " is near ElastiCache's connection limit: " + usage
                    + ", at or above headroomPercent " + percent + "%.", evidence.map(), plan(ctx));
        }
        return Finding.pass(ID, node.id(), whoStarts + " has headroom: " + usage + ".", evidence.map());
    }

    private static FixPlan plan(ElastiCacheContext ctx) {
        List<FixStep> steps = new ArrayList<>();
        steps.add(new FixStep.ManualStep("CLIENT LIST", "See which client hosts hold the connections and whether they"
                + " are idle (give Ghostwatch a direct connection in elasticache.connect to see it in the report)."));
        if (ctx.snapshot().parameterGroup() instanceof Readout.Known<ParameterGroupSettings>(ParameterGroupSettings g)
                && g.isZero("timeout")) {
            steps.addAll(ElastiCacheFixes.setTimeout(ctx, g));
        }
        steps.add(new FixStep.ManualStep(ctx.cache() instanceof ServerlessCache
                ? "aws elasticache describe-serverless-caches --region " + ctx.cache().location().region()
                + " --serverless-cache-name " + ctx.cache().id()
                : "aws elasticache describe-replication-groups --region " + ctx.cache().location().region(),
                "Spread the clients: more shards or replicas (node-based), or check the cache's usage limits"
                        + " (serverless)."));
        return new FixPlan("Free connections before clients are refused.", steps);
    }
}
