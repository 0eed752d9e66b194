package io.ghostwatch.bot.work;

import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.core.change.Change;
import io.ghostwatch.core.change.ChangeAction;
import io.ghostwatch.core.change.ChangeId;
import io.ghostwatch.core.change.ChangeReason;
import io.ghostwatch.core.change.ChangeState;
import io.ghostwatch.core.change.ChangeStore;
import io.ghostwatch.core.change.ChangeWorkflow;
import io.ghostwatch.core.change.ChangeWorkflow.Click;
import io.ghostwatch.core.change.ChangeWorkflow.Proposal;
import io.ghostwatch.core.change.Transition;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.slack.SlackText;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The remediation commands and buttons: {@code fix}, {@code kill-idle} and {@code rollback} propose through the
 * {@link ChangeWorkflow}; Approve and Reject decide; an approval is applied right after, on the same worker;
 * {@code changes} lists who did what. Everything else goes to {@code otherwise}. Every answer goes only to the one
 * who asked (ephemeral, through the request's response URL); the approvals channel sees the request itself.
 * <p>
 * The workflow and the store are asked for when work is performed, never when a press is acknowledged, so they may be
 * built on first use: a bot that only acknowledges and queues never builds them.
 */
public final class ChangeBotActions implements BotActions, AutoCloseable {

    /** How many changes {@code changes} lists. */
    static final int LISTED = 10;

    private final Supplier<ChangeWorkflow> workflow;
    private final Supplier<ChangeStore> store;
    private final ResponseUrlReplies replies;
    private final BotActions otherwise;
    private final List<AutoCloseable> resources;

    /**
     * @param workflow  gives the change workflow, asked for on each item performed
     * @param store     gives the change store the workflow uses, asked for on each item performed
     * @param resources closed with this (the stores and clients the workflow and {@code otherwise} use)
     */
    public ChangeBotActions(Supplier<ChangeWorkflow> workflow, Supplier<ChangeStore> store, ResponseUrlReplies replies,
                            BotActions otherwise, List<AutoCloseable> resources) {
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.store = Objects.requireNonNull(store, "store");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
        this.resources = List.copyOf(resources);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // an unchecked failure names itself (a Lazy names what it was closing); a checked one is named here
                RuntimeException failure = e instanceof RuntimeException unchecked ? unchecked
                        : new IllegalStateException("closing " + r + " failed: " + e.getMessage(), e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Approve and Reject are decided on the worker (a Slack group lookup may be needed): queue them. */
    @Override
    public boolean pressed(ButtonClick click) {
        return switch (click.button()) {
            case APPROVE, REJECT -> true;
            case PROPOSE_FIX -> otherwise.pressed(click);
        };
    }

    @Override
    public void perform(WorkItem item) {
        switch (item) {
            case WorkItem.Command c -> command(c);
            case WorkItem.Press p -> press(p);
        }
    }

    private void command(WorkItem.Command c) {
        String user = c.requester().userId();
        ChangeReason why = ChangeReason.because("asked for with /ghostwatch " + c.command().text());
        switch (c.command()) {
            case BotCommand.Fix f -> proposed(c, workflow.get().propose(f.target(),
                    new ChangeAction.SetParameters(values(f.changes())), why, user));
            case BotCommand.KillIdle k -> proposed(c, workflow.get().propose(k.target(),
                    new ChangeAction.KillIdle(k.idleSeconds()), why, user));
            case BotCommand.Rollback r -> {
                Optional<ChangeId> id = changeId(r.changeId());
                if (id.isEmpty()) {
                    replies.ephemeral(c.requester(), ":x: " + SlackText.code(r.changeId()) + " is not a change ID (they"
                            + " look like " + SlackText.code(ChangeId.PREFIX + "0123456789") + "; `changes` lists them)");
                } else {
                    proposed(c, workflow.get().proposeRollback(id.get(), user));
                }
            }
            case BotCommand.Changes x -> replies.ephemeral(c.requester(),
                    list(store.get().recent(Optional.empty(), LISTED)));
            case BotCommand.TargetChanges t -> replies.ephemeral(c.requester(),
                    list(store.get().recent(Optional.of(t.target()), LISTED)));
            default -> otherwise.perform(c);
        }
    }

    private void proposed(WorkItem.Command c, Proposal proposal) {
        switch (proposal) {
            case Proposal.Created created -> {
                Change change = created.change();
                replies.ephemeral(c.requester(), ":hourglass: Proposed " + SlackText.code(change.id().value()) + ": "
                        + SlackText.escape(change.action().describe()) + " on *" + SlackText.escape(change.target())
                        + "* (" + SlackText.escape(change.scope().describe()) + "). A second, authorised engineer must"
                        + " approve it"
                        + " before " + change.expiresAt() + ".");
            }
            case Proposal.Refused refused -> replies.ephemeral(c.requester(), ":x: Not proposed: "
                    + SlackText.escape(refused.why()));
        }
    }

    private void press(WorkItem.Press p) {
        ButtonClick click = p.click();
        if (click.button() == BotButton.PROPOSE_FIX) {
            otherwise.perform(p);
            return;
        }
        Optional<ChangeId> parsed = changeId(click.value());
        if (parsed.isEmpty()) {
            replies.ephemeral(click.requester(), ":x: " + SlackText.code(click.value()) + " is not a change ID: nothing"
                    + " was decided.");
            return;
        }
        ChangeId id = parsed.get();
        String user = click.requester().userId();
        ChangeWorkflow workflow = this.workflow.get();
        Click outcome = click.button() == BotButton.APPROVE ? workflow.approve(id, user) : workflow.reject(id, user);
        switch (outcome) {
            case Click.Moved m when m.change().state() == ChangeState.APPROVED -> {
                replies.ephemeral(click.requester(), ":white_check_mark: Approved " + SlackText.code(id.value())
                        + "; applying now.");
                Change done = workflow.apply(id);
                replies.ephemeral(click.requester(), state(done));
            }
            case Click.Moved m -> replies.ephemeral(click.requester(), state(m.change()));
            case Click.Refused r -> replies.ephemeral(click.requester(), ":no_entry: Not done: "
                    + SlackText.escape(r.why()) + ". The request stays open for someone who may decide it.");
            case Click.AlreadyDecided d -> replies.ephemeral(click.requester(), ":information_source: Nothing done: "
                    + state(d.current()));
            case Click.Unknown u -> replies.ephemeral(click.requester(), ":x: There is no change "
                    + SlackText.code(u.id().value()) + ".");
        }
    }

    /** Where a change stands, and who moved it there. */
    static String state(Change change) {
        Optional<Transition> last = change.lastTransition();
        return SlackText.code(change.id().value()) + " is *" + change.state() + "*" + last.map(t -> " (by "
                + SlackText.escape(t.actor()) + " at " + t.at() + ": " + SlackText.escape(t.note()) + ")").orElse("")
                + ".";
    }

    private static String list(List<Change> changes) {
        if (changes.isEmpty()) {
            return "No changes recorded.";
        }
        return changes.stream().map(c -> "\u2022 " + SlackText.code(c.id().value()) + " " + c.createdAt() + " *"
                + SlackText.escape(c.target()) + "* " + SlackText.escape(c.action().describe()) + ": *" + c.state()
                + "*; asked by " + SlackText.escape(c.requester()) + c.history().stream().map(t -> ", " + t.to()
                + " by " + SlackText.escape(t.actor()) + " at " + t.at()).collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }

    private static Map<TunableParameter, Long> values(List<ParameterChange> changes) {
        Map<TunableParameter, Long> values = new EnumMap<>(TunableParameter.class);
        changes.forEach(c -> values.put(c.parameter(), c.value()));
        return values;
    }

    private static Optional<ChangeId> changeId(String text) {
        try {
            return Optional.of(ChangeId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
