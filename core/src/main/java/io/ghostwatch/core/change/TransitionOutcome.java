package io.ghostwatch.core.change;

/**
 * What a conditional move ({@link ChangeStore#transition}) did. Exhaustive: callers switch over it, and a conflict
 * carries the change as it is stored now, so the caller can answer "already approved by &lt;@U…&gt;" without
 * another read.
 */
public sealed interface TransitionOutcome {

    /** The move was made; {@code change} is the new stored version. */
    record Done(Change change) implements TransitionOutcome {
    }

    /** Someone moved the change first: nothing was written; {@code current} is what is stored now. */
    record Conflict(Change current) implements TransitionOutcome {
    }

    /** No change has this ID (never created, or gone after the retention). */
    record Missing(ChangeId id) implements TransitionOutcome {
    }
}
