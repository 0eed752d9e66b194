package io.ghostwatch.core.slack;

/** A message Slack accepted: the channel ID it landed in and its ts (the key for threads and updates). */
public record PostedMessage(String channel, String ts) {
}
