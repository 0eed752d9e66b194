package io.ghostwatch.core.change;

import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.elasticache.ParameterGroupChangeEngine;
import io.ghostwatch.core.elasticache.ParameterGroupPlan;
import io.ghostwatch.core.fix.ChangePlan;
import io.ghostwatch.core.fix.ChangeRefusedException;
import io.ghostwatch.core.fix.ConfigChangeEngine;
import io.ghostwatch.core.fix.IdleClientKiller;
import io.ghostwatch.core.fix.IdleKillResult;
import io.ghostwatch.core.fix.NodeChange;
import io.ghostwatch.core.fix.NodeIdleKill;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.slack.PostedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A remediation from proposal to verified result: propose (values read fresh, request posted for approval),
 * approve or reject (the {@link ApprovalRules}; one winner however many clicks), apply (once: the move to APPLYING is
 * conditional; values read again and refused as stale when they no longer match what was approved; then the fix
 * engine sets, persists, verifies and rolls back), and roll back (a new change restoring what an applied one
 * replaced, approved the same way). Every move is a conditional write in the {@link ChangeStore}; the approval
 * message follows each move through the {@link ChangeNotifier}.
 *
 * <p>Double clicks, Slack retries and Lambda retries all end in a lost conditional write or a state that no longer
 * allows the move: they are answered with the change as it stands, and nothing runs twice.
 */
public final class ChangeWorkflow {

    /** What a proposal came to. */
    public sealed interface Proposal {
        record Created(Change change) implements Proposal {
        }

        /** Nothing was stored or posted. */
        record Refused(String why) implements Proposal {
        }
    }

    /** What a click on Approve or Reject came to. */
    public sealed interface Click {
        /** The click moved the change (to APPROVED: the caller hands {@link #apply} to the worker). */
        record Moved(Change change) implements Click {
        }

        /** The rules refused this clicker; the request stays open for someone else. */
        record Refused(Change change, String why) implements Click {
        }

        /** Someone (or an earlier delivery of this click) decided it already: nothing happened. */
        record AlreadyDecided(Change current) implements Click {
        }

        record Unknown(ChangeId id) implements Click {
        }
    }

    private static final String NOT_CONFIGURED = "approvals are not configured: set slack.approvalsChannel and"
            + " slack.approvers (or slack.approverGroup) in the config";

    private final GhostwatchConfig config;
    private final ChangeStore store;
    private final ConfigChangeEngine engine;
    private final ParameterGroupChangeEngine groups;
    private final IdleClientKiller killer;
    private final ApprovalRules rules;
    private final Approvers approvers;
    private final ChangeNotifier notifier;
    private final Clock clock;
    private final Consumer<String> warnings;

    /**
     * @param engine    changes self-hosted targets (CONFIG SET)
     * @param groups    changes ElastiCache caches (parameter groups)
     * @param approvers who may approve; null when the config has no approvals section (then nothing is proposed)
     */
    public ChangeWorkflow(GhostwatchConfig config, ChangeStore store, ConfigChangeEngine engine,
                          ParameterGroupChangeEngine groups, IdleClientKiller killer, Approvers approvers,
                          ChangeNotifier notifier, Clock clock, Consumer<String> warnings) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.killer = Objects.requireNonNull(killer, "killer");
        this.approvers = approvers;
        this.rules = approvers == null ? null : new ApprovalRules(approvers);
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    // ---- propose ---------------------------------------------------------------------------------------------------

    /** Reads the target fresh, stores the proposal and posts the approval request. */
    public Proposal propose(String targetName, ChangeAction action, ChangeReason reason, String requester) {
        SlackConfig.Approvals approvals = config.slack() == null ? null : config.slack().approvals();
        if (approvals == null) {
            return new Proposal.Refused(NOT_CONFIGURED);
        }
        ChangeScope scope;
        List<String> preview = new ArrayList<>();
        try {
            if (CacheName.looksLike(targetName)) {
                Optional<ChangeScope> planned = planElastiCache(targetName, action);
                if (planned.isEmpty()) {
                    return new Proposal.Refused(targetName + " already has " + action.describe().replaceFirst("^set ", "")
                            + ": nothing to change");
                }
                scope = planned.get();
            } else {
                Optional<TargetSpec> target = target(targetName);
                if (target.isEmpty()) {
                    return new Proposal.Refused("unknown target '" + targetName + "' (known: " + knownTargets()
                            + (config.elasticache() != null ? "; ElastiCache caches as " + CacheName.VALID_FORM : "")
                            + ")");
                }
                Optional<ChangeScope> planned = planNodes(target.get(), action, preview);
                if (planned.isEmpty()) {
                    return new Proposal.Refused(preview.getFirst());
                }
                scope = planned.get();
            }
        } catch (ChangeRefusedException | IllegalArgumentException e) {
            return new Proposal.Refused(e.getMessage());
        }
        return proposeScoped(targetName, action, scope, preview, reason, requester, approvals);
    }

    /** The nodes of a self-hosted target with their values now, or empty with why in {@code preview}. */
    private Optional<ChangeScope> planNodes(TargetSpec target, ChangeAction action, List<String> preview)
            throws ChangeRefusedException {
        switch (action) {
            case ChangeAction.SetParameters set -> {
                ChangePlan plan = engine.plan(target, parameterChanges(set.values()));
                if (plan.noOp()) {
                    preview.add(target.name() + " already has " + set.describe() + " on every node: nothing to change");
                    return Optional.empty();
                }
                return Optional.of(scopeOf(plan));
            }
            case ChangeAction.Rollback r -> {
                return Optional.of(scopeOf(engine.planRestore(target, restoring(r.restore()))));
            }
            case ChangeAction.KillIdle k -> {
                IdleKillResult dryRun = killer.plan(target, k.idleSeconds());
                if (!dryRun.failedNodes().isEmpty()) {
                    preview.add("cannot read every node of " + target.name() + ": " + dryRun.failedNodes().stream()
                            .map(n -> n.node() + " (" + n.error() + ")").collect(Collectors.joining(", ")));
                    return Optional.empty();
                }
                if (dryRun.killed() == 0) {
                    preview.add("no connection on " + target.name() + " has been idle for " + k.idleSeconds()
                            + " s or more right now: nothing to close");
                    return Optional.empty();
                }
                preview.add("Right now " + dryRun.killed() + " connection(s) are idle >= " + k.idleSeconds() + " s: "
                        + byAddress(dryRun.killedByAddress()));
                return Optional.of(new ChangeScope.Nodes(dryRun.nodes().stream().map(NodeIdleKill::node).toList(),
                        Map.of()));
            }
        }
    }

    private static ChangeScope.Nodes scopeOf(ChangePlan plan) {
        Map<HostPort, Map<TunableParameter, Long>> before = new LinkedHashMap<>();
        plan.nodes().forEach(n -> before.put(n.node(), n.before()));
        return new ChangeScope.Nodes(plan.nodes().stream().map(NodeChange::node).toList(), before);
    }

    /** An ElastiCache cache's parameter-group plan, or empty when it already has the values. */
    private Optional<ChangeScope> planElastiCache(String targetName, ChangeAction action) throws ChangeRefusedException {
        CacheName name = CacheName.parse(targetName).orElseThrow(() -> new ChangeRefusedException("'" + targetName
                + "' is not an ElastiCache cache name (" + CacheName.VALID_FORM + ")"));
        return switch (action) {
            case ChangeAction.SetParameters set -> {
                ParameterGroupPlan plan = groups.plan(name, parameterChanges(set.values()));
                yield plan.noOp() ? Optional.empty() : Optional.of(new ChangeScope.ParameterGroup(plan));
            }
            case ChangeAction.KillIdle k -> throw new ChangeRefusedException("kill-idle is not available for"
                    + " ElastiCache caches: set timeout in the parameter group (fix " + targetName + " timeout=<s>),"
                    + " which closes the idle connections");
            case ChangeAction.Rollback r -> throw new ChangeRefusedException("use rollback <change-id> to undo a change");
        };
    }

    private Proposal proposeScoped(String targetName, ChangeAction action, ChangeScope scope, List<String> preview,
                                   ChangeReason reason, String requester, SlackConfig.Approvals approvals) {
        Instant now = clock.instant();
        Change change = Change.propose(targetName, action, scope, reason, requester, now,
                now.plus(Duration.ofMinutes(approvals.ttlMinutes())));
        store.create(change);
        PostedMessage message;
        try {
            message = notifier.requestApproval(change, preview);
        } catch (RuntimeException e) {
            store.transition(change.id(), change.version(), ChangeState.REJECTED, Transition.GHOSTWATCH, clock.instant(),
                    "the approval request could not be posted: " + e.getMessage());
            return new Proposal.Refused("could not post the approval request to " + approvals.channel() + ": "
                    + e.getMessage());
        }
        return new Proposal.Created(store.setApprovalMessage(change.id(), message));
    }

    /** Proposes restoring the values an applied change replaced (the same on every node it touched). */
    public Proposal proposeRollback(ChangeId of, String requester) {
        Optional<Change> found = store.find(of);
        if (found.isEmpty()) {
            return new Proposal.Refused("no change " + of + " (`changes` lists recent ones)");
        }
        Change applied = found.get();
        if (applied.state() != ChangeState.APPLIED) {
            return new Proposal.Refused(of + " is " + applied.state() + ": only an APPLIED change can be rolled back");
        }
        if (applied.action() instanceof ChangeAction.KillIdle) {
            return new Proposal.Refused(of + " closed idle connections: closed connections cannot be reopened");
        }
        ChangeReason why = ChangeReason.because("roll back " + of + " (" + applied.action().describe() + ")");
        return switch (applied.scope()) {
            case ChangeScope.Nodes n -> {
                List<Map<TunableParameter, Long>> distinct = n.before().values().stream().distinct().toList();
                if (distinct.size() != 1) {
                    yield new Proposal.Refused(of + " replaced different values on different nodes (" + n.before()
                            + "): propose `fix` per value instead");
                }
                yield propose(applied.target(), new ChangeAction.Rollback(of, distinct.getFirst()), why, requester);
            }
            case ChangeScope.ParameterGroup g -> {
                SlackConfig.Approvals approvals = config.slack() == null ? null : config.slack().approvals();
                if (approvals == null) {
                    yield new Proposal.Refused(NOT_CONFIGURED);
                }
                try {
                    ParameterGroupPlan undo = groups.planRollback(g.plan());
                    yield proposeScoped(applied.target(), new ChangeAction.Rollback(of, undo.after()),
                            new ChangeScope.ParameterGroup(undo), List.of(), why, requester, approvals);
                } catch (ChangeRefusedException e) {
                    yield new Proposal.Refused(e.getMessage());
                }
            }
        };
    }

    // ---- approve / reject ------------------------------------------------------------------------------------------

    public Click approve(ChangeId id, String clicker) {
        Instant now = clock.instant();
        Optional<Change> found = store.find(id);
        Optional<Click> closed = closed(id, found, now);
        if (closed.isPresent()) {
            return closed.get();
        }
        Change change = found.get();
        if (rules == null) {
            return new Click.Refused(change, NOT_CONFIGURED);
        }
        return switch (rules.approve(change.requester(), clicker, change.expiresAt(), now)) {
            case ApprovalRules.Decision.Refused r -> new Click.Refused(change, r.why());
            case ApprovalRules.Decision.Allowed a -> moved(store.transition(id, change.version(), ChangeState.APPROVED,
                    clicker, now, "approved (" + a.basis() + ")"));
        };
    }

    /** The requester may withdraw a proposal; an approver may reject it; nobody else. */
    public Click reject(ChangeId id, String clicker) {
        Instant now = clock.instant();
        Optional<Change> found = store.find(id);
        Optional<Click> closed = closed(id, found, now);
        if (closed.isPresent()) {
            return closed.get();
        }
        Change change = found.get();
        String note;
        if (approvers == null) {
            return new Click.Refused(change, NOT_CONFIGURED);
        }
        if (clicker.equals(change.requester())) {
            note = "withdrawn by the requester";
        } else if (approvers.of(clicker) instanceof Approvers.Membership.Approver a) {
            note = "rejected (" + a.basis() + ")";
        } else {
            return new Click.Refused(change, "only the requester or " + approvers.describe() + " may reject changes");
        }
        return moved(store.transition(id, change.version(), ChangeState.REJECTED, clicker, now, note));
    }

    /** The answer to a click on a change that is no longer open for a decision (expiring it if due); else empty. */
    private Optional<Click> closed(ChangeId id, Optional<Change> found, Instant now) {
        if (found.isEmpty()) {
            return Optional.of(new Click.Unknown(id));
        }
        Change change = found.get();
        if (change.state() != ChangeState.PROPOSED) {
            return Optional.of(new Click.AlreadyDecided(change));
        }
        return now.isBefore(change.expiresAt()) ? Optional.empty() : Optional.of(expire(change, now));
    }

    private Click expire(Change change, Instant now) {
        return moved(store.transition(change.id(), change.version(), ChangeState.EXPIRED, Transition.GHOSTWATCH, now,
                "not approved within the approval window"));
    }

    private Click moved(TransitionOutcome outcome) {
        return switch (outcome) {
            case TransitionOutcome.Done d -> {
                notifyQuietly(d.change());
                yield new Click.Moved(d.change());
            }
            case TransitionOutcome.Conflict c -> new Click.AlreadyDecided(c.current());
            case TransitionOutcome.Missing m -> new Click.Unknown(m.id());
        };
    }

    // ---- apply -----------------------------------------------------------------------------------------------------

    /**
     * Applies an approved change, at most once: only the caller that moves it from APPROVED to APPLYING goes on;
     * every other call (a retry, a second worker) gets the change as it stands.
     */
    public Change apply(ChangeId id) {
        Change approved = store.find(id).orElseThrow(() -> new IllegalArgumentException("no change " + id));
        if (approved.state() != ChangeState.APPROVED) {
            return approved;
        }
        Change applying;
        switch (store.transition(id, approved.version(), ChangeState.APPLYING, Transition.GHOSTWATCH, clock.instant(),
                "applying")) {
            case TransitionOutcome.Done d -> applying = d.change();
            case TransitionOutcome.Conflict c -> {
                return c.current();
            }
            case TransitionOutcome.Missing m -> throw new IllegalArgumentException("no change " + m.id());
        }
        notifyQuietly(applying);
        ChangeOutcome outcome;
        try {
            outcome = run(applying);
        } catch (RuntimeException e) {
            outcome = new ChangeOutcome.Failed("unexpected error while applying: " + e, List.of());
        }
        Change done = switch (store.transition(id, applying.version(), outcome.state(), Transition.GHOSTWATCH,
                clock.instant(), summary(outcome), outcome)) {
            case TransitionOutcome.Done d -> d.change();
            case TransitionOutcome.Conflict c -> c.current();
            case TransitionOutcome.Missing m -> throw new IllegalStateException("change " + m.id() + " vanished while"
                    + " being applied");
        };
        notifyQuietly(done);
        return done;
    }

    private ChangeOutcome run(Change change) {
        if (change.scope() instanceof ChangeScope.ParameterGroup g) {
            return ChangeOutcome.of(groups.apply(g.plan()));
        }
        Optional<TargetSpec> target = target(change.target());
        if (target.isEmpty()) {
            return new ChangeOutcome.Failed("target " + change.target() + " is no longer in the config; nothing was"
                    + " changed", List.of());
        }
        return switch (change.action()) {
            case ChangeAction.SetParameters set -> setParameters(change, target.get(), parameterChanges(set.values()),
                    false);
            case ChangeAction.Rollback r -> setParameters(change, target.get(), restoring(r.restore()), true);
            case ChangeAction.KillIdle k -> killIdle(target.get(), k.idleSeconds());
        };
    }

    private ChangeOutcome setParameters(Change change, TargetSpec target, List<ParameterChange> changes,
                                        boolean restore) {
        ChangePlan plan;
        try {
            plan = restore ? engine.planRestore(target, changes) : engine.plan(target, changes);
        } catch (ChangeRefusedException e) {
            return new ChangeOutcome.Failed("could not read the target again before applying (" + e.getMessage()
                    + "); nothing was changed", List.of());
        }
        Optional<String> stale = staleness(change, plan);
        if (stale.isPresent()) {
            return new ChangeOutcome.Failed("stale: " + stale.get() + " since it was approved; nothing was changed."
                    + " Propose it again to approve the values as they are now", List.of());
        }
        return ChangeOutcome.of(engine.apply(plan));
    }

    /** Why the target no longer matches what was approved: other nodes, or other current values. */
    static Optional<String> staleness(Change change, ChangePlan plan) {
        if (!(change.scope() instanceof ChangeScope.Nodes scope)) {
            return Optional.of("the change was approved for " + change.scope().describe() + ", not for nodes");
        }
        List<HostPort> now = plan.nodes().stream().map(NodeChange::node).toList();
        if (!new java.util.HashSet<>(now).equals(new java.util.HashSet<>(scope.nodes()))) {
            return Optional.of("the nodes changed (approved for " + scope.nodes() + ", now " + now + ")");
        }
        List<String> moved = new ArrayList<>();
        for (NodeChange n : plan.nodes()) {
            Map<TunableParameter, Long> approvedFrom = scope.before().get(n.node());
            if (!n.before().equals(approvedFrom)) {
                moved.add(n.node() + " had " + render(approvedFrom) + ", now " + render(n.before()));
            }
        }
        return moved.isEmpty() ? Optional.empty() : Optional.of("the values changed (" + String.join("; ", moved) + ")");
    }

    private ChangeOutcome killIdle(TargetSpec target, long idleSeconds) {
        IdleKillResult result;
        try {
            result = killer.kill(target, idleSeconds);
        } catch (ChangeRefusedException e) {
            return new ChangeOutcome.Failed(e.getMessage() + "; nothing was closed", List.of());
        }
        Map<String, Long> killed = new TreeMap<>();
        result.killedByAddress().forEach((address, n) -> killed.put(address, n.longValue()));
        if (!result.complete()) {
            return new ChangeOutcome.Failed("closed " + result.killed() + " idle connection(s) " + byAddress(
                    result.killedByAddress()) + ", but " + result.failedNodes().stream()
                    .map(n -> n.node() + ": " + n.error()).collect(Collectors.joining("; ")), List.of());
        }
        return new ChangeOutcome.IdleKilled(killed);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private void notifyQuietly(Change change) {
        try {
            notifier.changed(change);
        } catch (RuntimeException e) {
            // the store is the record; a message that could not be updated is told in the logs, not fatal
            warnings.accept("could not update the approval message of " + change.id() + " (" + change.state()
                    + "): " + e.getMessage());
        }
    }

    private List<ParameterChange> parameterChanges(Map<TunableParameter, Long> values) {
        List<ParameterChange> changes = new ArrayList<>();
        new EnumMap<>(values).forEach((p, v) -> changes.add(ParameterChange.of(p, v, config.policy())));
        return changes;
    }

    private static List<ParameterChange> restoring(Map<TunableParameter, Long> values) {
        List<ParameterChange> changes = new ArrayList<>();
        new EnumMap<>(values).forEach((p, v) -> changes.add(ParameterChange.restoring(p, v)));
        return changes;
    }

    private Optional<TargetSpec> target(String name) {
        return config.targets().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private String knownTargets() {
        return config.targets().stream().map(TargetSpec::name).collect(Collectors.joining(", "));
    }

    static String summary(ChangeOutcome outcome) {
        return switch (outcome) {
            case ChangeOutcome.Applied a -> "applied and verified on " + a.nodes().size() + " node(s)";
            case ChangeOutcome.GroupApplied g -> "applied and verified in parameter group " + g.applied().group()
                    + " (reaches " + g.applied().affected().size() + " cache(s))";
            case ChangeOutcome.IdleKilled k -> "closed " + k.total() + " idle connection(s)";
            case ChangeOutcome.RolledBack r -> "failed on " + r.failedAt() + " (" + r.failure()
                    + "); what had changed was put back" + (r.note().isEmpty() ? "" : ": " + r.note());
            case ChangeOutcome.Failed f -> f.error();
        };
    }

    private static String byAddress(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> e.getValue() + " from " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static String render(Map<TunableParameter, Long> values) {
        if (values == null) {
            return "nothing";
        }
        return values.entrySet().stream().map(e -> e.getKey().redisName() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
