package io.ghostwatch.bot.work;

import java.util.Objects;

/**
 * One press of a Ghostwatch button.
 *
 * @param value     the button's {@code value} as Slack sent it back (what the message put there: a finding key or a
 *                  change ID); untrusted until checked against the store
 * @param messageTs the {@code ts} of the message carrying the button, or null when Slack sent none
 */
public record ButtonClick(BotButton button, String value, Requester requester, String messageTs) {
    public ButtonClick {
        Objects.requireNonNull(button, "button");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(requester, "requester");
    }
}
