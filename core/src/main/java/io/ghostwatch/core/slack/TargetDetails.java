package io.ghostwatch.core.slack;

import java.util.List;
import java.util.Objects;

/**
 * A target's posts in the digest's thread: its messages (findings, what could not be checked, probable ghosts), and
 * its chart when the run drew one.
 *
 * @param chart null without one
 */
public record TargetDetails(String target, List<SlackMessage> messages, ChartUpload chart) {
    public TargetDetails {
        Objects.requireNonNull(target, "target");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException(target + ": a target's details have at least one message");
        }
    }

    /** In thread order: the messages, then the chart. */
    List<ThreadItem> items() {
        List<ThreadItem> items = new java.util.ArrayList<>(messages);
        if (chart != null) {
            items.add(chart);
        }
        return items;
    }
}
