package io.ghostwatch.core.slack;

import java.util.List;

/**
 * What a digest post achieved. The digest itself either posted or threw; thread replies and charts that failed
 * after it are listed in {@code threadFailures}, since the digest (and its ts, for the store) already stands.
 *
 * @param fileIds Slack file IDs of the charts uploaded into the thread, in order
 */
public record DigestDelivery(PostedMessage digest, List<PostedMessage> replies, List<String> fileIds,
                             List<SlackFailure> threadFailures) {
    public DigestDelivery {
        replies = List.copyOf(replies);
        fileIds = List.copyOf(fileIds);
        threadFailures = List.copyOf(threadFailures);
    }

    public boolean complete() {
        return threadFailures.isEmpty();
    }
}
