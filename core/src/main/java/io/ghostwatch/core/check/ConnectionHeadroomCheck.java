package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.ProbeResult;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code redis_connection_headroom}: connected_clients stays clear of maxclients.
 *
 * <p>CRITICAL when {@code rejected_connections} shows clients already turned away. Redis also counts
 * protected-mode refusals there, so when protected mode is refusing unauthenticated non-local clients
 * (protected-mode yes and no password) a rejection count alone is ambiguous: it is reported as evidence,
 * and escalates to CRITICAL only together with the server being at the headroom threshold.
 */
public final class ConnectionHeadroomCheck implements RedisCheck {
    public static final String ID = "redis_connection_headroom";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Connections stay clear of maxclients", Severity.CRITICAL,
            "At maxclients every new connection gets 'ERR max number of clients reached': the application is down.",
            "Find who holds the connections (census); reap ghosts with timeout; raise maxclients only as a stopgap.",
            List.of("INFO clients", "INFO stats", "CONFIG GET maxclients"));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public Finding evaluate(CheckContext ctx) {
        NodeSnapshot s = ctx.snapshot();
        if (s.role() == NodeRole.SENTINEL) {
            return Finding.notApplicable(ID, ctx.node(), ctx.who() + " is a Sentinel: it holds no application clients.");
        }
        var connected = s.info().connectedClients();
        Readout<Long> maxclientsReadout = s.maxclients();
        if (connected.isEmpty() || !(maxclientsReadout instanceof Readout.Known<Long>(Long maxclients))) {
            String reason = connected.isEmpty() ? "INFO has no connected_clients"
                    : "maxclients unreadable: " + ((Readout.Unreadable<Long>) maxclientsReadout).reason();
            return Finding.error(ID, ctx.node(), "Cannot compute connection headroom on " + ctx.who() + ": "
                    + reason + ".", Evidence.of("connected_clients", connected.isPresent() ? connected.getAsLong() : "unknown").map());
        }
        long percent = ctx.policy().get(PolicyKey.HEADROOM_PERCENT);
        long clients = Math.max(0, connected.getAsLong() - 1); // Ghostwatch's own connection is not the fleet's
        long rejected = s.info().rejectedConnections().orElse(0);
        double used = maxclients > 0 ? 100.0 * clients / maxclients : 100.0;
        boolean nearLimit = used >= percent;
        // Only a probe over loopback leaves the question open: one answered over the network shows protected
        // mode is refusing no one, so the rejections were real.
        boolean rejectionsAmbiguous = s.config().protectedMode().orElse(false)
                && s.probe() instanceof ProbeResult.Accepted a && a.overLoopback();
        Evidence evidence = Evidence.of("connected_clients", clients).and("maxclients", maxclients)
                .and("used", String.format(java.util.Locale.ROOT, "%.1f%%", used))
                .and("rejected_connections", rejected);
        if (rejected > 0 && rejectionsAmbiguous) {
            evidence.and("note", "rejected_connections also counts protected-mode refusals on this server");
        }
        String usage = clients + " of " + maxclients + " connections in use ("
                + String.format(java.util.Locale.ROOT, "%.1f%%", Math.floor(used * 10) / 10) + ")";
        if (rejected > 0 && (!rejectionsAmbiguous || nearLimit)) {
            return Finding.fail(ID, ctx.node(), Severity.CRITICAL, ctx.who() + " has already turned away " + rejected
                    + " connection(s) since it started; " + usage + ".", evidence.map(), fixPlan(ctx));
        }
        if (nearLimit) {
            return Finding.fail(ID, ctx.node(), Severity.HIGH, ctx.who() + " is near maxclients: " + usage
                    + ", at or above headroomPercent " + percent + "%.", evidence.map(), fixPlan(ctx));
        }
        return Finding.pass(ID, ctx.node(), ctx.who() + " has headroom: " + usage + ".", evidence.map());
    }

    private static FixPlan fixPlan(CheckContext ctx) {
        List<FixStep> steps = new ArrayList<>();
        steps.add(new FixStep.ManualStep("CLIENT LIST",
                "See which client hosts hold the connections (the census in this report) and whether they are idle."));
        if (ctx.snapshot().config().timeout().map(t -> t == 0).orElse(false)) {
            steps.add(Fixes.setTimeout(ctx));
            steps.add(Fixes.persist(ctx.snapshot().info()));
        }
        steps.add(new FixStep.ManualStep("CONFIG SET maxclients <higher>",
                "Stopgap only, while the cause is found: maxclients is capped by the process's open-file limit."));
        return new FixPlan("Free connections before clients are turned away.", steps);
    }
}
