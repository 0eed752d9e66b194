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

    public List<ParameterChange> changes() {
        return steps.stream()
                .filter(s -> s instanceof FixStep.SetParameter)
                .map(s -> ((FixStep.SetParameter) s).change())
                .toList();
    }

    public boolean automatable() {
        return !changes().isEmpty();
    }

    public List<String> commands() {
        return steps.stream().map(FixStep::command).toList();
    }
}
