package io.ghostwatch.core.change;

import io.ghostwatch.core.slack.PostedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where changes live: a directory of files for local runs ({@link FileChangeStore}), DynamoDB for the Lambda functions
 * and the bot ({@link DynamoDbChangeStore}). ChangeStoreContract in the tests holds both to what follows.
 * <ul>
 *   <li>Every move is conditional: it is made only if the stored version is the one the caller read, so two people
 *       clicking Approve at once (threads, processes, Lambda invocations) give exactly one approval; the other gets
 *       {@link TransitionOutcome.Conflict} with the change as stored, naming who won.</li>
 *   <li>The rules of a move are {@link Change#transitionTo}'s: a move it refuses throws its
 *       {@link IllegalStateException} and writes nothing.</li>
 *   <li>Nothing acknowledged is lost, and damage is never silent: a failure is a {@link ChangeStoreException} naming
 *       the file or table.</li>
 *   <li>A change is kept at least the retention ({@link #DEFAULT_RETENTION}, from its creation), whatever its state;
 *       after that a store may forget it.</li>
 * </ul>
 */
public interface ChangeStore {

    /** How long a change is kept after it was proposed: over a year, so last year's incident can be looked up. */
    Duration DEFAULT_RETENTION = Duration.ofDays(400);

    /**
     * Stores a new change (normally PROPOSED, version 1).
     *
     * @throws DuplicateChangeException when a change with its ID is stored already (nothing is overwritten)
     */
    void create(Change change);

    Optional<Change> find(ChangeId id);

    /** {@link #transition(ChangeId, long, ChangeState, String, Instant, String, ChangeOutcome)} without a result. */
    default TransitionOutcome transition(ChangeId id, long expectedVersion, ChangeState to, String actor, Instant at,
                                         String note) {
        return transition(id, expectedVersion, to, actor, at, note, null);
    }

    /**
     * Moves a change, if it is still at {@code expectedVersion}: {@link TransitionOutcome.Done} with the new version;
     * {@link TransitionOutcome.Conflict} with the stored change when its version is another (someone moved it first);
     * {@link TransitionOutcome.Missing} when there is no such change.
     *
     * @param result how applying it ended, for a move out of APPLYING (null for none)
     * @throws IllegalStateException the move is not allowed from the stored state (see {@link Change#transitionTo});
     *                               nothing was written
     */
    TransitionOutcome transition(ChangeId id, long expectedVersion, ChangeState to, String actor, Instant at,
                                 String note, ChangeOutcome result);

    /**
     * Records where the approval message was posted. Not a move: it does not change the version, and it never
     * conflicts with one (a click that lands before it is recorded still counts). A later call replaces the location.
     *
     * @return the change as stored with it
     * @throws ChangeStoreException when there is no such change
     */
    Change setApprovalMessage(ChangeId id, PostedMessage message);

    /**
     * The newest changes first (by creation time), of one target or of all.
     *
     * @param limit at most this many, at least 1
     */
    List<Change> recent(Optional<String> target, int limit);
}
