package io.ghostwatch.core.slack;

/** One post under the digest, in order: a message, or a chart uploaded into the thread. */
public sealed interface ThreadItem permits SlackMessage, ChartUpload {
}
