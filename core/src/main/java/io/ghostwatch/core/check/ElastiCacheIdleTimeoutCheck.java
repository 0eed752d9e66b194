package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.PolicyKey;
import java.util.List;

/**
 * {@code elasticache_idle_timeout_enabled}: the cache's parameter group closes idle clients, so dead peers cannot pile
 * up. Same thresholds as self-hosted ({@code timeout} 0 fails HIGH, below {@code minTimeoutSeconds} LOW). The evidence
 * names the group, whether it is a default or custom one, the parameter's source and ChangeType; with a census over a
 * direct connection it also counts the probable ghosts.
 */
public final class ElastiCacheIdleTimeoutCheck implements ElastiCacheCheck {
    public static final String ID = "elasticache_idle_timeout_enabled";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Idle clients are closed (timeout in the parameter group)", Severity.HIGH,
            "With timeout 0 (ElastiCache's default) a client connection whose peer vanished without FIN stays open and"
                    + " counts against the node's 65,000 connections until clients are refused.",
            "Set timeout in a custom parameter group (86400 as a first, safe step, then lower toward 7200); a default"
                    + " group cannot be changed, so create a custom one and attach it.",
            List.of(), List.of(AwsAction.DESCRIBE_CACHE_CLUSTERS, AwsAction.DESCRIBE_CACHE_PARAMETER_GROUPS,
                    AwsAction.DESCRIBE_CACHE_PARAMETERS, AwsAction.DESCRIBE_ENGINE_DEFAULT_PARAMETERS));

    static final String SERVERLESS = "ElastiCache Serverless has no parameter group; the service itself manages client"
            + " connections, so there is no timeout to read or change.";

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<Finding> evaluate(ElastiCacheContext ctx) {
        return List.of(switch (GroupParameter.read(ctx, ID, "timeout", SERVERLESS)) {
            case GroupParameter.NotJudged n -> n.finding();
            case GroupParameter.Found f -> judge(ctx, f);
        });
    }

    private static Finding judge(ElastiCacheContext ctx, GroupParameter.Found f) {
        long min = ctx.policy().get(PolicyKey.MIN_TIMEOUT_SECONDS);
        Evidence evidence = f.evidence();
        ctx.census().ifPresent(c -> evidence.and("probable_ghosts", c.probableGhosts() + " idle > "
                + c.ghostIdleSeconds() + " s (census over a direct connection)"));
        if (f.value() == 0) {
            return Finding.fail(ID, ctx.node(), Severity.HIGH, ctx.whoStarts() + " never closes idle clients: "
                    + f.where() + " has timeout 0.", evidence.map(), new FixPlan("Set timeout to reap connections whose"
                    + " peer is gone.", ElastiCacheFixes.setTimeout(ctx, f.group())));
        }
        if (f.value() < min) {
            evidence.and("minTimeoutSeconds", min);
            return Finding.fail(ID, ctx.node(), Severity.LOW, ctx.whoStarts() + " closes clients idle for only "
                    + f.value() + " s (" + f.where() + "), below minTimeoutSeconds " + min + ": healthy pooled"
                    + " connections get killed.", evidence.map(), new FixPlan("Raise timeout so healthy pooled"
                    + " connections survive quiet periods.", ElastiCacheFixes.setTimeout(ctx, f.group())));
        }
        return Finding.pass(ID, ctx.node(), ctx.whoStarts() + " closes clients idle for more than " + f.value() + " s ("
                + f.where() + ").", evidence.map());
    }
}
