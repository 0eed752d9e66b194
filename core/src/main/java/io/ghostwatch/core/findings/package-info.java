/**
 * Finding state across audit runs, and the run that reports it to Slack.
 * <p>
 * A {@link io.ghostwatch.core.findings.FindingStore} keeps, per finding key ({@code target/node/checkId}), when it was
 * first and last seen, whether it is open or resolved, its last severity and detail, and what the Slack channel was
 * last told about it (and in which digest). Two implementations: files for the CLI
 * ({@link io.ghostwatch.core.findings.FileFindingStore}), DynamoDB for the Lambda functions
 * ({@link io.ghostwatch.core.findings.DynamoDbFindingStore}); both apply the same pure transitions
 * ({@link io.ghostwatch.core.findings.FindingLedger}).
 * <p>
 * {@link io.ghostwatch.core.findings.DigestPublisher} is the order of a reported run: store the audit's results first,
 * then render and post the digest, then record the digest's ts. Why a package of its own and not {@code slack}: the
 * state outlives Slack (the bot looks findings up by key when "Propose fix" is clicked; fixes will record against
 * them), and it keeps the dependency one-way: this package uses the Slack package's value types and renderer, the
 * Slack package knows nothing of stores.
 */
package io.ghostwatch.core.findings;
