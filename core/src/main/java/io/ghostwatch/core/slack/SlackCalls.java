package io.ghostwatch.core.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * Runs one Slack Web API call under a {@link RetryPolicy}: returns the response when Slack says ok, waits out 429s
 * (Retry-After) and transient failures with bounded backoff, and throws {@link SlackDeliveryException} with a
 * {@link SlackFailure} otherwise.
 */
final class SlackCalls {

    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, SlackApiException;
    }

    /** A failed attempt worth another try after {@code wait}; or not. */
    private record Attempt(SlackFailure failure, Duration delay, Throwable cause) {
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;

    SlackCalls(RetryPolicy policy, Sleeper sleeper) {
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /**
     * @param channel for messages only: where the call posts to, as configured
     */
    <T extends SlackApiTextResponse> T call(String method, String channel, Call<T> call) {
        return run(method, channel, () -> {
            T response = call.run();
            if (response.isOk()) {
                return response;
            }
            String error = response.getError() == null ? "unknown_error" : response.getError();
            throw new SlackOkFalse(error, response.getNeeded());
        });
    }

    /** Like {@link #call} for a call with its own notion of success (the upload POST): it throws to fail. */
    <T> T run(String method, String channel, Call<T> call) {
        Attempt last = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            try {
                return call.run();
            } catch (SlackOkFalse e) {
                if (!SlackErrors.isTransient(e.error)) {
                    throw new SlackDeliveryException(new SlackFailure(method, e.error, SlackFailure.Kind.PERMANENT,
                            attempt, SlackErrors.hint(e.error, channel, e.needed)));
                }
                last = transientAttempt(method, e.error, attempt, null);
            } catch (SlackApiException e) {
                last = httpFailure(method, channel, e, attempt);
            } catch (UploadRefused e) {
                last = e.status >= 500 ? transientAttempt(method, "http_" + e.status, attempt, e)
                        : new Attempt(new SlackFailure(method, "http_" + e.status, SlackFailure.Kind.PERMANENT, attempt,
                        "the upload URL refused the file"), null, e);
            } catch (IOException e) {
                last = transientAttempt(method, e.getClass().getSimpleName(), attempt, e);
            }
            if (last.delay() == null || attempt == policy.maxAttempts()) {
                throw new SlackDeliveryException(last.failure(), last.cause());
            }
            try {
                sleeper.sleep(last.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlackDeliveryException(last.failure(), e);
            }
        }
        throw new IllegalStateException("unreachable: maxAttempts >= 1");
    }

    private Attempt httpFailure(String method, String channel, SlackApiException e, int attempt) {
        int status = e.getResponse().code();
        String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError() : "http_" + status;
        if (status == 429) {
            Duration wait = retryAfter(e.getResponse().header("Retry-After"));
            SlackFailure failure = new SlackFailure(method, "ratelimited", SlackFailure.Kind.RATE_LIMITED, attempt,
                    "Slack asked to wait " + wait.toSeconds() + " s (Retry-After); the policy allows "
                            + policy.maxRetryAfter().toSeconds() + " s and " + policy.maxAttempts() + " attempts");
            return new Attempt(failure, wait.compareTo(policy.maxRetryAfter()) > 0 ? null : wait, e);
        }
        if (status >= 500) {
            return transientAttempt(method, error, attempt, e);
        }
        return new Attempt(new SlackFailure(method, error, SlackFailure.Kind.PERMANENT, attempt,
                SlackErrors.hint(error, channel, e.getError() == null ? null : e.getError().getNeeded())), null, e);
    }

    private Attempt transientAttempt(String method, String error, int attempt, Throwable cause) {
        return new Attempt(new SlackFailure(method, error, SlackFailure.Kind.TRANSIENT, attempt,
                "Slack or the network failed " + attempt + " time" + (attempt == 1 ? "" : "s") + "; retried with backoff up to "
                        + policy.maxAttempts() + " attempts"), policy.backoff(attempt), cause);
    }

    /** Retry-After in seconds, as Slack sends it; missing or unreadable means one second. */
    static Duration retryAfter(String header) {
        if (header != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
            } catch (NumberFormatException e) {
                // an HTTP date or garbage: Slack sends seconds, so fall through to the minimum wait
            }
        }
        return Duration.ofSeconds(1);
    }

    /** Slack answered {@code ok: false}. */
    private static final class SlackOkFalse extends IOException {
        private final String error;
        private final String needed;

        SlackOkFalse(String error, String needed) {
            super(error);
            this.error = error;
            this.needed = needed;
        }
    }

    /** The upload URL answered a status other than 200. */
    static final class UploadRefused extends IOException {
        private final int status;

        UploadRefused(int status) {
            super("upload answered HTTP " + status);
            this.status = status;
        }
    }
}
