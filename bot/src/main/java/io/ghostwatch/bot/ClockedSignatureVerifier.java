package io.ghostwatch.bot;

import com.slack.api.app_backend.SlackSignature;
import java.time.Clock;

/**
 * The Slack SDK's signature verifier (what Bolt's own {@code RequestVerification} middleware uses), reading the time
 * from the same {@link Clock} as {@link SlackRequestVerifier}, so both checks judge a request by one clock. (Its
 * comparison is not constant-time; {@link SlackRequestVerifier}'s, which runs first, is.)
 */
final class ClockedSignatureVerifier extends SlackSignature.Verifier {

    private final Clock clock;

    ClockedSignatureVerifier(String signingSecret, Clock clock) {
        super(new SlackSignature.Generator(signingSecret));
        this.clock = clock;
    }

    /** Bolt passes {@code System.currentTimeMillis()} as {@code nowInMillis}; the injected clock is used instead. */
    @Override
    public boolean isValid(String requestTimestamp, String requestBody, String requestSignature, long nowInMillis) {
        return super.isValid(requestTimestamp, requestBody, requestSignature, clock.millis());
    }
}
