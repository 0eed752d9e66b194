package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.LeakDetector;
import io.ghostwatch.core.trend.RisingAddresses;
import io.ghostwatch.core.trend.TrendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * {@code redis_connection_count_stable}: connected_clients is not rising steadily toward maxclients.
 *
 * <p>Reads the node's stored samples (the audit's history) through {@link LeakDetector}; severity comes from
 * the projected time to exhaustion: under 7 days CRITICAL, under 30 days HIGH, else MEDIUM. The detail names
 * the client addresses whose counts rise and the likely cause on this server (timeout 0 / tcp-keepalive 0).
 */
public final class ConnectionCountStableCheck implements RedisCheck {
    public static final String ID = "redis_connection_count_stable";
    private static final int NAMED_ADDRESSES = 3;

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Connection count is not leaking", Severity.CRITICAL,
            "A steady rise in connected_clients that daily cycles, deploys and one-off steps do not explain is a"
                    + " connection leak: the incidents saw +70-80 a day until clients got 'ERR max number of clients"
                    + " reached'.",
            "Set timeout (reaps the ghosts) and tcp-keepalive (stops new ones); look at the client host whose count rises.",
            List.of("INFO clients", "CLIENT LIST", "CONFIG GET timeout", "CONFIG GET tcp-keepalive", "history"));

    private final LeakDetector detector = new LeakDetector();
    private static final RisingAddresses RISING = new RisingAddresses();

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public Finding evaluate(CheckContext ctx) {
        if (ctx.snapshot().role() == NodeRole.SENTINEL) {
            return Finding.notApplicable(ID, ctx.node(), ctx.who() + " is a Sentinel: it holds no application clients.");
        }
        if (!(ctx.history() instanceof Readout.Known<List<ServerSample>>(List<ServerSample> samples))) {
            String reason = ((Readout.Unreadable<List<ServerSample>>) ctx.history()).reason();
            return Finding.error(ID, ctx.node(), "Cannot judge the connection trend on " + ctx.who() + ": " + reason
                    + ".", Evidence.of("history", "unreadable").map());
        }
        List<ConnectionPoint> points = samples.stream()
                .map(s -> new ConnectionPoint(s.time(), s.connectedClients())).toList();
        Readout<Long> maxclients = ctx.snapshot().maxclients();
        TrendResult trend = detector.detect(points,
                maxclients.isKnown() ? OptionalLong.of(maxclients.orElse(0L)) : OptionalLong.empty());
        Evidence evidence = Evidence.of("samples", samples.size())
                .and("since", samples.isEmpty() ? null : samples.getFirst().time())
                .and("slope_per_day", trend.slopePerDay() == null ? null : String.format(Locale.ROOT, "%+.1f", trend.slopePerDay()))
                .and("confidence", String.format(Locale.ROOT, "%.2f", trend.confidence()));
        if (trend.slopePerDay() == null) {
            return Finding.notApplicable(ID, ctx.node(), "Not enough history on " + ctx.who() + " yet: "
                    + trend.reason());
        }
        if (!trend.leaking()) {
            return Finding.pass(ID, ctx.node(), ctx.who() + ": no connection leak. " + trend.reason(), evidence.map());
        }
        Instant now = ctx.snapshot().collectedAt();
        Severity severity = severity(trend.exhaustsAt(), now);
        evidence.and("started_at", trend.startedAt()).and("exhausts_at", trend.exhaustsAt());
        List<RisingAddresses.AddressTrend> rising = RISING.rising(samples);
        String who = named(rising);
        evidence.and("rising_addresses", who.isEmpty() ? null : who);
        String cause = likelyCause(ctx);
        StringBuilder detail = new StringBuilder(ctx.who()).append(" is leaking connections: ")
                .append(String.format(Locale.ROOT, "%+.0f", trend.slopePerDay())).append(" a day");
        if (trend.startedAt() != null) {
            detail.append(" since ").append(trend.startedAt());
        }
        if (trend.exhaustsAt() != null) {
            long days = Math.max(0, Duration.between(now, trend.exhaustsAt()).toDays());
            detail.append(", maxclients ").append(maxclients.orElse(0L)).append(" in about ").append(days)
                    .append(days == 1 ? " day" : " days");
        }
        detail.append('.');
        if (!who.isEmpty()) {
            detail.append(" The rise comes from ").append(who).append('.');
        }
        if (cause != null) {
            detail.append(" Likely cause: ").append(cause).append(" on this server.");
        }
        List<FixStep> steps = new ArrayList<>();
        steps.add(Fixes.setTimeout(ctx));
        if (ctx.snapshot().config().tcpKeepalive().map(k -> k == 0).orElse(false)) {
            steps.add(Fixes.setKeepalive(ctx.policy()));
        }
        steps.add(Fixes.persist(ctx.snapshot().info()));
        steps.add(new FixStep.ManualStep("ss -tn dst :" + ctx.snapshot().node().port() + "  (on " + (rising.isEmpty()
                ? "each client host" : rising.getFirst().address()) + ")",
                "Compare the client host's own socket count with the server's census: far fewer on the host means the"
                        + " rest are ghosts; about as many means the application really opens them (a pool leak)."));
        return Finding.fail(ID, ctx.node(), severity, detail.toString(), evidence.map(),
                new FixPlan("Stop the leak before maxclients is reached.", steps));
    }

    /** The first few rising addresses with their slopes, {@code 10.0.1.12 (+80/day), 10.0.1.13 (+5/day)}; or "". */
    static String named(List<RisingAddresses.AddressTrend> rising) {
        return rising.stream().limit(NAMED_ADDRESSES)
                .map(a -> a.address() + " (" + String.format(Locale.ROOT, "%+.0f/day", a.slopePerDay()) + ")")
                .collect(Collectors.joining(", "));
    }

    static Severity severity(Instant exhaustsAt, Instant now) {
        if (exhaustsAt == null) {
            return Severity.MEDIUM;
        }
        Duration left = Duration.between(now, exhaustsAt);
        return left.compareTo(Duration.ofDays(7)) < 0 ? Severity.CRITICAL
                : left.compareTo(Duration.ofDays(30)) < 0 ? Severity.HIGH : Severity.MEDIUM;
    }

    private static String likelyCause(CheckContext ctx) {
        List<String> causes = new ArrayList<>();
        if (ctx.snapshot().config().timeout().map(t -> t == 0).orElse(false)) {
            causes.add("timeout 0");
        }
        if (ctx.snapshot().config().tcpKeepalive().map(k -> k == 0).orElse(false)) {
            causes.add("tcp-keepalive 0");
        }
        return causes.isEmpty() ? null : String.join(" and ", causes);
    }
}
