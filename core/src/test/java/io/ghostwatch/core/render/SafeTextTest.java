package io.ghostwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTextTest {

    @Test
    void terminalShowsAnsiEscapesInsteadOfObeyingThem() {
        assertThat(SafeText.terminal("\u001b[31mred\u001b[0m")).isEqualTo("\\x1b[31mred\\x1b[0m");
        assertThat(SafeText.terminal("\u001b]0;title\u0007")).isEqualTo("\\x1b]0;title\\x07");
    }

    @Test
    void terminalEscapesEveryC0C1AndDel() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0x20; c++) all.append((char) c);
        all.append((char) 0x7f);
        for (int c = 0x80; c < 0xa0; c++) all.append((char) c);

        String out = SafeText.terminal(all.toString());

        assertThat(out).matches("(\\\\x[0-9a-f]{2})+");
        assertThat(out.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(out).startsWith("\\x00\\x01").contains("\\x0a\\x0b\\x0c\\x0d").contains("\\x7f\\x80").endsWith("\\x9f");
        assertThat(SafeText.terminal("\u009b2J")).isEqualTo("\\x9b2J"); // 8-bit CSI
    }

    @ParameterizedTest
    @CsvSource({
            "202a, \\u202a", "202b, \\u202b", "202c, \\u202c", "202d, \\u202d", "202e, \\u202e",
            "2066, \\u2066", "2067, \\u2067", "2068, \\u2068", "2069, \\u2069", "200e, \\u200e", "200f, \\u200f",
    })
    void terminalShowsBidiControls(String hex, String shown) {
        String s = "a" + (char) Integer.parseInt(hex, 16) + "b";

        assertThat(SafeText.terminal(s)).isEqualTo("a" + shown + "b");
    }

    @Test
    void terminalKeepsOrdinaryText() {
        assertThat(SafeText.terminal("café ✓ 日本 😀 <x> $(reboot)")).isEqualTo("café ✓ 日本 😀 <x> $(reboot)");
        assertThat(SafeText.terminal(null)).isEmpty();
    }

    @Test
    void markdownEscapesHtml() {
        assertThat(SafeText.markdown("<script>alert(1)</script>"))
                .isEqualTo("&lt;script&gt;alert\\(1\\)&lt;/script&gt;");
        assertThat(SafeText.markdown("a & b")).isEqualTo("a &amp; b");
    }

    @Test
    void markdownEscapesMarkup() {
        assertThat(SafeText.markdown("*bold* _it_ `code` [x](http://e.test) | ~s~ # h"))
                .isEqualTo("\\*bold\\* \\_it\\_ \\`code\\` \\[x\\]\\(http://e\\.test\\) \\| \\~s\\~ \\# h");
        assertThat(SafeText.markdown("![img](x) @here {a} +-!")).isEqualTo("\\!\\[img\\]\\(x\\) \\@here \\{a\\} \\+\\-\\!");
        assertThat(SafeText.markdown("\"q\" 'q' \\")).isEqualTo("\\\"q\\\" \\'q\\' \\\\");
    }

    @Test
    void markdownAlsoNeutralisesControlCharacters() {
        String out = SafeText.markdown("\u001b[31mEVIL\u202e");

        assertThat(out).doesNotContain("\u001b").doesNotContain("\u202e");
        assertThat(out).isEqualTo("\\\\x1b\\[31mEVIL\\\\u202e");
    }

    @Test
    void markdownCodeCannotBeClosedEarly() {
        assertThat(SafeText.markdownCode("a`b")).isEqualTo("`a'b`");
        assertThat(SafeText.markdownCode("x\ny")).isEqualTo("`x\\x0ay`");
    }
}
