package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.Readout;
import java.util.List;

/** {@code redis_idle_timeout_enabled}: Redis closes idle clients, so dead peers cannot pile up. */
public final class IdleTimeoutCheck implements RedisCheck {
    public static final String ID = "redis_idle_timeout_enabled";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Idle clients are closed (timeout)", Severity.HIGH,
            "With timeout 0 (the default) Redis never closes an idle client: connections whose peer vanished"
                    + " without FIN stay ESTABLISHED and count against maxclients until clients see"
                    + " 'ERR max number of clients reached'.",
            "CONFIG SET timeout 86400 as a first, safe step, then lower toward 7200; never straight to a small value.",
            List.of("CONFIG GET timeout"));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public Finding evaluate(CheckContext ctx) {
        if (ctx.snapshot().role() == NodeRole.SENTINEL) {
            return Finding.notApplicable(ID, ctx.node(), ctx.who() + " is a Sentinel: it holds no application clients.");
        }
        long min = ctx.policy().get(PolicyKey.MIN_TIMEOUT_SECONDS);
        return switch (ctx.snapshot().config().timeout()) {
            case Readout.Unreadable<Long>(String reason) ->
                    Finding.error(ID, ctx.node(), "Cannot read timeout on " + ctx.who() + ": " + reason + ".",
                            Evidence.of("timeout", "unreadable").map());
            case Readout.Known<Long>(Long t) when t == 0 -> Finding.fail(ID, ctx.node(), Severity.HIGH,
                    ctx.who() + " never closes idle clients (timeout 0).",
                    Evidence.of("timeout", 0).and("config_file", ctx.snapshot().info().configFile().orElse("none")).map(),
                    new FixPlan("Set timeout to reap connections whose peer is gone.",
                            List.of(Fixes.setTimeout(ctx), Fixes.persist(ctx.snapshot().info()))));
            case Readout.Known<Long>(Long t) when t < min -> Finding.fail(ID, ctx.node(), Severity.LOW,
                    ctx.who() + " closes clients idle for only " + t + " s, below minTimeoutSeconds " + min
                            + ": healthy pooled connections get killed.",
                    Evidence.of("timeout", t).and("minTimeoutSeconds", min).map(),
                    new FixPlan("Raise timeout so healthy pooled connections survive quiet periods.",
                            List.of(Fixes.setTimeout(ctx), Fixes.persist(ctx.snapshot().info()))));
            case Readout.Known<Long>(Long t) -> Finding.pass(ID, ctx.node(),
                    ctx.who() + " closes clients idle for more than " + t + " s.", Evidence.of("timeout", t).map());
        };
    }
}
