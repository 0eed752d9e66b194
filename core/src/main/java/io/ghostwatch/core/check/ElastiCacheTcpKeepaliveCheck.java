package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.PolicyKey;
import java.util.List;

/**
 * {@code elasticache_tcp_keepalive_enabled}: the cache's parameter group turns on TCP keepalive, so the kernel drops
 * connections to peers that vanished. Same thresholds as self-hosted ({@code tcp-keepalive} 0 fails HIGH, above
 * {@code maxKeepaliveSeconds} LOW).
 */
public final class ElastiCacheTcpKeepaliveCheck implements ElastiCacheCheck {
    public static final String ID = "elasticache_tcp_keepalive_enabled";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Dead peers are detected (tcp-keepalive in the parameter group)", Severity.HIGH,
            "With tcp-keepalive 0 the kernel never probes an idle peer: a client that vanished without FIN keeps its"
                    + " connection for ever unless timeout reaps it.",
            "Set tcp-keepalive 300 (60-300) in a custom parameter group; it applies to new connections only.",
            List.of(), List.of(AwsAction.DESCRIBE_CACHE_CLUSTERS, AwsAction.DESCRIBE_CACHE_PARAMETER_GROUPS,
                    AwsAction.DESCRIBE_CACHE_PARAMETERS, AwsAction.DESCRIBE_ENGINE_DEFAULT_PARAMETERS));

    static final String SERVERLESS = "ElastiCache Serverless has no parameter group; the service itself manages client"
            + " connections, so there is no tcp-keepalive to read or change.";

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<Finding> evaluate(ElastiCacheContext ctx) {
        return List.of(switch (GroupParameter.read(ctx, ID, "tcp-keepalive", SERVERLESS)) {
            case GroupParameter.NotJudged n -> n.finding();
            case GroupParameter.Found f -> judge(ctx, f);
        });
    }

    private static Finding judge(ElastiCacheContext ctx, GroupParameter.Found f) {
        long max = ctx.policy().get(PolicyKey.MAX_KEEPALIVE_SECONDS);
        if (f.value() == 0) {
            return Finding.fail(ID, ctx.node(), Severity.HIGH, ctx.whoStarts() + " never probes idle peers: " + f.where()
                    + " has tcp-keepalive 0, so a client that vanishes without FIN leaves a ghost connection.",
                    f.evidence().map(), new FixPlan("Turn on TCP keepalive so vanished peers are dropped.",
                            ElastiCacheFixes.setKeepalive(ctx, f.group())));
        }
        if (f.value() > max) {
            return Finding.fail(ID, ctx.node(), Severity.LOW, ctx.whoStarts() + " probes idle peers only every "
                    + f.value() + " s (" + f.where() + "), above maxKeepaliveSeconds " + max + ": a dead peer holds its"
                    + " connection for about " + (2 * f.value()) + " s.",
                    f.evidence().and("maxKeepaliveSeconds", max).map(), new FixPlan("Probe idle peers more often.",
                            ElastiCacheFixes.setKeepalive(ctx, f.group())));
        }
        return Finding.pass(ID, ctx.node(), ctx.whoStarts() + " sends TCP keepalives every " + f.value() + " s ("
                + f.where() + "): a dead peer is dropped after about " + (2 * f.value()) + " s.", f.evidence().map());
    }
}
