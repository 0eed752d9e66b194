package io.ghostwatch.core.slack;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of Block Kit blocks as plain text (Slack's mrkdwn reads as Markdown): what the details file holds. Buttons
 * and images have no words here; Slack's escapes ({@code &lt; &gt; &amp;}) are undone.
 */
final class BlockText {

    private BlockText() {
    }

    static String of(List<LayoutBlock> blocks) {
        List<String> parts = new ArrayList<>();
        for (LayoutBlock block : blocks) {
            String text = switch (block) {
                case SectionBlock s -> {
                    List<String> lines = new ArrayList<>();
                    if (s.getText() != null) {
                        lines.add(text(s.getText()));
                    }
                    if (s.getFields() != null) {
                        s.getFields().forEach(f -> lines.add(text(f)));
                    }
                    yield String.join("\n", lines);
                }
                case ContextBlock c -> String.join(" ", c.getElements().stream()
                        .filter(e -> e instanceof TextObject).map(e -> text((TextObject) e)).toList());
                case HeaderBlock h -> "# " + text(h.getText());
                case DividerBlock d -> "---";
                default -> "";
            };
            if (!text.isBlank()) {
                parts.add(text);
            }
        }
        return String.join("\n\n", parts);
    }

    private static String text(TextObject t) {
        String raw = switch (t) {
            case MarkdownTextObject m -> m.getText();
            case PlainTextObject p -> p.getText();
            default -> "";
        };
        return raw == null ? "" : raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
