package io.ghostwatch.core.change;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a {@link Change} is in its life. The allowed moves are part of the enum ({@link #next()}):
 * <pre>
 * PROPOSED  -&gt; APPROVED | REJECTED | EXPIRED
 * APPROVED  -&gt; APPLYING | EXPIRED
 * APPLYING  -&gt; APPLIED | FAILED | ROLLED_BACK
 * APPLIED, FAILED, ROLLED_BACK, REJECTED, EXPIRED: terminal, no moves
 * </pre>
 * Why APPROVED may still expire: the approval hands the change to a worker (SQS or an executor), which starts it
 * with the conditional move APPROVED -&gt; APPLYING. If that hand-off is lost (a dropped message, a crash before the
 * worker ran), the change would stay APPROVED for ever and could be applied much later, on values read long ago. So a
 * sweeper may expire an APPROVED change once its {@link Change#expiresAt()} has passed; because both moves are
 * conditional on the same version, the worker and the sweeper cannot both win. Once APPLYING, the change is finished
 * by its worker (or marked FAILED by whoever finds the worker died); it never expires mid-flight.
 *
 * <p>How the fix engine's result maps: {@code ChangeResult.Applied} -&gt; APPLIED; {@code RolledBack} (a node failed,
 * the others were restored) -&gt; ROLLED_BACK; {@code RollbackFailed} (nodes may hold the new values) -&gt; FAILED.
 * Undoing an APPLIED change is a new change with a {@link ChangeAction.Rollback} action, approved like any other.
 */
public enum ChangeState {
    PROPOSED,
    APPROVED,
    APPLYING,
    APPLIED,
    FAILED,
    ROLLED_BACK,
    REJECTED,
    EXPIRED;

    /** The states this one may move to; empty for a terminal state. */
    public Set<ChangeState> next() {
        return switch (this) {
            case PROPOSED -> EnumSet.of(APPROVED, REJECTED, EXPIRED);
            case APPROVED -> EnumSet.of(APPLYING, EXPIRED);
            case APPLYING -> EnumSet.of(APPLIED, FAILED, ROLLED_BACK);
            case APPLIED, FAILED, ROLLED_BACK, REJECTED, EXPIRED -> EnumSet.noneOf(ChangeState.class);
        };
    }

    public boolean canMoveTo(ChangeState to) {
        return next().contains(to);
    }

    /** No move leads out of it: the change is over, one way or another. */
    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** Parses a stored name; the error names the text and lists the valid states. */
    public static ChangeState parse(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + name + "' is not a change state; valid: " + choices());
        }
    }

    public static String choices() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
