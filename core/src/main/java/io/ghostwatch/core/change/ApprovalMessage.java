package io.ghostwatch.core.change;

import com.slack.api.model.block.LayoutBlock;
import io.ghostwatch.core.fix.NodeOutcome;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.slack.Blocks;
import io.ghostwatch.core.slack.SlackMessage;
import io.ghostwatch.core.slack.SlackText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The approval request for a change as Block Kit, in every state: what it does, to which target and every node
 * (current values read fresh, proposed values), why, who asked, until when; Approve/Reject buttons while it is
 * PROPOSED; afterwards who decided, and the verified before/after values or what went wrong. Everything that came
 * from a config file, a server or a user is escaped ({@link SlackText}): nothing in it can mention anyone.
 */
public final class ApprovalMessage {

    public static final String APPROVE_ACTION_ID = "ghostwatch_approve";
    public static final String REJECT_ACTION_ID = "ghostwatch_reject";
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{8,20}");

    private ApprovalMessage() {
    }

    /** The request as it should read now. */
    public static SlackMessage of(Change change, List<String> preview) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(Blocks.header(headline(change)));
        blocks.add(Blocks.section("*" + SlackText.escape(change.action().describe()) + "* on *"
                + SlackText.escape(change.target()) + "*\n" + reason(change.reason())));
        blocks.add(Blocks.section(nodes(change)));
        preview.forEach(line -> blocks.add(Blocks.section(SlackText.escape(line))));
        blocks.add(Blocks.context("Change `" + change.id().value() + "` \u00b7 requested by " + user(change.requester())
                + " \u00b7 " + (change.state() == ChangeState.PROPOSED ? "approvable until " : "was approvable until ")
                + change.expiresAt() + " \u00b7 needs a second, authorised engineer"));
        if (change.state() == ChangeState.PROPOSED) {
            blocks.add(Blocks.actions(List.of(
                    Blocks.button("Approve", APPROVE_ACTION_ID, change.id().value(), "primary"),
                    Blocks.button("Reject", REJECT_ACTION_ID, change.id().value(), "danger"))));
        } else {
            blocks.add(Blocks.section(status(change)));
        }
        String text = headline(change) + ": " + change.action().describe() + " on " + change.target();
        return new SlackMessage(SlackText.escape(text), blocks, null);
    }

    /** One line for the request's thread: the move just made. */
    public static SlackMessage threadLine(Change change) {
        Transition t = change.lastTransition().orElseThrow();
        String line = t.from() + " \u2192 *" + t.to() + "* by " + user(t.actor()) + " at " + t.at() + ": "
                + SlackText.escape(t.note());
        return new SlackMessage(SlackText.escape(t.from() + " -> " + t.to()), List.of(Blocks.section(line)), null);
    }

    private static String headline(Change change) {
        return switch (change.state()) {
            case PROPOSED -> "Approval needed";
            case APPROVED -> "Approved, applying soon";
            case APPLYING -> "Applying";
            case APPLIED -> "Applied and verified";
            case FAILED -> "Failed";
            case ROLLED_BACK -> "Failed and rolled back";
            case REJECTED -> "Rejected";
            case EXPIRED -> "Expired";
        };
    }

    private static String reason(ChangeReason reason) {
        List<String> parts = new ArrayList<>();
        if (!reason.findings().isEmpty()) {
            parts.add("Findings: " + reason.findings().stream().map(k -> "`" + SlackText.escape(k.value()) + "`")
                    .collect(Collectors.joining(", ")));
        }
        if (reason.text() != null && !reason.text().isBlank()) {
            parts.add("Why: " + SlackText.escape(reason.text()));
        }
        return String.join("\n", parts);
    }

    private static String nodes(Change change) {
        StringBuilder s = new StringBuilder("*Nodes* (" + change.nodes().size() + ")");
        Map<TunableParameter, Long> proposed = switch (change.action()) {
            case ChangeAction.SetParameters set -> set.values();
            case ChangeAction.Rollback r -> r.restore();
            case ChangeAction.KillIdle k -> Map.of();
        };
        for (HostPort node : change.nodes()) {
            s.append("\n\u2022 `").append(SlackText.escape(node.toString())).append('`');
            Map<TunableParameter, Long> before = change.before().getOrDefault(node, Map.of());
            if (!proposed.isEmpty()) {
                s.append(": ").append(proposed.entrySet().stream().map(e -> e.getKey().redisName() + " "
                        + before.get(e.getKey()) + " \u2192 " + e.getValue()).collect(Collectors.joining(", ")));
            }
        }
        return s.toString();
    }

    private static String status(Change change) {
        StringBuilder s = new StringBuilder();
        change.movedTo(ChangeState.APPROVED).ifPresent(t -> s.append("Approved by ").append(user(t.actor()))
                .append(" at ").append(t.at()).append('\n'));
        Transition last = change.lastTransition().orElseThrow();
        if (last.to() != ChangeState.APPROVED) {
            s.append("*").append(last.to()).append("* by ").append(user(last.actor())).append(" at ").append(last.at())
                    .append(": ").append(SlackText.escape(last.note()));
        }
        if (change.result() != null) {
            s.append(switch (change.result()) {
                case ChangeOutcome.Applied a -> "\n" + verified(a.nodes());
                case ChangeOutcome.RolledBack r -> "\nRestored: " + verified(r.restored());
                case ChangeOutcome.IdleKilled k -> "\nClosed: " + k.killedPerAddress().entrySet().stream()
                        .map(e -> e.getValue() + " from `" + SlackText.escape(e.getKey()) + "`")
                        .collect(Collectors.joining(", "));
                case ChangeOutcome.Failed f -> f.leftChanged().isEmpty() ? ""
                        : "\n*May still hold the new values:* " + f.leftChanged();
            });
        }
        return s.toString();
    }

    private static String verified(List<NodeOutcome> nodes) {
        return nodes.stream().map(n -> "`" + SlackText.escape(n.node().toString()) + "` " + n.before().entrySet().stream()
                .map(e -> e.getKey().redisName() + " " + e.getValue() + " \u2192 " + n.verified().get(e.getKey()))
                .collect(Collectors.joining(", ")) + " (verified; " + switch (n.persistence()) {
                    case NodeOutcome.Persistence.Persisted p -> "written to " + SlackText.escape(p.configFile());
                    case NodeOutcome.Persistence.NotPersisted np -> SlackText.escape(np.reason());
                } + ")").collect(Collectors.joining("\n"));
    }

    /** A user mention only for a well-formed user ID; Ghostwatch itself by name. */
    private static String user(String id) {
        return USER_ID.matcher(id).matches() ? "<@" + id + ">" : SlackText.escape(id);
    }
}
