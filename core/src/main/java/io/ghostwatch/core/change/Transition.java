package io.ghostwatch.core.change;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One move in a change's history: who moved it, when, and why.
 *
 * @param actor a Slack user ID (authorization is by ID, never by name) or {@link #GHOSTWATCH} for moves Ghostwatch
 *              makes itself (applying, expiring)
 * @param at    kept to the millisecond, as both stores keep it
 * @param note  free text (a rejection reason, a failure), empty when none
 */
public record Transition(ChangeState from, ChangeState to, String actor, Instant at, String note) {

    /** The actor of Ghostwatch's own moves. */
    public static final String GHOSTWATCH = "ghostwatch";

    /** Slack user IDs: U… or W… (Enterprise Grid), upper-case letters and digits. */
    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,31}");

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        checkActor(actor);
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(note, "note (empty when none)");
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException(illegal(from, to));
        }
    }

    static String illegal(ChangeState from, ChangeState to) {
        return "a change cannot move from " + from + " to " + to + (from.isTerminal() ? " (" + from + " is final)"
                : "; from " + from + " it can move to " + from.next());
    }

    /** A Slack user ID or {@link #GHOSTWATCH}; the error names the bad value. */
    static String checkActor(String actor) {
        Objects.requireNonNull(actor, "actor");
        if (!actor.equals(GHOSTWATCH) && !isSlackUser(actor)) {
            throw new IllegalArgumentException("'" + actor + "' is not a Slack user ID (U… or W…) or '" + GHOSTWATCH + "'");
        }
        return actor;
    }

    static boolean isSlackUser(String id) {
        return SLACK_USER.matcher(id).matches();
    }
}
