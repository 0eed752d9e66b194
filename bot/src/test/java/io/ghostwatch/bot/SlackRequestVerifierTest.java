package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.bot.SlackRequestVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackRequestVerifierTest {

    private static final long NOW = 1_795_255_200L;
    private static final String BODY = SlackSigning.slashCommand("help", "https://hooks.slack.com/commands/T/1/x");
    private final SlackRequestVerifier verifier = new SlackRequestVerifier(SlackSigning.SECRET,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private Verdict verify(long timestamp, String signature, String body) {
        return verifier.verify(Long.toString(timestamp), signature, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        return ((Verdict.Rejected) verdict).reason();
    }

    @Test
    void acceptsWhatSlackSigned() {
        assertThat(verify(NOW, SlackSigning.signature(SlackSigning.SECRET, NOW, BODY), BODY)).isEqualTo(new Verdict.Verified());
    }

    @Test
    void matchesSlacksDocumentedExample() {
        // the worked example in Slack's "Verifying requests from Slack"
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        SlackRequestVerifier slack = new SlackRequestVerifier(secret, Clock.fixed(Instant.ofEpochSecond(1531420618L),
                ZoneOffset.UTC));
        assertThat(slack.verify("1531420618", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                body.getBytes(StandardCharsets.UTF_8))).isEqualTo(new Verdict.Verified());
    }

    @Test
    void acceptsExactlyFiveMinutesEitherWay() {
        for (long ts : new long[] {NOW - 300, NOW + 300}) {
            assertThat(verify(ts, SlackSigning.signature(SlackSigning.SECRET, ts, BODY), BODY)).isEqualTo(new Verdict.Verified());
        }
    }

    @Test
    void refusesAnotherSecret() {
        assertThat(reason(verify(NOW, SlackSigning.signature("another-secret", NOW, BODY), BODY)))
                .contains("does not match");
    }

    @Test
    void refusesATamperedBody() {
        String signature = SlackSigning.signature(SlackSigning.SECRET, NOW, BODY);
        assertThat(reason(verify(NOW, signature, BODY.replace("text=help", "text=fix+web+timeout%3D300"))))
                .contains("does not match");
    }

    @Test
    void refusesASignatureMadeForAnotherTimestamp() {
        assertThat(reason(verify(NOW, SlackSigning.signature(SlackSigning.SECRET, NOW - 1, BODY), BODY)))
                .contains("does not match");
    }

    @Test
    void refusesOldAndFutureTimestamps() {
        long old = NOW - 360;
        assertThat(reason(verify(old, SlackSigning.signature(SlackSigning.SECRET, old, BODY), BODY)))
                .isEqualTo("X-Slack-Request-Timestamp is 360 s in the past (at most 300 s either way)");
        long future = NOW + 360;
        assertThat(reason(verify(future, SlackSigning.signature(SlackSigning.SECRET, future, BODY), BODY)))
                .isEqualTo("X-Slack-Request-Timestamp is 360 s in the future (at most 300 s either way)");
        assertThat(reason(verify(NOW - 301, SlackSigning.signature(SlackSigning.SECRET, NOW - 301, BODY), BODY)))
                .contains("301 s in the past");
    }

    @Test
    void refusesMissingAndGarbledHeaders() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String good = SlackSigning.signature(SlackSigning.SECRET, NOW, BODY);
        assertThat(reason(verifier.verify(null, null, body))).contains("missing");
        assertThat(reason(verifier.verify(Long.toString(NOW), null, body))).contains("X-Slack-Signature is missing");
        assertThat(reason(verifier.verify(null, good, body))).contains("X-Slack-Request-Timestamp is missing");
        for (String ts : new String[] {"", "abc", "-1", "1795255200.5", " 1795255200", "99999999999999999999"}) {
            assertThat(reason(verifier.verify(ts, good, body))).as(ts).contains("not whole seconds");
        }
        for (String sig : new String[] {"", "v0=", "v1=" + good.substring(3), good.toUpperCase(), good.substring(3),
                good + "0", good.substring(0, good.length() - 1), "v0=" + "g".repeat(64)}) {
            assertThat(reason(verifier.verify(Long.toString(NOW), sig, body))).as(sig).contains("not v0= and 64 hex");
        }
    }

    @Test
    void anEmptySecretIsRefusedAtStartup() {
        assertThatThrownBy(() -> new SlackRequestVerifier(" ", Clock.systemUTC())).hasMessageContaining("empty");
    }
}
