package io.ghostwatch.core.fix;

import io.ghostwatch.core.config.TargetSpec;
import java.util.List;

/** What a change will do to every node of a target, with the values read fresh when it was planned. */
public record ChangePlan(TargetSpec target, List<ParameterChange> changes, List<NodeChange> nodes) {
    public ChangePlan {
        changes = List.copyOf(changes);
        nodes = List.copyOf(nodes);
    }

    public boolean noOp() {
        return nodes.stream().allMatch(NodeChange::noOp);
    }
}
