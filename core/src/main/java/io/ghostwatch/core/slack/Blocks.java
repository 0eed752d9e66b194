package io.ghostwatch.core.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import java.util.List;

/**
 * The few Block Kit shapes Ghostwatch uses, built with slack-api-model and held to Slack's limits. Every mrkdwn
 * object is {@code verbatim}: Slack must not auto-link or auto-mention anything in it.
 */
public final class Blocks {
    /** Slack's limit for a header's plain text. */
    static final int HEADER_LIMIT = 150;

    private Blocks() {
    }

    public static MarkdownTextObject mrkdwn(String text, int limit) {
        return MarkdownTextObject.builder().text(SlackText.fit(text, limit)).verbatim(true).build();
    }

    /** A section with mrkdwn text cut to {@link SlackText#SECTION_LIMIT}. */
    public static SectionBlock section(String mrkdwn) {
        return section(mrkdwn, null);
    }

    public static SectionBlock section(String mrkdwn, BlockElement accessory) {
        return SectionBlock.builder().text(mrkdwn(mrkdwn, SlackText.SECTION_LIMIT)).accessory(accessory).build();
    }

    public static SectionBlock fields(List<String> mrkdwnFields) {
        if (mrkdwnFields.isEmpty() || mrkdwnFields.size() > 10) {
            throw new IllegalArgumentException("a section holds 1 to 10 fields, not " + mrkdwnFields.size());
        }
        List<TextObject> fields = mrkdwnFields.stream().map(f -> (TextObject) mrkdwn(f, SlackText.FIELD_LIMIT)).toList();
        return SectionBlock.builder().fields(fields).build();
    }

    /** A header. Only Ghostwatch's own words and numbers go here: plain text has no escaping. */
    public static HeaderBlock header(String plain) {
        String text = plain.length() > HEADER_LIMIT ? plain.substring(0, HEADER_LIMIT - 1) + "\u2026" : plain;
        return HeaderBlock.builder().text(PlainTextObject.builder().text(text).emoji(true).build()).build();
    }

    public static ContextBlock context(String mrkdwn) {
        return ContextBlock.builder().elements(List.of(mrkdwn(mrkdwn, SlackText.SECTION_LIMIT))).build();
    }

    public static LayoutBlock divider() {
        return DividerBlock.builder().build();
    }

    /** A row of buttons. */
    public static ActionsBlock actions(List<ButtonElement> buttons) {
        return ActionsBlock.builder().elements(List.copyOf(buttons)).build();
    }

    /**
     * A button; {@code style} is "primary", "danger" or null. The value goes back to Ghostwatch on a click (Slack
     * allows 2,000 characters); the text is Ghostwatch's own words.
     */
    public static ButtonElement button(String text, String actionId, String value, String style) {
        return ButtonElement.builder().text(PlainTextObject.builder().text(text).emoji(true).build()).actionId(actionId)
                .value(value).style(style).build();
    }
}
