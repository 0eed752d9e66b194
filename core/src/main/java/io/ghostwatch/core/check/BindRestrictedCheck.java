package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.BindAddresses;
import io.ghostwatch.core.redis.Readout;
import java.util.List;

/** {@code redis_bind_restricted}: the server listens only on chosen interfaces, not on all of them. */
public final class BindRestrictedCheck implements RedisCheck {
    public static final String ID = "redis_bind_restricted";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Listens only on chosen interfaces (bind)", Severity.MEDIUM,
            "Listening on every interface (bind 0.0.0.0, *, ::, or no bind line) exposes the port on networks no"
                    + " client needs, even with a password: one weak or leaked password away from a breach.",
            "bind 127.0.0.1 -::1 plus the private address applications use; firewall the port.",
            List.of("CONFIG GET bind"));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public Finding evaluate(CheckContext ctx) {
        if (ctx.snapshot().role() == NodeRole.SENTINEL) {
            return Finding.notApplicable(ID, ctx.node(),
                    ctx.who() + " is a Sentinel: its bind is not readable with CONFIG GET.");
        }
        return switch (ctx.snapshot().config().bind()) {
            case Readout.Unreadable<String>(String reason) -> Finding.error(ID, ctx.node(),
                    "Cannot read bind on " + ctx.who() + ": " + reason + ".", Evidence.of("bind", "unreadable").map());
            case Readout.Known<String>(String raw) -> {
                BindAddresses bind = BindAddresses.parse(raw);
                Evidence evidence = Evidence.of("bind", bind.isUnset() ? "(none)" : bind.raw());
                yield bind.allInterfaces()
                        ? Finding.fail(ID, ctx.node(), Severity.MEDIUM,
                                ctx.who() + " listens on all interfaces (" + bind.describe() + ").", evidence.map(),
                                new FixPlan("Listen only where clients are.", List.of(
                                        new FixStep.ManualStep("CONFIG SET bind \"127.0.0.1 -::1 <private-address>\"",
                                                "Bind loopback and the interface applications use (CONFIG SET bind"
                                                        + " needs 6.2.1+; on older versions edit redis.conf and"
                                                        + " restart). Check first that every client connects"
                                                        + " through that address."),
                                        Fixes.persist(ctx.snapshot().info()))))
                        : Finding.pass(ID, ctx.node(), ctx.who() + " listens only on " + String.join(", ",
                                bind.addresses()) + ".", evidence.map());
            }
        };
    }
}
