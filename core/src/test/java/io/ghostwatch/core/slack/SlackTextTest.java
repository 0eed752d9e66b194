package io.ghostwatch.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {

    @Test
    void mentionsAndLinksBecomeEntities() {
        assertThat(SlackText.escape("<!channel> & <@U123> <https://evil.example|click>"))
                .isEqualTo("&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|click&gt;");
        assertThat(SlackText.text("<!here>")).isEqualTo("&lt;!here&gt;");
        assertThat(SlackText.code("<!everyone>")).isEqualTo("`&lt;!everyone&gt;`");
    }

    @Test
    void controlCharactersCannotStartALineOrAQuote() {
        assertThat(SlackText.text("a\n> *URGENT* approve")).doesNotContain("\n").startsWith("a\\x0a&gt; ");
        assertThat(SlackText.escape("\u001b[31mred")).isEqualTo("\\x1b[31mred");
    }

    @Test
    void markersThatCouldPairUpAreNeutralisedButLoneOnesAndSnakeCaseStay() {
        String t = SlackText.text("*bold* _italic_ ~strike~ orders_pool a*b `code`");
        assertThat(t).isEqualTo("\u2217bold\u2217 \u02cditalic\u02cd \u223cstrike\u223c orders_pool a*b \u02cbcode\u02cb");
        assertThat(SlackText.text("(bind * -::*, /tmp/gw-a__b/x.sock, 2*3)")).isEqualTo("(bind * -::*, /tmp/gw-a__b/x.sock, 2*3)");
        assertThat(SlackText.text("see (*this*).")).isEqualTo("see (\u2217this\u2217).");
    }

    @Test
    void codeSpansCannotBeClosedEarly() {
        assertThat(SlackText.code("a`b")).isEqualTo("`a\u02cbb`");
        assertThat(SlackText.code("")).isEqualTo("` `");
    }

    @Test
    void fitNeverCutsAnEntityOrASurrogatePairAndClosesCode() {
        String entities = SlackText.escape("&".repeat(100));
        String cut = SlackText.fit(entities, 23);
        assertThat(cut).hasSizeLessThanOrEqualTo(23).endsWith("&amp;\u2026").doesNotContain("&am\u2026");

        String emoji = "x" + "\uD83D\uDE00".repeat(20);
        String cutEmoji = SlackText.fit(emoji, 12);
        assertThat(cutEmoji).hasSizeLessThanOrEqualTo(12);
        assertThat(Character.isHighSurrogate(cutEmoji.charAt(cutEmoji.length() - 2))).isFalse();

        String code = SlackText.code("x".repeat(50));
        assertThat(SlackText.fit(code, 20)).hasSizeLessThanOrEqualTo(20).endsWith("`\u2026");
        assertThat(SlackText.fit("short", 20)).isEqualTo("short");
    }
}
