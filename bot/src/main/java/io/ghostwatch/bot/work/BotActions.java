package io.ghostwatch.bot.work;

/**
 * What the bot does with a command or a button press: the seam where the audit, the change store and the approval
 * flow plug in. The bot calls {@link #pressed} before it acknowledges and {@link #perform} later, on the work queue's
 * worker.
 */
public interface BotActions {

    /**
     * A button was pressed. Runs before the acknowledgement, inside Slack's 3 seconds: validate and record only
     * (e.g. the approval, idempotently: a double click or a retry must be harmless), no Redis and no slow calls.
     *
     * @return true to hand the press to {@link #perform} through the work queue, false when nothing more is to be done
     */
    boolean pressed(ButtonClick click);

    /**
     * Does the work (audit, apply, verify, roll back, list) and answers through the item's
     * {@link Requester#responseUrl()}. May take minutes. An exception is logged by the queue with the item.
     */
    void perform(WorkItem item);
}
