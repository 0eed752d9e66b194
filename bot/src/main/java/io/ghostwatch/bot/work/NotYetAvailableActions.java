package io.ghostwatch.bot.work;

import io.ghostwatch.core.slack.SlackText;
import java.util.Objects;

/**
 * The actions of a bot that understands commands but does not carry them out yet: every command and button press is
 * answered, through its response URL, with what was understood and that this build cannot do it. This is what runs
 * until the audit and the approval flow (change store, apply, verify, roll back) are plugged in as {@link BotActions};
 * it never pretends to have done anything.
 */
public final class NotYetAvailableActions implements BotActions {

    private final ResponseUrlReplies replies;

    public NotYetAvailableActions(ResponseUrlReplies replies) {
        this.replies = Objects.requireNonNull(replies, "replies");
    }

    @Override
    public boolean pressed(ButtonClick click) {
        return true;
    }

    @Override
    public void perform(WorkItem item) {
        String what = switch (item) {
            case WorkItem.Command c -> SlackText.code(c.command().text());
            case WorkItem.Press p -> "the " + SlackText.code(p.click().button().actionId()) + " button";
        };
        replies.ephemeral(item.requester(), ":construction: " + what + " was understood, but this Ghostwatch bot"
                + " cannot carry it out yet: nothing was audited or changed.");
    }
}
