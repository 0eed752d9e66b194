package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code redis_idle_connections_reaped}: no pile of long-idle connections that the server's settings let live.
 *
 * <p>Counts clients idle longer than {@code ghostIdleSeconds}, leaving out those Redis exempts from timeout
 * (replicas, masters, MONITOR, Pub/Sub, blocked) and Ghostwatch's own connection. Severity grows with their
 * share of maxclients: 50% CRITICAL, 20% HIGH, 5% MEDIUM, else LOW.
 */
public final class IdleConnectionsReapedCheck implements RedisCheck {
    public static final String ID = "redis_idle_connections_reaped";
    private static final int NAMED_ADDRESSES = 5;

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Long-idle connections are reaped", Severity.CRITICAL,
            "Connections idle for a day or more are usually ghosts: their client is gone but the server keeps the"
                    + " socket. The incidents saw +70-80 a day until maxclients was reached.",
            "CONFIG SET timeout 86400 (Redis then closes them within a second), CONFIG SET tcp-keepalive 300 for new"
                    + " connections, and look at the named client hosts for leaking pools.",
            List.of("CLIENT LIST", "CONFIG GET timeout", "CONFIG GET maxclients"));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public Finding evaluate(CheckContext ctx) {
        if (ctx.snapshot().role() == NodeRole.SENTINEL) {
            return Finding.notApplicable(ID, ctx.node(), ctx.who() + " is a Sentinel: it holds no application clients.");
        }
        if (!(ctx.snapshot().census() instanceof Readout.Known<ClientCensus>(ClientCensus census))) {
            String reason = ((Readout.Unreadable<ClientCensus>) ctx.snapshot().census()).reason();
            return Finding.error(ID, ctx.node(), "Cannot take the client census on " + ctx.who() + ": " + reason + ".",
                    Evidence.of("census", "unreadable").map());
        }
        if (census.isSkipped()) {
            return Finding.error(ID, ctx.node(), "No client census on " + ctx.who() + ": " + census.skipped() + ".",
                    Evidence.of("census", "skipped").map());
        }
        long idle = ctx.policy().get(PolicyKey.GHOST_IDLE_SECONDS);
        long minCount = ctx.policy().get(PolicyKey.GHOST_MIN_COUNT);
        int ghosts = census.probableGhosts();
        Readout<Long> timeout = ctx.snapshot().config().timeout();
        Evidence evidence = Evidence.of("idle_over_" + idle + "s", ghosts).and("connections", census.connections())
                .and("timeout", timeout.map(String::valueOf).orElse("unreadable"));
        boolean settingsLetThemLive = timeout.map(t -> t == 0 || t > idle).orElse(true);
        if (ghosts < minCount) {
            return Finding.pass(ID, ctx.node(), ctx.who() + " has " + ghosts + " connection(s) idle longer than "
                    + idle + " s (below ghostMinCount " + minCount + ").", evidence.map());
        }
        if (!settingsLetThemLive) {
            return Finding.pass(ID, ctx.node(), ctx.who() + " closes clients idle for " + timeout.orElse(0L)
                    + " s, so its " + ghosts + " long-idle connection(s) are being reaped.", evidence.map());
        }
        long maxclients = ctx.snapshot().maxclients().orElse(0L);
        double share = maxclients > 0 ? (double) ghosts / maxclients : 0;
        Severity severity = share >= 0.5 ? Severity.CRITICAL : share >= 0.2 ? Severity.HIGH
                : share >= 0.05 ? Severity.MEDIUM : Severity.LOW;
        List<ClientCensus.AddressCensus> holders = census.ghostHolders();
        String named = holders.stream().limit(NAMED_ADDRESSES)
                .map(a -> a.probableGhosts() + " from " + a.address())
                .collect(Collectors.joining(", "));
        if (holders.size() > NAMED_ADDRESSES) {
            named += " and " + (holders.size() - NAMED_ADDRESSES) + " more address(es)";
        }
        evidence.and("maxclients", maxclients > 0 ? maxclients : "unknown")
                .and("share_of_maxclients", String.format(java.util.Locale.ROOT, "%.1f%%", share * 100))
                .and("holders", named);
        String cause = timeout.map(t -> t == 0 ? "timeout 0" : "timeout " + t + " s").orElse("timeout unreadable");
        List<FixStep> steps = new ArrayList<>();
        steps.add(Fixes.setTimeout(ctx));
        if (ctx.snapshot().config().tcpKeepalive().map(k -> k == 0).orElse(false)) {
            steps.add(Fixes.setKeepalive(ctx.policy()));
        }
        steps.add(Fixes.persist(ctx.snapshot().info()));
        steps.add(new FixStep.ManualStep("CLIENT LIST  (then on each named host: ss -tn dst :" + ctx.snapshot().node().port() + ")",
                "Compare the server's view with each client host's own socket count: if the host shows far fewer"
                        + " connections, the rest are ghosts (the incidents: ~40 on the client, 300+ on the server)."));
        return Finding.fail(ID, ctx.node(), severity,
                ctx.who() + " holds " + ghosts + " connections idle longer than " + idle + " s (" + named + ") and "
                        + cause + " lets them live.",
                evidence.map(), new FixPlan("Reap the long-idle connections and stop new ghosts.", steps));
    }
}
