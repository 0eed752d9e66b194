package io.ghostwatch.core.slack;

import java.util.List;
import java.util.Objects;

/**
 * What one audit run posts: the digest message and, unless the run is quiet, its thread in order.
 *
 * @param quiet true when nothing is new and nothing resolved: the digest is then one line and the thread empty,
 *              so a caller configured to stay silent on quiet runs can skip it
 */
public record SlackDigest(boolean quiet, SlackMessage digest, List<ThreadItem> thread) {
    public SlackDigest {
        Objects.requireNonNull(digest, "digest");
        thread = List.copyOf(thread);
    }

    public List<SlackMessage> threadMessages() {
        return thread.stream().filter(i -> i instanceof SlackMessage).map(i -> (SlackMessage) i).toList();
    }

    public List<ChartUpload> charts() {
        return thread.stream().filter(i -> i instanceof ChartUpload).map(i -> (ChartUpload) i).toList();
    }
}
