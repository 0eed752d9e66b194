/**
 * What happens after the acknowledgement. Slack waits 3 seconds for an ack and Bolt for Java has no lazy listeners,
 * so listeners only validate, record and hand off: parsed commands and accepted button presses become
 * {@link io.ghostwatch.bot.work.WorkItem}s on a {@link io.ghostwatch.bot.work.WorkQueue} (in-process locally;
 * {@link io.ghostwatch.bot.work.SqsWorkQueue} in AWS, each item a {@link io.ghostwatch.bot.work.WorkItemJson} message
 * for the worker function), whose worker calls the injected {@link io.ghostwatch.bot.work.BotActions}, which answers
 * through the request's {@code response_url}.
 */
package io.ghostwatch.bot.work;
