package io.ghostwatch.bot;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a request really comes from Slack, before anything reads it: {@code X-Slack-Signature} must be
 * {@code v0=} + hex HMAC-SHA256(signing secret, {@code "v0:" + X-Slack-Request-Timestamp + ":" + raw body}), compared
 * in constant time, and the timestamp must be within {@link #MAX_SKEW} of this server's clock, in the past or the
 * future, so a captured request cannot be replayed later. (Within those minutes a replay is still accepted, as with
 * every Slack app: what the bot does with a request must be harmless to repeat.)
 * <p>
 * The verdict names the problem for the log; the HTTP answer to any rejection is 401 with an empty body.
 */
public final class SlackRequestVerifier {

    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-f]{64}");
    /** Whole seconds since the epoch: digits only; 12 digits reach past the year 33000 and cannot overflow. */
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

    /** Why a request was accepted or not; {@link Rejected#reason()} is for the log only, never for the caller. */
    public sealed interface Verdict {
        record Verified() implements Verdict {
        }

        record Rejected(String reason) implements Verdict {
        }
    }

    private final SecretKeySpec key;
    private final Clock clock;

    public SlackRequestVerifier(String signingSecret, Clock clock) {
        Objects.requireNonNull(signingSecret, "signingSecret");
        if (signingSecret.isBlank()) {
            throw new IllegalArgumentException("the signing secret is empty");
        }
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param timestamp the {@value #TIMESTAMP_HEADER} header, or null when absent
     * @param signature the {@value #SIGNATURE_HEADER} header, or null when absent
     * @param body      the raw body, exactly as received
     */
    public Verdict verify(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            return new Verdict.Rejected("unsigned: " + (timestamp == null ? TIMESTAMP_HEADER : SIGNATURE_HEADER)
                    + " is missing");
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            return new Verdict.Rejected(TIMESTAMP_HEADER + " is not whole seconds since the epoch");
        }
        if (!SIGNATURE.matcher(signature).matches()) {
            return new Verdict.Rejected(SIGNATURE_HEADER + " is not v0= and 64 hex digits");
        }
        long skew = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(skew) > MAX_SKEW.toSeconds()) {
            return new Verdict.Rejected(TIMESTAMP_HEADER + " is " + Math.abs(skew) + " s in the "
                    + (skew > 0 ? "past" : "future") + " (at most " + MAX_SKEW.toSeconds() + " s either way)");
        }
        byte[] expected = signature(timestamp, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Verdict.Rejected("the signature does not match the body (wrong signing secret, or altered)");
        }
        return new Verdict.Verified();
    }

    /** {@code v0=} + hex HMAC-SHA256 over {@code v0:timestamp:body}. */
    String signature(String timestamp, byte[] body) {
        Mac mac;
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM: " + e.getMessage(), e);
        }
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
