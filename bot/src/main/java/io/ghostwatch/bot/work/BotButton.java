package io.ghostwatch.bot.work;

import java.util.Arrays;
import java.util.Optional;

/** The buttons Ghostwatch's messages carry, by their Block Kit {@code action_id}. */
public enum BotButton {
    /** On a finding: propose the recommended fix. */
    PROPOSE_FIX("ghostwatch_propose_fix"),
    /** On a proposed change: approve it (then it is applied and verified). */
    APPROVE("ghostwatch_approve"),
    /** On a proposed change: reject it. */
    REJECT("ghostwatch_reject");

    private final String actionId;

    BotButton(String actionId) {
        this.actionId = actionId;
    }

    public String actionId() {
        return actionId;
    }

    public static Optional<BotButton> byActionId(String actionId) {
        return Arrays.stream(values()).filter(b -> b.actionId.equals(actionId)).findFirst();
    }
}
