package io.ghostwatch.core.findings;

import io.ghostwatch.core.slack.DigestDelivery;
import io.ghostwatch.core.slack.SlackFailure;

/**
 * How a run's Slack reporting ended. In every case the run's findings were stored first.
 */
public sealed interface DigestOutcome {

    /** One sentence for a log or a terminal (no secrets: the token never reaches an outcome). */
    String summary();

    /** A stable word for logs and metrics: stored, skipped, posted, posted_with_warning, not_posted. */
    default String kind() {
        return switch (this) {
            case Stored s -> "stored";
            case Skipped s -> "skipped";
            case Posted p -> p.warning() == null ? "posted" : "posted_with_warning";
            case NotPosted n -> "not_posted";
        };
    }

    /** No {@code slack:} section: the findings were stored, nothing was to be posted. */
    record Stored(int findings) implements DigestOutcome {
        @Override
        public String summary() {
            return "finding state stored (" + findings + " finding(s) of this run's targets); no slack: section, so"
                    + " nothing posted";
        }
    }

    /** A quiet run (nothing new, nothing resolved) with {@code quietRuns: skip}: nothing posted, by config. */
    record Skipped(PreparedDigest digest) implements DigestOutcome {
        @Override
        public String summary() {
            return "quiet run (nothing new or resolved) and quietRuns is skip: nothing posted";
        }
    }

    /**
     * The digest was posted. {@code warning} is set when something after the digest went wrong: thread posts that
     * failed (the digest stands), or the digest's ts that could not be stored (the next run may repeat news).
     */
    record Posted(PreparedDigest digest, DigestDelivery delivery, String warning) implements DigestOutcome {
        @Override
        public String summary() {
            return "digest posted to " + digest.channel() + " (channel " + delivery.digest().channel() + ", ts "
                    + delivery.digest().ts() + "): " + digest.headline() + "; " + delivery.replies().size()
                    + " thread repl" + (delivery.replies().size() == 1 ? "y" : "ies") + ", " + delivery.fileIds().size()
                    + " chart(s)" + (warning == null ? "" : "; WARNING: " + warning);
        }
    }

    /**
     * The digest was not posted: Slack refused it for good ({@code permanent}: channel_not_found, not_in_channel,
     * invalid_auth...), kept failing past the retries, or the token could not be read. The findings are stored; the
     * channel was told nothing, so the next run that posts tells it what is new since what it last heard.
     */
    record NotPosted(PreparedDigest digest, SlackFailure failure) implements DigestOutcome {
        public boolean permanent() {
            return failure.kind() == SlackFailure.Kind.PERMANENT;
        }

        @Override
        public String summary() {
            return "digest NOT posted to " + digest.channel() + ": " + failure.message();
        }
    }
}
