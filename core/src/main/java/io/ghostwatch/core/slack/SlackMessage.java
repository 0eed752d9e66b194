package io.ghostwatch.core.slack;

import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import java.util.Objects;

/**
 * One chat.postMessage: Block Kit blocks, the plain fallback text Slack shows in notifications and reads to screen
 * readers, and optional message metadata (the digest's).
 */
public record SlackMessage(String text, List<LayoutBlock> blocks, Message.Metadata metadata) implements ThreadItem {

    /** Slack refuses more blocks than this in one message. */
    public static final int MAX_BLOCKS = 50;

    public SlackMessage {
        Objects.requireNonNull(text, "text");
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty() || blocks.size() > MAX_BLOCKS) {
            throw new IllegalArgumentException("a message holds 1 to " + MAX_BLOCKS + " blocks, not " + blocks.size());
        }
    }

    public SlackMessage(String text, List<LayoutBlock> blocks) {
        this(text, blocks, null);
    }
}
