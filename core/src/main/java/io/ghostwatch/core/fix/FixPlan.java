package io.ghostwatch.core.fix;

import java.util.List;

/**
 * The typed remediation attached to a failed check: a summary and ordered steps with exact commands.
 * {@link #changes()} lists what the fix engine may apply automatically (allow-listed parameters only).
 */
public record FixPlan(String summary, List<FixStep> steps) {

    public FixPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a fix plan needs at least one step");
        }
    }

    /** The allow-listed parameter values Ghostwatch can apply for this plan, on a server or in a parameter group. */
    public List<ParameterChange> changes() {
        return steps.stream().flatMap(s -> switch (s) {
            case FixStep.SetParameter set -> java.util.stream.Stream.of(set.change());
            case FixStep.ModifyParameterGroup modify -> modify.changes().stream();
            case FixStep.PersistConfig p -> java.util.stream.Stream.<ParameterChange>empty();
            case FixStep.ManualStep m -> java.util.stream.Stream.<ParameterChange>empty();
            case FixStep.CreateParameterGroup c -> java.util.stream.Stream.<ParameterChange>empty();
            case FixStep.AttachParameterGroup a -> java.util.stream.Stream.<ParameterChange>empty();
        }).toList();
    }

    public boolean automatable() {
        return !changes().isEmpty();
    }

    public List<String> commands() {
        return steps.stream().map(FixStep::command).toList();
    }
}
