package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.fix.TunableParameter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How applying a {@link ParameterGroupPlan} ended. Exhaustive: callers switch over it. */
public sealed interface ParameterGroupResult {

    /**
     * Applied and verified: {@code verified} is read back from the group the cache now runs with.
     *
     * @param group    the group changed, created, or attached again
     * @param created  true when Ghostwatch created {@code group}
     * @param replaced the group the cache ran with before, when another one was attached; else null
     * @param note     what else happened or is still to happen (a group deleted, nodes to reboot), or empty
     */
    record Applied(String group, boolean created, String replaced, Map<TunableParameter, Long> before,
                   Map<TunableParameter, Long> verified, Map<TunableParameter, String> changeTypes,
                   List<String> affected, String note) implements ParameterGroupResult {
        public Applied {
            Objects.requireNonNull(group, "group");
            before = Collections.unmodifiableMap(new EnumMap<>(before));
            verified = Collections.unmodifiableMap(new EnumMap<>(verified));
            changeTypes = changeTypes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(changeTypes));
            affected = List.copyOf(affected);
            Objects.requireNonNull(note, "note");
        }
    }

    /** A step failed after something had changed; what had changed was put back (and verified). */
    record RolledBack(String failedAt, String failure, String restored) implements ParameterGroupResult {
    }

    /** Nothing was changed ({@code leftChanged} empty), or putting back failed too and these may hold the change. */
    record Failed(String error, List<String> leftChanged) implements ParameterGroupResult {
        public Failed {
            Objects.requireNonNull(error, "error");
            leftChanged = List.copyOf(leftChanged);
        }
    }
}
