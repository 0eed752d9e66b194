package io.ghostwatch.bot.work;

import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackText;
import java.util.Objects;
import java.util.Optional;

/**
 * The digest's "Propose fix" button: opens the {@link FixModal} while the click's trigger is valid (before the
 * acknowledgement). When it cannot (a finding no allow-listed setting fixes, a malformed key, Slack refusing), the
 * press is queued and answered with why, and with the equivalent command to type.
 */
public final class FixModalActions implements BotActions {

    private static final System.Logger LOG = System.getLogger(FixModalActions.class.getName());

    private final Policy policy;
    private final SlackPoster slack;
    private final ResponseUrlReplies replies;
    private final BotActions otherwise;

    public FixModalActions(Policy policy, SlackPoster slack, ResponseUrlReplies replies, BotActions otherwise) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.slack = Objects.requireNonNull(slack, "slack");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    @Override
    public boolean pressed(ButtonClick click) {
        if (click.button() != BotButton.PROPOSE_FIX) {
            return otherwise.pressed(click);
        }
        Optional<FindingKey> finding = finding(click.value());
        if (finding.isEmpty() || click.triggerId() == null) {
            return true;
        }
        FixModal.Context context = new FixModal.Context(finding.get(), click.requester().responseUrl(),
                click.requester().channelId());
        Optional<com.slack.api.model.view.View> view = FixModal.view(context, policy);
        if (view.isEmpty()) {
            return true;
        }
        try {
            slack.openView(click.triggerId(), view.get());
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not open the fix form for " + finding.get() + ": "
                    + e.getMessage());
            return true;
        }
    }

    @Override
    public void perform(WorkItem item) {
        if (!(item instanceof WorkItem.Press p) || p.click().button() != BotButton.PROPOSE_FIX) {
            otherwise.perform(item);
            return;
        }
        Optional<FindingKey> finding = finding(p.click().value());
        String answer;
        if (finding.isEmpty()) {
            answer = ":x: " + SlackText.code(p.click().value()) + " is not a finding key (target/node/check).";
        } else if (FixModal.parametersFor(finding.get().checkId()).isEmpty()) {
            answer = ":information_source: No setting Ghostwatch may change fixes "
                    + SlackText.code(finding.get().checkId()) + "; the digest's thread explains the fix.";
        } else {
            answer = ":x: The form could not be opened; propose it with "
                    + SlackText.code(FixModal.command(finding.get(), policy)) + " instead.";
        }
        replies.ephemeral(p.requester(), answer);
    }

    private static Optional<FindingKey> finding(String value) {
        try {
            return Optional.of(FindingKey.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
