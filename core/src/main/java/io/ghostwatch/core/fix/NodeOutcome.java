package io.ghostwatch.core.fix;

import io.ghostwatch.core.model.HostPort;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What happened on one node.
 *
 * @param verified    the values read back with CONFIG GET after setting them
 * @param persistence whether CONFIG REWRITE wrote the change to the config file, and if not, why
 */
public record NodeOutcome(HostPort node, Map<TunableParameter, Long> before, Map<TunableParameter, Long> verified,
                          Persistence persistence) {
    public NodeOutcome {
        before = Collections.unmodifiableMap(new EnumMap<>(before));
        verified = Collections.unmodifiableMap(new EnumMap<>(verified));
    }

    /** Whether a change survives a restart. */
    public sealed interface Persistence {
        record Persisted(String configFile) implements Persistence {
        }

        /** Live, but lost on restart: the reason says why (no config file, or REWRITE refused). */
        record NotPersisted(String reason) implements Persistence {
        }
    }
}
