package io.ghostwatch.core.change;

import com.slack.api.model.block.LayoutBlock;
import io.ghostwatch.core.elasticache.ParameterGroupPlan;
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
        Map<TunableParameter, Long> proposed = switch (change.action()) {
            case ChangeAction.SetParameters set -> set.values();
            case ChangeAction.Rollback r -> r.restore();
            case ChangeAction.KillIdle k -> Map.of();
        };
        return switch (change.scope()) {
            case ChangeScope.Nodes n -> {
                StringBuilder s = new StringBuilder("*Nodes* (" + n.nodes().size() + ")");
                for (HostPort node : n.nodes()) {
                    s.append("\n\u2022 `").append(SlackText.escape(node.toString())).append('`');
                    Map<TunableParameter, Long> before = n.before().getOrDefault(node, Map.of());
                    if (!proposed.isEmpty()) {
                        s.append(": ").append(proposed.entrySet().stream().map(e -> e.getKey().redisName() + " "
                                + before.get(e.getKey()) + " \u2192 " + e.getValue()).collect(Collectors.joining(", ")));
                    }
                }
                yield s.toString();
            }
            case ChangeScope.ParameterGroup g -> parameterGroup(g.plan());
        };
    }

    /** The steps of an ElastiCache change, the values before and after, and who it reaches. */
    private static String parameterGroup(ParameterGroupPlan plan) {
        String values = plan.after().entrySet().stream().map(e -> e.getKey().redisName() + " "
                + plan.before().get(e.getKey()).value() + " (" + SlackText.escape(plan.before().get(e.getKey()).source())
                + ") \u2192 " + e.getValue() + " (" + SlackText.escape(String.valueOf(plan.changeTypes().get(e.getKey())))
                + ")").collect(Collectors.joining(", "));
        String cache = "`" + SlackText.escape(plan.cache().value()) + "`";
        return switch (plan) {
            case ParameterGroupPlan.ModifyGroup m -> "*Parameter group* `" + SlackText.escape(m.group()) + "` (custom, "
                    + SlackText.escape(m.family()) + "): " + values + "\n*Reaches " + m.affected().size()
                    + " cache(s)*, every one using this group: " + m.affected().stream()
                    .map(a -> "`" + SlackText.escape(a) + "`").collect(Collectors.joining(", "))
                    + (m.reset().isEmpty() ? "" : "\nPut back to the family default: " + m.reset().stream()
                    .map(p -> p.redisName()).collect(Collectors.joining(", ")));
            case ParameterGroupPlan.CreateAndAttach c -> cache + " runs with the default group `"
                    + SlackText.escape(c.currentGroup()) + "`, which cannot be modified. Steps:"
                    + "\n1. create parameter group `" + SlackText.escape(c.newGroup()) + "` in family "
                    + SlackText.escape(c.family()) + " (starts with the family's defaults)"
                    + "\n2. set " + values + (c.clusterMode() ? " and cluster-enabled yes (cluster mode)" : "")
                    + " in it\n3. attach it to " + cache + " now (" + (c.replicationGroup() ? "ModifyReplicationGroup"
                    : "ModifyCacheCluster") + ", ApplyImmediately); only this cache changes";
            case ParameterGroupPlan.Reattach r -> "Attach `" + SlackText.escape(r.previousGroup()) + "` to " + cache
                    + " again in place of `" + SlackText.escape(r.currentGroup()) + "`: " + values
                    + "\nThen delete `" + SlackText.escape(r.currentGroup()) + "` if no other cache uses it.";
        };
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
                case ChangeOutcome.GroupApplied g -> "\n`" + SlackText.escape(g.applied().group()) + "` "
                        + g.applied().before().entrySet().stream().map(e -> e.getKey().redisName() + " " + e.getValue()
                        + " \u2192 " + g.applied().verified().get(e.getKey())).collect(Collectors.joining(", "))
                        + " (verified by reading the group back). " + SlackText.escape(g.applied().note());
                case ChangeOutcome.RolledBack r -> "\nRestored: " + (r.restored().isEmpty() ? SlackText.escape(r.note())
                        : verified(r.restored()));
                case ChangeOutcome.IdleKilled k -> "\nClosed: " + k.killedPerAddress().entrySet().stream()
                        .map(e -> e.getValue() + " from `" + SlackText.escape(e.getKey()) + "`")
                        .collect(Collectors.joining(", "));
                case ChangeOutcome.Failed f -> f.leftChanged().isEmpty() ? ""
                        : "\n*May still hold the new values:* " + SlackText.escape(String.join(", ", f.leftChanged()));
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
