package io.ghostwatch.core.change;

import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.slack.PostedMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A remediation proposed in Slack, approved by a second person, then applied by Ghostwatch: the persisted record of
 * all of it. Immutable; {@link #transitionTo} gives the next version.
 *
 * @param id              random, unguessable ({@link ChangeId})
 * @param target          the inventory name of the target it changes
 * @param action          what it does
 * @param scope           where it is made, with what was there when it was proposed: every node of a self-hosted
 *                        target (a change is made on all of them or none), or an ElastiCache parameter group
 * @param requester       the Slack user ID of who proposed it
 * @param expiresAt       the end of the approval window: it cannot be approved at or after this instant, and only
 *                        then may it expire (see {@link ChangeState})
 * @param state           where it is now: the last transition's {@code to}, or PROPOSED
 * @param version         1 when proposed, +1 per transition (so {@code version == history.size() + 1}); stores move a
 *                        change only from the version the caller read. Recording the approval message does not count
 * @param approvalMessage the Slack message holding the Approve/Reject buttons, once it is posted (else null)
 * @param result          how applying it ended, once it has (else null); its {@link ChangeOutcome#state()} is
 *                        {@code state}
 * @param history         every transition, oldest first: who moved it, when and why
 */
public record Change(ChangeId id, String target, ChangeAction action, ChangeScope scope, ChangeReason reason,
                     String requester,
                     Instant createdAt, Instant expiresAt, ChangeState state, long version,
                     PostedMessage approvalMessage, ChangeOutcome result, List<Transition> history) {

    public Change {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        if (target.isBlank()) {
            throw new IllegalArgumentException(id + ": the target name is empty");
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(scope, "scope");
        checkScope(id, action, scope);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requester, "requester");
        if (!Transition.isSlackUser(requester)) {
            throw new IllegalArgumentException(id + ": requester '" + requester + "' is not a Slack user ID (U… or W…)");
        }
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.MILLIS);
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException(id + " expires (" + expiresAt + ") no later than it was created ("
                    + createdAt + ")");
        }
        Objects.requireNonNull(state, "state");
        history = List.copyOf(history);
        ChangeState at = ChangeState.PROPOSED;
        for (Transition t : history) {
            if (t.from() != at) {
                throw new IllegalArgumentException(id + ": its history moves from " + t.from() + " while it was " + at
                        + ": " + history);
            }
            at = t.to();
        }
        if (at != state) {
            throw new IllegalArgumentException(id + " is " + state + " but its history leaves it " + at);
        }
        if (version != history.size() + 1L) {
            throw new IllegalArgumentException(id + " is at version " + version + " after " + history.size()
                    + " transition(s); it must be " + (history.size() + 1));
        }
        if (result != null && result.state() != state) {
            throw new IllegalArgumentException(id + " is " + state + " with a result that belongs to "
                    + result.state() + ": " + result);
        }
    }

    /** A new change, PROPOSED, version 1, with a fresh random ID. */
    public static Change propose(String target, ChangeAction action, ChangeScope scope, ChangeReason reason,
                                 String requester, Instant createdAt, Instant expiresAt) {
        return new Change(ChangeId.random(), target, action, scope, reason, requester, createdAt, expiresAt,
                ChangeState.PROPOSED, 1, null, null, List.of());
    }

    /** {@link #transitionTo(ChangeState, String, Instant, String, ChangeOutcome)} without a result. */
    public Change transitionTo(ChangeState to, String actor, Instant at, String note) {
        return transitionTo(to, actor, at, note, null);
    }

    /**
     * The next version of this change, moved to {@code to}.
     *
     * @param result how applying it ended (null for none); only with a move to the outcome's own state
     * @throws IllegalStateException naming the change and the move when the move is not allowed: not one of
     *                               {@link ChangeState#next()}, an approval by the requester or by Ghostwatch, an
     *                               approval at or after {@link #expiresAt}, an expiry before it
     */
    public Change transitionTo(ChangeState to, String actor, Instant at, String note, ChangeOutcome result) {
        Objects.requireNonNull(to, "to");
        Transition.checkActor(actor);
        Objects.requireNonNull(at, "at");
        if (!state.canMoveTo(to)) {
            throw new IllegalStateException(id + ": " + Transition.illegal(state, to));
        }
        if (to == ChangeState.APPROVED) {
            if (actor.equals(requester)) {
                throw new IllegalStateException(id + " cannot be approved by " + actor + ", who proposed it: a change"
                        + " needs a second person's approval");
            }
            if (actor.equals(Transition.GHOSTWATCH)) {
                throw new IllegalStateException(id + " cannot be approved by Ghostwatch itself: a person approves");
            }
            if (!at.isBefore(expiresAt)) {
                throw new IllegalStateException(id + " cannot be approved at " + at + ": its approval window closed at "
                        + expiresAt);
            }
        }
        if (to == ChangeState.EXPIRED && at.isBefore(expiresAt)) {
            throw new IllegalStateException(id + " cannot expire at " + at + ": it is open for approval until "
                    + expiresAt);
        }
        if (result != null && result.state() != to) {
            throw new IllegalArgumentException(id + ": a result that belongs to " + result.state()
                    + " cannot go with a move to " + to + ": " + result);
        }
        List<Transition> next = new ArrayList<>(history);
        next.add(new Transition(state, to, actor, at, note));
        return new Change(id, target, action, scope, reason, requester, createdAt, expiresAt, to, version + 1,
                approvalMessage, result, next);
    }

    /** This change with its approval message recorded; the version stays (see {@link #version}). */
    public Change withApprovalMessage(PostedMessage message) {
        Objects.requireNonNull(message, "message");
        return new Change(id, target, action, scope, reason, requester, createdAt, expiresAt, state, version,
                message, result, history);
    }

    /** The transition that moved it into {@code state}, if it ever got there (e.g. who approved it, and when). */
    public Optional<Transition> movedTo(ChangeState state) {
        return history.stream().filter(t -> t.to() == state).findFirst();
    }

    public Optional<Transition> lastTransition() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.getLast());
    }

    /**
     * A scope that fits the action: nodes with the values before of exactly the parameters set (none for kill-idle); a
     * parameter group only for setting or restoring parameters, with the same values as the action.
     */
    private static void checkScope(ChangeId id, ChangeAction action, ChangeScope scope) {
        Map<TunableParameter, Long> values = switch (action) {
            case ChangeAction.SetParameters s -> s.values();
            case ChangeAction.Rollback r -> r.restore();
            case ChangeAction.KillIdle k -> Map.of();
        };
        try {
            switch (scope) {
                case ChangeScope.Nodes n -> n.requireBefore(values.keySet());
                case ChangeScope.ParameterGroup g -> {
                    if (action instanceof ChangeAction.KillIdle) {
                        throw new IllegalArgumentException("kill-idle closes connections on servers; it has no"
                                + " parameter group to change");
                    }
                    if (!g.plan().after().equals(values)) {
                        throw new IllegalArgumentException("the parameter group plan sets " + g.plan().after()
                                + " but the action says " + values);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(id + ": " + e.getMessage(), e);
        }
    }
}
