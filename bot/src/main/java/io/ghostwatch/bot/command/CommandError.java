package io.ghostwatch.bot.command;

import io.ghostwatch.core.slack.SlackText;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Text that is not a valid {@code /ghostwatch} command. It names the bad part as the user typed it, says what is
 * wrong with it, and shows the valid form(s). {@link #mrkdwn()} is the Slack rendering, with every piece escaped:
 * the bad part is the user's own text and must never mention, link or format.
 */
public final class CommandError extends Exception {

    /** How much of the user's bad part is echoed back; the rest is cut with an ellipsis. */
    static final int MAX_ECHOED = 60;

    private final String part;
    private final String problem;
    private final List<String> validForms;

    /**
     * @param part       the bad part exactly as typed (a word, {@code name=value}); empty when something is missing
     * @param problem    what is wrong, as the end of a sentence about the part: "is not a whole number of seconds"
     * @param validForms the valid forms of what the user tried, e.g. {@code fix <target> timeout=<seconds>}
     */
    CommandError(String part, String problem, List<String> validForms) {
        super(plain(part, problem, validForms));
        this.part = part;
        this.problem = problem;
        this.validForms = List.copyOf(validForms);
    }

    /** The bad part as typed; empty when the problem is something missing. */
    public String part() {
        return part;
    }

    public String problem() {
        return problem;
    }

    public List<String> validForms() {
        return validForms;
    }

    /** The reply for Slack: the bad part in a code span, the problem as text, then the valid forms. */
    public String mrkdwn() {
        StringBuilder sb = new StringBuilder(":warning: ");
        if (!part.isEmpty()) {
            sb.append(SlackText.code(echoed(part))).append(' ');
        }
        sb.append(SlackText.text(problem)).append('\n');
        sb.append(validForms.size() == 1 ? "Valid form: " : "Valid forms:\n");
        sb.append(validForms.stream().map(SlackText::code).collect(Collectors.joining("\n")));
        return SlackText.fit(sb.toString(), SlackText.SECTION_LIMIT);
    }

    private static String plain(String part, String problem, List<String> validForms) {
        return (part.isEmpty() ? "" : "'" + echoed(part) + "' ") + problem + "; valid: "
                + String.join(" | ", validForms);
    }

    private static String echoed(String part) {
        if (part.length() <= MAX_ECHOED) {
            return part;
        }
        int cut = Character.isHighSurrogate(part.charAt(MAX_ECHOED - 1)) ? MAX_ECHOED - 1 : MAX_ECHOED;
        return part.substring(0, cut) + "\u2026";
    }
}
