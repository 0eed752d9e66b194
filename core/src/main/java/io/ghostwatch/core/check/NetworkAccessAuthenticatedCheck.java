package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.BindAddresses;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.ProbeResult;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.redis.RedisVersion;
import java.util.List;

/**
 * {@code redis_network_access_authenticated}: a client on another host cannot run commands without a password.
 *
 * <p>Two ways to know. Directly: Ghostwatch's unauthenticated probe (PING, no credentials) succeeded over a
 * non-loopback address. By inference, when the probe ran over loopback (where protected mode never applies):
 * the default user needs no password, the server listens beyond loopback, and protected mode does not
 * refuse non-local clients. Protected mode's rule depends on the version: in 7.0+ it refuses non-local
 * clients whenever the default user has no password, whatever {@code bind} says; in 6.2 and older only when
 * no bind address is configured.
 */
public final class NetworkAccessAuthenticatedCheck implements RedisCheck {
    public static final String ID = "redis_network_access_authenticated";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Network clients must authenticate", Severity.CRITICAL,
            "A server that other hosts can reach without a password can be read, wiped, or used to write files"
                    + " as the Redis user (CONFIG SET dir + dbfilename on versions before 7.0).",
            "Require a password for the default user (or disable it), keep protected-mode yes, and bind only the"
                    + " interfaces clients use.",
            List.of("PING (unauthenticated probe)", "CONFIG GET bind", "CONFIG GET protected-mode", "INFO server"));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public Finding evaluate(CheckContext ctx) {
        NodeSnapshot s = ctx.snapshot();
        return switch (s.probe()) {
            case ProbeResult.Accepted a when !a.overLoopback() -> Finding.fail(ID, ctx.node(), Severity.CRITICAL,
                    ctx.who() + " runs commands for anyone who can reach it: an unauthenticated PING from Ghostwatch's"
                            + " host over the network was answered.",
                    Evidence.of("unauthenticated_probe", "PONG over a non-loopback address").map(), fixPlan());
            case ProbeResult.AuthRequired r -> Finding.pass(ID, ctx.node(),
                    ctx.who() + " requires a password: an unauthenticated PING was refused.",
                    Evidence.of("unauthenticated_probe", r.reply()).map());
            case ProbeResult.Denied d -> Finding.pass(ID, ctx.node(),
                    ctx.who() + " refuses unauthenticated clients from other hosts (protected mode).",
                    Evidence.of("unauthenticated_probe", d.reply()).map());
            case ProbeResult.Inconclusive i -> Finding.error(ID, ctx.node(),
                    "Cannot tell whether " + ctx.who() + " requires a password: the unauthenticated probe failed ("
                            + i.reason() + ").", Evidence.of("unauthenticated_probe", "inconclusive").map());
            case ProbeResult.Accepted a -> inferFromSettings(ctx);
        };
    }

    /** The default user needs no password (probe over loopback succeeded): can other hosts get in? */
    private Finding inferFromSettings(CheckContext ctx) {
        NodeSnapshot s = ctx.snapshot();
        if (s.role() == NodeRole.SENTINEL) {
            return Finding.error(ID, ctx.node(), "Cannot tell whether other hosts can reach " + ctx.who()
                            + " without a password: it needs none over loopback, and a Sentinel's bind and"
                            + " protected-mode are not readable with CONFIG GET. Run Ghostwatch from another host to"
                            + " test it directly.",
                    Evidence.of("unauthenticated_probe", "PONG over loopback").map());
        }
        if (!(s.config().bind() instanceof Readout.Known<String>(String bindRaw))) {
            return unreadable(ctx, "bind", ((Readout.Unreadable<String>) s.config().bind()).reason());
        }
        BindAddresses bind = BindAddresses.parse(bindRaw);
        Evidence evidence = Evidence.of("unauthenticated_probe", "PONG over loopback (default user has no password)")
                .and("bind", bind.isUnset() ? "(none)" : bind.raw());
        if (!bind.beyondLoopback()) {
            return Finding.pass(ID, ctx.node(), ctx.who() + " needs no password but listens on loopback only ("
                    + bind.describe() + ").", evidence.map());
        }
        if (!(s.config().protectedMode() instanceof Readout.Known<Boolean>(Boolean protectedMode))) {
            return unreadable(ctx, "protected-mode",
                    ((Readout.Unreadable<Boolean>) s.config().protectedMode()).reason());
        }
        RedisVersion version = s.info().version();
        evidence.and("protected-mode", protectedMode ? "yes" : "no").and("version", version);
        if (!version.isKnown() && protectedMode && !bind.isUnset()) {
            return Finding.error(ID, ctx.node(), "Cannot tell whether other hosts can reach " + ctx.who()
                    + " without a password: it needs none, listens beyond loopback (" + bind.describe()
                    + ") with protected-mode yes, and whether protected mode applies depends on the version,"
                    + " which INFO did not report.", evidence.map());
        }
        boolean modernRule = version.atLeast(7, 0);
        boolean protectedModeRefuses = protectedMode && (modernRule || bind.isUnset());
        if (protectedModeRefuses) {
            return Finding.pass(ID, ctx.node(), ctx.who() + " needs no password, but protected mode refuses clients"
                    + " from other hosts (" + bind.describe() + ", protected-mode yes"
                    + (modernRule ? ", 7.0+ rule" : ", no bind address") + ").", evidence.map());
        }
        String why = protectedMode
                ? "protected mode does not apply on " + version + " when a bind address is configured"
                : "protected-mode no";
        return Finding.fail(ID, ctx.node(), Severity.CRITICAL,
                ctx.who() + " lets any host that can reach it run commands without a password (" + bind.describe()
                        + ", " + why + ", no password).", evidence.map(), fixPlan());
    }

    private static Finding unreadable(CheckContext ctx, String setting, String reason) {
        return Finding.error(ID, ctx.node(), ctx.who() + " accepts commands without a password over loopback, but"
                        + " whether other hosts can connect is unknown: cannot read " + setting + ": " + reason + ".",
                Evidence.of("unauthenticated_probe", "PONG over loopback (default user has no password)")
                        .and(setting, "unreadable").map());
    }

    private static FixPlan fixPlan() {
        return new FixPlan("Require authentication and stop listening where clients are not.", List.of(
                new FixStep.ManualStep("ACL SETUSER default on >STRONG-PASSWORD",
                        "Give the default user a password (or 'requirepass' in redis.conf on servers without ACL),"
                                + " and give the applications the credential first."),
                new FixStep.ManualStep("CONFIG SET protected-mode yes",
                        "Refuse unauthenticated clients from other hosts while no password is set."),
                new FixStep.ManualStep("bind 127.0.0.1 -::1 <private-address> (redis.conf)",
                        "Listen only on loopback and the interface the applications use; firewall the port to them."),
                new FixStep.ManualStep("CONFIG REWRITE", "Persist the changes to the config file.")));
    }
}
