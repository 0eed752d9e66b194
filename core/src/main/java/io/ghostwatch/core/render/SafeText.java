package io.ghostwatch.core.render;

/**
 * Makes text that came from a server, a config file or a user inert in each output. Client names, for
 * one, are attacker-controlled: they must never move a cursor, change colours, or become markup.
 */
public final class SafeText {
    private SafeText() {
    }

    /** For terminals: control characters (C0, DEL, C1, bidi overrides) become visible {@code \xNN} / {@code \\u}. */
    public static String terminal(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                sb.append(String.format("\\x%02x", cp));
            } else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** For Markdown (GitHub-flavoured): terminal-safe, then markup characters and HTML escaped. */
    public static String markdown(String s) {
        String t = terminal(s);
        StringBuilder sb = new StringBuilder(t.length() + 8);
        for (char c : t.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~', '@', '"', '\'' ->
                        sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** For inline code spans in Markdown: backticks cannot close the span, control characters are visible. */
    public static String markdownCode(String s) {
        String t = terminal(s).replace("`", "'");
        return "`" + t + "`";
    }
}
