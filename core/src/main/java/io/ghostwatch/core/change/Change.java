package io.ghostwatch.core.change;

import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.slack.PostedMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A remediation proposed in Slack, approved by a second person, then applied by Ghostwatch: the persisted record of
 * all of it. Immutable; {@link #transitionTo} gives the next version.
 *
 * @param id              random, unguessable ({@link ChangeId})
 * @param target          the inventory name of the target it changes
 * @param action          what it does
 * @param nodes           every node it touches, in order (a change is made on all of them or none)
 * @param before          per node, per parameter, the values read fresh when it was proposed (every node and every
 *                        parameter of a {@link ChangeAction.SetParameters} or {@link ChangeAction.Rollback}; empty
 *                        for {@link ChangeAction.KillIdle}, which changes no setting)
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
public record Change(ChangeId id, String target, ChangeAction action, List<HostPort> nodes,
                     Map<HostPort, Map<TunableParameter, Long>> before, ChangeReason reason, String requester,
                     Instant createdAt, Instant expiresAt, ChangeState state, long version,
                     PostedMessage approvalMessage, ChangeOutcome result, List<Transition> history) {

    public Change {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        if (target.isBlank()) {
            throw new IllegalArgumentException(id + ": the target name is empty");
        }
        Objects.requireNonNull(action, "action");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(id + " touches no node: a change names every node it changes");
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException(id + " lists a node twice: " + nodes);
        }
        before = copyBefore(id, action, nodes, before);
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
    public static Change propose(String target, ChangeAction action, List<HostPort> nodes,
                                 Map<HostPort, Map<TunableParameter, Long>> before, ChangeReason reason,
                                 String requester, Instant createdAt, Instant expiresAt) {
        return new Change(ChangeId.random(), target, action, nodes, before, reason, requester, createdAt, expiresAt,
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
        return new Change(id, target, action, nodes, before, reason, requester, createdAt, expiresAt, to, version + 1,
                approvalMessage, result, next);
    }

    /** This change with its approval message recorded; the version stays (see {@link #version}). */
    public Change withApprovalMessage(PostedMessage message) {
        Objects.requireNonNull(message, "message");
        return new Change(id, target, action, nodes, before, reason, requester, createdAt, expiresAt, state, version,
                message, result, history);
    }

    /** The transition that moved it into {@code state}, if it ever got there (e.g. who approved it, and when). */
    public Optional<Transition> movedTo(ChangeState state) {
        return history.stream().filter(t -> t.to() == state).findFirst();
    }

    public Optional<Transition> lastTransition() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.getLast());
    }

    private static Map<HostPort, Map<TunableParameter, Long>> copyBefore(
            ChangeId id, ChangeAction action, List<HostPort> nodes, Map<HostPort, Map<TunableParameter, Long>> before) {
        Objects.requireNonNull(before, "before");
        Set<TunableParameter> parameters = switch (action) {
            case ChangeAction.SetParameters s -> s.values().keySet();
            case ChangeAction.Rollback r -> r.restore().keySet();
            case ChangeAction.KillIdle k -> Set.of();
        };
        Map<HostPort, Map<TunableParameter, Long>> copy = new TreeMap<>();
        before.forEach((node, values) -> {
            if (!nodes.contains(node)) {
                throw new IllegalArgumentException(id + " has values before for " + node + ", which it does not touch"
                        + " (nodes " + nodes + ")");
            }
            Map<TunableParameter, Long> read = new EnumMap<>(TunableParameter.class);
            values.forEach((parameter, value) -> {
                if (parameter == null || value == null || value < 0) {
                    throw new IllegalArgumentException(id + ": value before " + parameter + "=" + value + " on " + node
                            + " is not a parameter with a whole number >= 0");
                }
                read.put(parameter, value);
            });
            copy.put(node, Collections.unmodifiableMap(read));
        });
        for (HostPort node : parameters.isEmpty() ? List.<HostPort>of() : nodes) {
            Map<TunableParameter, Long> values = copy.get(node);
            if (values == null || !values.keySet().equals(parameters)) {
                throw new IllegalArgumentException(id + " needs the values before of " + parameters + " on " + node
                        + " (read when it is proposed), not " + values);
            }
        }
        return Collections.unmodifiableMap(copy);
    }
}
