package io.ghostwatch.core.change;

import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.slack.SlackPoster;
import java.util.List;
import java.util.Objects;

/**
 * Tells the approvals channel: posts the request, then on every move updates it in place ({@code chat.update}) and
 * adds a line to its thread, so the channel shows the state and the thread the history.
 */
public final class SlackChangeNotifier implements ChangeNotifier {

    private final SlackPoster slack;
    private final String approvalsChannel;

    public SlackChangeNotifier(SlackPoster slack, String approvalsChannel) {
        this.slack = Objects.requireNonNull(slack, "slack");
        this.approvalsChannel = Objects.requireNonNull(approvalsChannel, "approvalsChannel");
    }

    @Override
    public PostedMessage requestApproval(Change change, List<String> preview) {
        return slack.postMessage(approvalsChannel, null, ApprovalMessage.of(change, preview));
    }

    @Override
    public void changed(Change change) {
        PostedMessage at = change.approvalMessage();
        if (at == null) {
            return;
        }
        slack.updateMessage(at.channel(), at.ts(), ApprovalMessage.of(change, List.of()));
        slack.postMessage(at.channel(), at.ts(), ApprovalMessage.threadLine(change));
    }
}
