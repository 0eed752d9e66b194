package io.ghostwatch.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code slack:} section: where the audit digest goes and how.
 *
 * @param channel   a channel ID ({@code C0123ABCD}, stable across renames) or a public channel's name
 *                  ({@code #ghostwatch})
 * @param botToken  where the bot token ({@code xoxb-...}) lives: {@code env:VAR}, {@code file:PATH} or
 *                  {@code secret:NAME#key}, never the token
 * @param quietRuns what a run with nothing new and nothing resolved posts
 * @param maxListed how many findings the digest lists before "and N more" (every one is in the thread)
 * @param maxThreadMessages the most messages the digest's thread holds; the details of the targets past it go into one
 *                  file in the thread
 * @param approvals who may approve remediations proposed in Slack, and where they are asked; null when the config
 *                  has no {@code approvalsChannel} (the bot then refuses every proposal, saying why)
 */
public record SlackConfig(String channel, SecretRef botToken, QuietRuns quietRuns, int maxListed, int maxThreadMessages,
                          Approvals approvals) {

    /**
     * The approval half of the {@code slack:} section.
     *
     * @param channel          where approval requests are posted ({@code approvalsChannel})
     * @param approvers        Slack user IDs allowed to approve ({@code approvers}); may be empty when a group is given
     * @param approverGroup    a Slack user group ID whose members may approve ({@code approverGroup}), or null
     * @param ttlMinutes       how long a request stays approvable ({@code approvalTtlMinutes})
     * @param retentionDays    how long every change and its history are kept ({@code changeRetentionDays})
     */
    public record Approvals(String channel, List<String> approvers, String approverGroup, int ttlMinutes,
                            int retentionDays) {

        public static final int DEFAULT_TTL_MINUTES = 30;
        public static final int MAX_TTL_MINUTES = 24 * 60;
        /** Kept a little over a year by default: audits and post-mortems look back a year. */
        public static final int DEFAULT_RETENTION_DAYS = 400;
        public static final int MIN_RETENTION_DAYS = 30;
        public static final int MAX_RETENTION_DAYS = 3650;

        public Approvals {
            Objects.requireNonNull(channel, "channel");
            approvers = List.copyOf(approvers);
            if (approvers.isEmpty() && approverGroup == null) {
                throw new IllegalArgumentException("no approvers and no approver group: nobody could approve");
            }
            if (ttlMinutes < 1 || ttlMinutes > MAX_TTL_MINUTES) {
                throw new IllegalArgumentException("ttlMinutes " + ttlMinutes + " is outside 1.." + MAX_TTL_MINUTES);
            }
            if (retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS) {
                throw new IllegalArgumentException("retentionDays " + retentionDays + " is outside "
                        + MIN_RETENTION_DAYS + ".." + MAX_RETENTION_DAYS);
            }
        }
    }

    /** A digest-only section: no approvals, the default thread length. */
    public SlackConfig(String channel, SecretRef botToken, QuietRuns quietRuns, int maxListed) {
        this(channel, botToken, quietRuns, maxListed, DEFAULT_MAX_THREAD_MESSAGES, null);
    }

    /** With approvals, the default thread length. */
    public SlackConfig(String channel, SecretRef botToken, QuietRuns quietRuns, int maxListed, Approvals approvals) {
        this(channel, botToken, quietRuns, maxListed, DEFAULT_MAX_THREAD_MESSAGES, approvals);
    }

    /** The bounds of {@code maxThreadMessages}: the renderer's own. */
    public static final int DEFAULT_MAX_THREAD_MESSAGES = io.ghostwatch.core.slack.DigestRenderer.DEFAULT_THREAD_MESSAGES;
    public static final int MIN_THREAD_MESSAGES = io.ghostwatch.core.slack.DigestRenderer.MIN_THREAD_MESSAGES;
    public static final int MAX_THREAD_MESSAGES = io.ghostwatch.core.slack.DigestRenderer.MAX_THREAD_MESSAGES;

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
        if (maxThreadMessages < MIN_THREAD_MESSAGES || maxThreadMessages > MAX_THREAD_MESSAGES) {
            throw new IllegalArgumentException("maxThreadMessages " + maxThreadMessages + " is outside "
                    + MIN_THREAD_MESSAGES + ".." + MAX_THREAD_MESSAGES);
        }
    }
}
