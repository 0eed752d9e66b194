package io.ghostwatch.core.slack;

/** One post under the digest, in order: a message, or a file uploaded into the thread (a chart, the details file). */
public sealed interface ThreadItem permits SlackMessage, ThreadUpload {
}
