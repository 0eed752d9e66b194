package io.ghostwatch.bot.work;

import java.util.Objects;

/**
 * Who asked, where, and where the answer goes. Authorize by {@code userId}, never by a name. {@link #toString()}
 * leaves out the response URL.
 *
 * @param responseUrl Slack's {@code response_url} for this request: answers go there (valid 30 minutes, 5 uses)
 */
public record Requester(String teamId, String userId, String channelId, String responseUrl) {
    public Requester {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(responseUrl, "responseUrl");
    }

    /** Without the response URL: whoever has it can post into the channel for 30 minutes. */
    @Override
    public String toString() {
        return "Requester[team=" + teamId + ", user=" + userId + ", channel=" + channelId + "]";
    }
}
