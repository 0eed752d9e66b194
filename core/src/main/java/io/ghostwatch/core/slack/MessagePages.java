package io.ghostwatch.core.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import java.util.ArrayList;
import java.util.List;

/** Packs lists into sections of at most {@link SlackText#SECTION_LIMIT} characters and blocks into messages of at most 50. */
final class MessagePages {
    private MessagePages() {
    }

    /**
     * Every line, none dropped: as many sections as needed, the first starting with {@code title}. A single line
     * longer than a section is cut.
     */
    static List<SectionBlock> sections(String title, List<String> lines) {
        List<SectionBlock> sections = new ArrayList<>();
        StringBuilder current = new StringBuilder(title);
        for (String line : lines) {
            if (current.length() > 0 && current.length() + 1 + line.length() > SlackText.SECTION_LIMIT) {
                sections.add(Blocks.section(current.toString()));
                current.setLength(0);
            }
            current.append(current.length() > 0 ? "\n" : "").append(line);
        }
        if (current.length() > 0) {
            sections.add(Blocks.section(current.toString()));
        }
        return sections;
    }

    /**
     * As many lines as fit in one section after {@code title}, then {@code more} (given the number left out) when
     * some do not fit.
     */
    static SectionBlock boundedSection(String title, List<String> lines, java.util.function.IntFunction<String> more) {
        StringBuilder sb = new StringBuilder(title);
        int shown = 0;
        for (String line : lines) {
            int left = lines.size() - shown - 1;
            int reserve = left > 0 ? more.apply(left).length() + 1 : 0;
            if (sb.length() + 1 + line.length() + reserve > SlackText.SECTION_LIMIT) {
                break;
            }
            sb.append('\n').append(line);
            shown++;
        }
        if (shown < lines.size()) {
            sb.append('\n').append(more.apply(lines.size() - shown));
        }
        return Blocks.section(sb.toString());
    }

    /** Splits blocks into messages of at most {@link SlackMessage#MAX_BLOCKS}; the fallback text numbers the parts. */
    static List<SlackMessage> messages(String text, List<LayoutBlock> blocks) {
        List<SlackMessage> out = new ArrayList<>();
        int parts = (blocks.size() + SlackMessage.MAX_BLOCKS - 1) / SlackMessage.MAX_BLOCKS;
        for (int i = 0; i < parts; i++) {
            List<LayoutBlock> part = blocks.subList(i * SlackMessage.MAX_BLOCKS,
                    Math.min(blocks.size(), (i + 1) * SlackMessage.MAX_BLOCKS));
            out.add(new SlackMessage(parts == 1 ? text : text + " (" + (i + 1) + "/" + parts + ")", part));
        }
        return out;
    }
}
