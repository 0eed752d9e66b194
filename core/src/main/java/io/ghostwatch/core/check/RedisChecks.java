package io.ghostwatch.core.check;

import io.ghostwatch.core.model.Finding;
import java.util.List;

/** Every self-hosted Redis check, in report order. */
public final class RedisChecks {
    private static final List<RedisCheck> ALL = List.of(
            new IdleTimeoutCheck(),
            new TcpKeepaliveCheck(),
            new NetworkAccessAuthenticatedCheck(),
            new BindRestrictedCheck(),
            new IdleConnectionsReapedCheck(),
            new ConnectionHeadroomCheck(),
            new ConnectionCountStableCheck());

    private RedisChecks() {
    }

    public static List<RedisCheck> all() {
        return ALL;
    }

    public static List<Finding> evaluate(CheckContext context) {
        return ALL.stream().map(c -> c.evaluate(context)).toList();
    }
}
