package io.ghostwatch.core.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a Slack call is retried. Every call ends after {@code maxAttempts}. Transient failures (HTTP 5xx, network
 * errors, Slack's {@code internal_error} and kin) wait {@code baseDelay * 2^(attempt-1)}, at most {@code maxDelay}.
 * HTTP 429 waits exactly what {@code Retry-After} says, unless that is longer than {@code maxRetryAfter}: then the
 * call fails at once as rate limited rather than hold a scheduled run past its deadline.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + " is outside 1..10");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= baseDelay <= maxDelay and maxRetryAfter >= 0");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60));
    }

    /** The wait after failed attempt {@code attempt} (1-based) of a transient failure. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = baseDelay.multipliedBy(factor);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
