package io.ghostwatch.bot.work;

import java.util.Objects;

/**
 * One press of a Ghostwatch button.
 *
 * @param value     the button's {@code value} as Slack sent it back (what the message put there: a finding key or a
 *                  change ID); untrusted until checked against the store
 * @param messageTs the {@code ts} of the message carrying the button, or null when Slack sent none
 * @param triggerId Slack's {@code trigger_id} for opening a modal (valid 3 s), or null once the press was queued
 */
public record ButtonClick(BotButton button, String value, Requester requester, String messageTs, String triggerId) {

    /** A press as queued: the trigger ID is spent before the acknowledgement. */
    public ButtonClick(BotButton button, String value, Requester requester, String messageTs) {
        this(button, value, requester, messageTs, null);
    }

    public ButtonClick {
        Objects.requireNonNull(button, "button");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(requester, "requester");
    }
}
