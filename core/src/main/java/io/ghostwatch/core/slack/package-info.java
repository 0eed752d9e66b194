/**
 * Slack reporting: what changed since the previous audit ({@link io.ghostwatch.core.slack.FindingChanges}), the
 * digest and its thread as Block Kit ({@link io.ghostwatch.core.slack.DigestRenderer}, built with slack-api-model,
 * never string-built JSON), and delivery through the Web API ({@link io.ghostwatch.core.slack.SlackPoster}) with
 * rate limits, bounded retries and typed failures. Every text from a server, config file or user goes through
 * {@link io.ghostwatch.core.slack.SlackText} so it can neither mention nor link nor format.
 */
package io.ghostwatch.core.slack;
