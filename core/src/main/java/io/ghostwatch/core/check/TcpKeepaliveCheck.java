package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.Readout;
import java.util.List;

/** {@code redis_tcp_keepalive_enabled}: the kernel probes idle peers, so vanished clients are dropped. */
public final class TcpKeepaliveCheck implements RedisCheck {
    public static final String ID = "redis_tcp_keepalive_enabled";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Dead peers are detected (tcp-keepalive)", Severity.HIGH,
            "With tcp-keepalive 0 the kernel never probes a silent peer: a client host that crashes or is cut off"
                    + " by a NAT/firewall leaves a ghost connection forever. On Linux Redis sets TCP_KEEPIDLE=n,"
                    + " KEEPINTVL=n/3, KEEPCNT=3, so a dead peer is dropped after about 2n seconds.",
            "CONFIG SET tcp-keepalive 300 (60-300). It applies to new connections only.",
            List.of("CONFIG GET tcp-keepalive"));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public Finding evaluate(CheckContext ctx) {
        if (ctx.snapshot().role() == NodeRole.SENTINEL) {
            return Finding.notApplicable(ID, ctx.node(), ctx.who() + " is a Sentinel: it holds no application clients.");
        }
        long max = ctx.policy().get(PolicyKey.MAX_KEEPALIVE_SECONDS);
        return switch (ctx.snapshot().config().tcpKeepalive()) {
            case Readout.Unreadable<Long>(String reason) ->
                    Finding.error(ID, ctx.node(), "Cannot read tcp-keepalive on " + ctx.who() + ": " + reason + ".",
                            Evidence.of("tcp-keepalive", "unreadable").map());
            case Readout.Known<Long>(Long k) when k == 0 -> Finding.fail(ID, ctx.node(), Severity.HIGH,
                    ctx.who() + " never probes idle peers (tcp-keepalive 0): a client that vanishes without FIN"
                            + " leaves a ghost connection.",
                    Evidence.of("tcp-keepalive", 0).map(),
                    new FixPlan("Turn on TCP keepalive so the kernel drops connections to vanished peers.",
                            List.of(Fixes.setKeepalive(ctx.policy()), Fixes.persist(ctx.snapshot().info()))));
            case Readout.Known<Long>(Long k) when k > max -> Finding.fail(ID, ctx.node(), Severity.LOW,
                    ctx.who() + " probes idle peers only every " + k + " s (above maxKeepaliveSeconds " + max
                            + "): a dead peer holds its connection for about " + (2 * k) + " s.",
                    Evidence.of("tcp-keepalive", k).and("maxKeepaliveSeconds", max).map(),
                    new FixPlan("Probe idle peers more often.",
                            List.of(Fixes.setKeepalive(ctx.policy()), Fixes.persist(ctx.snapshot().info()))));
            case Readout.Known<Long>(Long k) -> Finding.pass(ID, ctx.node(),
                    ctx.who() + " sends TCP keepalives every " + k + " s: a dead peer is dropped after about "
                            + (2 * k) + " s.", Evidence.of("tcp-keepalive", k).map());
        };
    }
}
