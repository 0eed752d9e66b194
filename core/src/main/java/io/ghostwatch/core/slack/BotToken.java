package io.ghostwatch.core.slack;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import java.util.Objects;

/**
 * The Slack bot token, resolved from its reference ({@code env:SLACK_BOT_TOKEN}, {@code file:...},
 * {@code secret:ghostwatch/slack#botToken}). It is sent only
 * in the Authorization header; {@link #toString()} never shows it, so it cannot reach a log or a message by accident.
 */
public final class BotToken {
    private final String value;

    private BotToken(String value) {
        this.value = value;
    }

    public static BotToken of(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip();
        if (v.isEmpty()) {
            throw new ConfigException("the Slack bot token is empty");
        }
        if (v.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new ConfigException("the Slack bot token contains whitespace or control characters (a pasted line"
                    + " break?); the token itself is not shown");
        }
        return new BotToken(v);
    }

    /** Resolves the reference now; the message names the reference, never the value. */
    public static BotToken resolve(SecretRef reference, Secrets secrets) {
        try {
            return of(reference.resolve(secrets));
        } catch (ConfigException e) {
            throw new ConfigException("Slack bot token (" + reference + "): " + e.getMessage(), e);
        }
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "BotToken[redacted]";
    }
}
