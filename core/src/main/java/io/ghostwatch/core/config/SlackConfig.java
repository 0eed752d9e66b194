package io.ghostwatch.core.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The {@code slack:} section: where the audit digest goes and how.
 *
 * @param channel   a channel ID ({@code C0123ABCD}, stable across renames) or a public channel's name
 *                  ({@code #ghostwatch})
 * @param botToken  where the bot token ({@code xoxb-...}) lives: {@code env:VAR} or {@code file:PATH}, never the token
 * @param quietRuns what a run with nothing new and nothing resolved posts
 * @param maxListed how many findings the digest lists before "and N more" (every one is in the thread)
 */
public record SlackConfig(String channel, SecretRef botToken, QuietRuns quietRuns, int maxListed) {

    /** The digest lists this many findings unless {@code maxListed} says otherwise. */
    public static final int DEFAULT_MAX_LISTED = 10;
    /**
     * The most findings one digest message can list: Slack's 50 blocks less the digest's 9 fixed ones
     * (DigestRenderer keeps the same bound; a test holds them equal).
     */
    public static final int MAX_LISTED = 41;

    /** What a run with nothing new and nothing resolved posts. */
    public enum QuietRuns {
        /** One line: "all quiet", with how many findings are still open. */
        POST,
        /** Nothing at all. */
        SKIP;

        /** The word used in the config file. */
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SlackConfig {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(quietRuns, "quietRuns");
        if (maxListed < 1 || maxListed > MAX_LISTED) {
            throw new IllegalArgumentException("maxListed " + maxListed + " is outside 1.." + MAX_LISTED);
        }
    }
}
