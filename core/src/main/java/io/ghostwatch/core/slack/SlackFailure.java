package io.ghostwatch.core.slack;

import java.util.Objects;

/**
 * A Slack call that did not succeed, in words an operator can act on. Never holds the token.
 *
 * @param method   the Web API method, e.g. {@code chat.postMessage}, or {@code upload} for the file bytes
 * @param error    Slack's error code ({@code not_in_channel}), {@code http_503}, or the network exception's name
 * @param kind     whether retrying later can help
 * @param attempts how many times the call was tried
 * @param hint     what to do about it
 */
public record SlackFailure(String method, String error, Kind kind, int attempts, String hint) {

    public enum Kind {
        /** Slack refused the call for a reason retrying will not change (auth, channel, scopes, the message itself). */
        PERMANENT,
        /** Slack asked to wait longer than the retry policy allows, or kept answering 429. */
        RATE_LIMITED,
        /** Network errors, 5xx or Slack's internal errors that outlasted every retry. */
        TRANSIENT
    }

    public SlackFailure {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hint, "hint");
    }

    public String message() {
        return "Slack " + method + " failed: " + error + " (" + hint + "); " + attempts + " attempt"
                + (attempts == 1 ? "" : "s");
    }
}
