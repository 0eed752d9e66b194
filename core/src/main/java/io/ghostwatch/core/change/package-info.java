/**
 * Changes: the persisted record of a remediation proposed in Slack, approved by a second person, then applied,
 * verified (and possibly rolled back) by Ghostwatch.
 * <p>
 * A {@link io.ghostwatch.core.change.Change} holds what was proposed (a typed
 * {@link io.ghostwatch.core.change.ChangeAction} on named nodes, the values read before, the reason, the requester),
 * where it is ({@link io.ghostwatch.core.change.ChangeState}, whose allowed moves are part of the enum), how it ended
 * ({@link io.ghostwatch.core.change.ChangeOutcome}) and every move with who made it and when
 * ({@link io.ghostwatch.core.change.Transition}). A {@link io.ghostwatch.core.change.ChangeStore} keeps changes and
 * makes every move conditional on the version the caller read, so concurrent clicks give exactly one approval and the
 * losers learn who won ({@link io.ghostwatch.core.change.TransitionOutcome}). Two stores: files for local runs
 * ({@link io.ghostwatch.core.change.FileChangeStore}), DynamoDB in AWS
 * ({@link io.ghostwatch.core.change.DynamoDbChangeStore}).
 * <p>
 * What belongs here: the record and its stores. Not here: planning and applying ({@code io.ghostwatch.core.fix}),
 * Slack rendering and the bot. This package uses the fix package's value types (allow-listed parameters, node
 * outcomes) and the Slack package's (finding keys, posted messages); neither knows about changes.
 */
package io.ghostwatch.core.change;
