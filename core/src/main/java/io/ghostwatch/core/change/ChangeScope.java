package io.ghostwatch.core.change;

import io.ghostwatch.core.elasticache.ParameterGroupPlan;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.HostPort;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a change is made, with what was there when it was proposed: every node of a self-hosted target (CONFIG SET on
 * each, all or none), or an ElastiCache cache's parameter group. Exhaustive: callers switch over it.
 */
public sealed interface ChangeScope {

    /** A short phrase for Slack: {@code 3 node(s)}, {@code parameter group orders-params, used by 2 cache(s)}. */
    String describe();

    /**
     * The nodes of a self-hosted target.
     *
     * @param before per node, per parameter, the values read fresh when the change was proposed (every node and every
     *               parameter of a set or rollback; empty for kill-idle, which changes no setting)
     */
    record Nodes(List<HostPort> nodes, Map<HostPort, Map<TunableParameter, Long>> before) implements ChangeScope {
        public Nodes {
            nodes = List.copyOf(nodes);
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("the change touches no node: a change names every node it changes");
            }
            if (new HashSet<>(nodes).size() != nodes.size()) {
                throw new IllegalArgumentException("the change lists a node twice: " + nodes);
            }
            Objects.requireNonNull(before, "before");
            Map<HostPort, Map<TunableParameter, Long>> copy = new TreeMap<>();
            for (Map.Entry<HostPort, Map<TunableParameter, Long>> e : before.entrySet()) {
                if (!nodes.contains(e.getKey())) {
                    throw new IllegalArgumentException("values before for " + e.getKey() + ", which it does not touch"
                            + " (nodes " + nodes + ")");
                }
                Map<TunableParameter, Long> read = new EnumMap<>(TunableParameter.class);
                e.getValue().forEach((parameter, value) -> {
                    if (parameter == null || value == null || value < 0) {
                        throw new IllegalArgumentException("value before " + parameter + "=" + value + " on "
                                + e.getKey() + " is not a parameter with a whole number >= 0");
                    }
                    read.put(parameter, value);
                });
                copy.put(e.getKey(), Collections.unmodifiableMap(read));
            }
            before = Collections.unmodifiableMap(copy);
        }

        /** Every node has values before for exactly {@code parameters} (none at all when it is empty). */
        void requireBefore(Set<TunableParameter> parameters) {
            for (HostPort node : parameters.isEmpty() ? List.<HostPort>of() : nodes) {
                Map<TunableParameter, Long> values = before.get(node);
                if (values == null || !values.keySet().equals(parameters)) {
                    throw new IllegalArgumentException("needs the values before of " + parameters + " on " + node
                            + " (read when it is proposed), not " + values);
                }
            }
            if (parameters.isEmpty() && !before.isEmpty()) {
                throw new IllegalArgumentException("a change of no setting has no values before, not " + before);
            }
        }

        @Override
        public String describe() {
            return nodes.size() + " node(s)";
        }
    }

    /** An ElastiCache cache's parameter group: modified in place, or a custom one created and attached. */
    record ParameterGroup(ParameterGroupPlan plan) implements ChangeScope {
        public ParameterGroup {
            Objects.requireNonNull(plan, "plan");
        }

        @Override
        public String describe() {
            return switch (plan) {
                case ParameterGroupPlan.ModifyGroup m -> "parameter group " + m.group() + ", used by "
                        + m.affected().size() + " cache(s)";
                case ParameterGroupPlan.CreateAndAttach c -> "new parameter group " + c.newGroup() + " for "
                        + c.cache().cacheId();
                case ParameterGroupPlan.Reattach r -> "parameter group " + r.previousGroup() + " attached again to "
                        + r.cache().cacheId();
            };
        }
    }
}
