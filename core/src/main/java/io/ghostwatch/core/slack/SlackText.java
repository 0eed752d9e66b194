package io.ghostwatch.core.slack;

import io.ghostwatch.core.render.SafeText;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes text that came from a server, a config file or a user inert in Slack mrkdwn.
 * <ul>
 *   <li>{@code &}, {@code <}, {@code >} become entities, so {@code <!channel>}, {@code <@U123>} and
 *       {@code <https://evil|click>} show as typed and never mention or link;</li>
 *   <li>control characters (newlines, ANSI, bidi overrides) become visible escapes, so one name cannot start a
 *       line, a quote or a list;</li>
 *   <li>in running text, formatting markers ({@code *}, {@code _}, {@code ~}) that could pair up into bold,
 *       italic or strike become look-alikes; lone markers and markers inside words, as in {@code orders_pool},
 *       stay; a backtick always becomes a look-alike so no code span can be opened or closed.</li>
 * </ul>
 * Every text object that carries such text is sent with {@code verbatim: true}, so Slack does not auto-link URLs or
 * channel names in it either.
 */
public final class SlackText {

    /** Slack's limit for a section's text (and a message's blocks-less text stays far below its own). */
    public static final int SECTION_LIMIT = 3000;
    /** Slack's limit for one section field. */
    public static final int FIELD_LIMIT = 2000;

    static final char BACKTICK_LOOKALIKE = '\u02cb';
    static final char ASTERISK_LOOKALIKE = '\u2217';
    static final char UNDERSCORE_LOOKALIKE = '\u02cd';
    static final char TILDE_LOOKALIKE = '\u223c';
    private static final String OPENING = "([{\"'";
    private static final String CLOSING = ".,;:!?)]}\"'";

    private SlackText() {
    }

    /** Entities for {@code & < >}, control characters visible. For text inside a code span or where markup is wanted around it. */
    public static String escape(String s) {
        return entities(SafeText.terminal(s));
    }

    /** Running text: {@link #escape} plus formatting markers neutralised. */
    public static String text(String s) {
        String t = SafeText.terminal(s);
        char[] out = t.toCharArray();
        for (char marker : new char[] {'*', '_', '~'}) {
            neutralisePairs(t, out, marker);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '`') {
                out[i] = BACKTICK_LOOKALIKE;
            }
        }
        return entities(new String(out));
    }

    /**
     * Slack formats {@code *x*} when the first marker can open (after a space or an opening bracket, before
     * non-space) and a later one can close (after non-space, before a space, punctuation or the end). When such a
     * pair exists every such marker becomes a look-alike; lone markers ({@code bind * -::*}, {@code orders_pool},
     * {@code a__b}) stay as they are.
     */
    private static void neutralisePairs(String t, char[] out, char marker) {
        List<Integer> openers = new ArrayList<>();
        List<Integer> closers = new ArrayList<>();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) != marker) {
                continue;
            }
            char prev = i == 0 ? ' ' : t.charAt(i - 1);
            char next = i == t.length() - 1 ? ' ' : t.charAt(i + 1);
            if ((Character.isWhitespace(prev) || OPENING.indexOf(prev) >= 0) && !Character.isWhitespace(next)) {
                openers.add(i);
            }
            if ((Character.isWhitespace(next) || CLOSING.indexOf(next) >= 0) && !Character.isWhitespace(prev)) {
                closers.add(i);
            }
        }
        if (!openers.isEmpty() && !closers.isEmpty() && closers.getLast() > openers.getFirst()) {
            char lookalike = switch (marker) {
                case '*' -> ASTERISK_LOOKALIKE;
                case '_' -> UNDERSCORE_LOOKALIKE;
                default -> TILDE_LOOKALIKE;
            };
            openers.forEach(i -> out[i] = lookalike);
            closers.forEach(i -> out[i] = lookalike);
        }
    }

    /** An inline code span: no formatting inside, and the text cannot close the span early. */
    public static String code(String s) {
        String t = SafeText.terminal(s).replace('`', BACKTICK_LOOKALIKE);
        return "`" + (t.isEmpty() ? " " : entities(t)) + "`";
    }

    /**
     * Cuts mrkdwn to at most {@code max} characters, ending with an ellipsis; never inside an entity or a surrogate
     * pair, and closing an inline code span the cut left open.
     */
    public static String fit(String mrkdwn, int max) {
        if (max < 8) {
            throw new IllegalArgumentException("max " + max + " is too small to fit any text");
        }
        if (mrkdwn.length() <= max) {
            return mrkdwn;
        }
        int cut = max - 2;
        int amp = mrkdwn.lastIndexOf('&', cut - 1);
        if (amp >= 0 && cut - amp < 6) {
            int semicolon = mrkdwn.indexOf(';', amp);
            if (semicolon < 0 || semicolon >= cut) {
                cut = amp;
            }
        }
        if (cut > 0 && Character.isHighSurrogate(mrkdwn.charAt(cut - 1))) {
            cut--;
        }
        String head = mrkdwn.substring(0, cut);
        long ticks = head.chars().filter(ch -> ch == '`').count();
        return head + (ticks % 2 == 1 ? "`" : "") + "\u2026";
    }

    private static String entities(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

}
