package io.ghostwatch.core.fix;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One node's part of a change: the values read when the plan was made, and the values to set.
 *
 * @param configFile the file CONFIG REWRITE would write, or null when the server runs without one
 */
public record NodeChange(HostPort node, NodeRole role, Map<TunableParameter, Long> before,
                         Map<TunableParameter, Long> after, String configFile) {
    public NodeChange {
        before = Collections.unmodifiableMap(new EnumMap<>(before));
        after = Collections.unmodifiableMap(new EnumMap<>(after));
    }

    public boolean noOp() {
        return before.equals(after);
    }
}
