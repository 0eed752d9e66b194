package io.ghostwatch.core.change;

import io.ghostwatch.core.slack.PostedMessage;
import java.util.List;

/** Tells people about a change: the approval request, then every move it makes (in Slack: {@code SlackChangeNotifier}). */
public interface ChangeNotifier {

    /**
     * Posts the request for approval: target, every node, current and proposed values, why, who asks, until when;
     * Approve and Reject buttons.
     *
     * @param preview extra lines read while proposing (for kill-idle: how many connections are idle, from where)
     * @return where the request was posted, to update it as the change moves
     */
    PostedMessage requestApproval(Change change, List<String> preview);

    /** The change moved: update its request to show the new state, with details in its thread. */
    void changed(Change change);
}
