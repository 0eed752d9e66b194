package io.ghostwatch.core.slack;

import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.ButtonElement;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import java.util.Locale;
import java.util.Map;

/**
 * One failing finding as one section: severity and state, target, node and check, the detail sentence, key
 * evidence, the recommended fix with its exact commands, and a "Propose fix" button when Ghostwatch can apply it.
 */
final class FindingBlock {
    static final int EVIDENCE_SHOWN = 4;
    static final int EVIDENCE_VALUE_LIMIT = 160;
    /** Slack's limit for a button's value. */
    static final int BUTTON_VALUE_LIMIT = 2000;
    /** Slack's limit for a button's accessibility label. */
    static final int ACCESSIBILITY_LABEL_LIMIT = 75;

    private FindingBlock() {
    }

    /**
     * @param explain with each step's explanation (thread), or commands only (digest)
     */
    static SectionBlock of(FindingKey key, Finding f, FindingState state, boolean explain) {
        StringBuilder sb = new StringBuilder();
        sb.append('*').append(f.severity().name()).append("* \u00b7 ").append(state.label()).append(" \u00b7 ")
                .append(SlackText.code(key.target())).append(" \u00b7 ").append(SlackText.code(f.node()))
                .append(" \u00b7 ").append(SlackText.code(f.checkId())).append('\n');
        sb.append(SlackText.text(f.detail())).append('\n');
        if (!f.evidence().isEmpty()) {
            sb.append("_Evidence:_ ");
            int shown = 0;
            for (Map.Entry<String, String> e : f.evidence().entrySet()) {
                if (shown == EVIDENCE_SHOWN) {
                    sb.append(" \u00b7 \u2026");
                    break;
                }
                sb.append(shown > 0 ? " \u00b7 " : "").append(SlackText.text(e.getKey())).append(' ')
                        .append(SlackText.code(clip(e.getValue(), EVIDENCE_VALUE_LIMIT)));
                shown++;
            }
            sb.append('\n');
        }
        sb.append("_Fix:_ ").append(SlackText.text(f.fix().summary()));
        for (FixStep step : f.fix().steps()) {
            sb.append("\n\u2022 ").append(SlackText.code(step.command()));
            if (step instanceof FixStep.ManualStep) {
                sb.append(" (manual)");
            }
            if (explain) {
                sb.append(" \u2014 ").append(SlackText.text(step.explanation()));
            }
        }
        return Blocks.section(sb.toString(), button(key, f));
    }

    static String severityLabel(io.ghostwatch.core.model.Severity s) {
        return s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT);
    }

    private static ButtonElement button(FindingKey key, Finding f) {
        if (!f.fix().automatable() || key.value().length() > BUTTON_VALUE_LIMIT) {
            return null;
        }
        return ButtonElement.builder()
                .text(PlainTextObject.builder().text("Propose fix").emoji(true).build())
                .actionId(DigestRenderer.PROPOSE_FIX_ACTION_ID)
                .value(key.value())
                .accessibilityLabel(clip("Propose the fix for " + f.checkId(), ACCESSIBILITY_LABEL_LIMIT))
                .build();
    }

    /** Cuts raw text (before escaping) to {@code limit} characters, never between the halves of a surrogate pair. */
    static String clip(String value, int limit) {
        if (value.length() <= limit) {
            return value;
        }
        int cut = limit - 1;
        if (Character.isHighSurrogate(value.charAt(cut - 1))) {
            cut--;
        }
        return value.substring(0, cut) + "\u2026";
    }
}
