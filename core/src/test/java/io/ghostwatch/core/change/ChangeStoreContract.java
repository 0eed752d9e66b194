package io.ghostwatch.core.change;

import static io.ghostwatch.core.change.Changes.APPROVER;
import static io.ghostwatch.core.change.Changes.LAB;
import static io.ghostwatch.core.change.Changes.NODE_A;
import static io.ghostwatch.core.change.Changes.NODE_B;
import static io.ghostwatch.core.change.Changes.REQUESTER;
import static io.ghostwatch.core.change.Changes.T0;
import static io.ghostwatch.core.change.Changes.applied;
import static io.ghostwatch.core.change.Changes.minutes;
import static io.ghostwatch.core.change.Changes.proposed;
import static io.ghostwatch.core.change.Changes.timeoutAndKeepalive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.elasticache.ParameterGroupPlan;
import io.ghostwatch.core.elasticache.ParameterGroupResult;
import io.ghostwatch.core.elasticache.ParameterValue;
import io.ghostwatch.core.fix.NodeOutcome;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChangeStore} does, run against each implementation (FileChangeStoreTest on real files,
 * DynamoDbChangeStoreIT on DynamoDB Local), so local runs and AWS keep changes the same way. Subclasses give a fresh,
 * empty store; {@link #anotherStore()} is a second handle on the same state, as another process or Lambda invocation
 * would have.
 */
abstract class ChangeStoreContract {

    static final PostedMessage MESSAGE = new PostedMessage("C0GHOSTW1", "1795000000.000100");

    /** A new, empty store; called once per test. */
    protected abstract ChangeStore store();

    /** Another store object on the same state as the last {@link #store()}. */
    protected abstract ChangeStore anotherStore();

    private static Change done(TransitionOutcome outcome) {
        assertThat(outcome).isInstanceOf(TransitionOutcome.Done.class);
        return ((TransitionOutcome.Done) outcome).change();
    }

    // ---- round trips ----------------------------------------------------------------------------------------------

    @Test
    void aChangeWithEveryFieldReadsBackExactly() {
        ChangeStore store = store();
        String hostile = "<!channel> \"quoted\"\n{\"v\":2} line two \u202e клиент \u0000 & <b>";
        Change full = new Change(ChangeId.random(), "team/payments:cache-1",
                new ChangeAction.SetParameters(timeoutAndKeepalive(86400, 60)), new ChangeScope.Nodes(List.of(NODE_B, NODE_A),
                Map.of(NODE_A, timeoutAndKeepalive(0, 0), NODE_B, timeoutAndKeepalive(0, 300))),
                new ChangeReason(List.of(Changes.TIMEOUT_FINDING,
                        new FindingKey("team/payments:cache-1", NODE_B.toString(), "redis_tcp_keepalive_enabled")),
                        hostile),
                REQUESTER, T0.plusNanos(123_456_789), minutes(30), ChangeState.PROPOSED, 1, null, null, List.of())
                .withApprovalMessage(MESSAGE)
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(1), hostile)
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(2), "")
                .transitionTo(ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(3), "verified on 2 nodes",
                        new ChangeOutcome.Applied(List.of(applied(NODE_B, 300), new NodeOutcome(NODE_A,
                                timeoutAndKeepalive(0, 0), timeoutAndKeepalive(86400, 60),
                                new NodeOutcome.Persistence.NotPersisted("the server runs without a config file")))));
        store.create(full);

        assertThat(full.createdAt()).as("kept to the millisecond").isEqualTo(T0.plusMillis(123));
        assertThat(store.find(full.id())).contains(full);
        assertThat(anotherStore().find(full.id())).contains(full);
        assertThat(anotherStore().recent(Optional.of("team/payments:cache-1"), 5)).containsExactly(full);
    }

    @Test
    void everyKindOfActionAndResultReadsBack() {
        ChangeStore store = store();
        Change kill = Change.propose(LAB, new ChangeAction.KillIdle(7200), new ChangeScope.Nodes(List.of(NODE_A), Map.of()),
                        ChangeReason.because("3 000 ghosts from the old batch host"), REQUESTER, T0, minutes(30))
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(1), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(1), "")
                .transitionTo(ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(2), "",
                        new ChangeOutcome.IdleKilled(Map.of("10.0.9.1", 2990L, "10.0.9.2", 10L)));
        Change rollback = Change.propose(LAB, new ChangeAction.Rollback(kill.id(), Map.of(TunableParameter.TIMEOUT, 0L)),
                        new ChangeScope.Nodes(List.of(NODE_A, NODE_B), Map.of(NODE_A, Map.of(TunableParameter.TIMEOUT,
                                86400L), NODE_B, Map.of(TunableParameter.TIMEOUT, 86400L))),
                        ChangeReason.of(Changes.TIMEOUT_FINDING), REQUESTER, minutes(5), minutes(35))
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(6), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(6), "")
                .transitionTo(ChangeState.ROLLED_BACK, Transition.GHOSTWATCH, minutes(7), "node B refused",
                        new ChangeOutcome.RolledBack(NODE_B.toString(), "NOPERM this user has no permissions to run"
                                + " 'config'", List.of(new NodeOutcome(NODE_A, Map.of(TunableParameter.TIMEOUT, 0L),
                                        Map.of(TunableParameter.TIMEOUT, 86400L),
                                        new NodeOutcome.Persistence.Persisted("/etc/redis.conf"))), ""));
        Change failed = proposed(LAB, minutes(10))
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(11), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(11), "")
                .transitionTo(ChangeState.FAILED, Transition.GHOSTWATCH, minutes(12), "",
                        new ChangeOutcome.Failed("10.0.0.5:6379: connection reset; restoring failed too",
                                List.of(NODE_B.toString())));
        Change rejected = proposed(LAB, minutes(20)).transitionTo(ChangeState.REJECTED, APPROVER, minutes(21),
                "not during the sale");
        for (Change c : List.of(kill, rollback, failed, rejected)) {
            store.create(c);
        }
        for (Change c : List.of(kill, rollback, failed, rejected)) {
            assertThat(anotherStore().find(c.id())).contains(c);
        }
    }

    @Test
    void elastiCacheChangesOfEveryKindReadBack() {
        ChangeStore store = store();
        CacheName orders = CacheName.parse("prod/us-east-1/orders").orElseThrow();
        Map<TunableParameter, ParameterValue> defaults = Map.of(TunableParameter.TIMEOUT, new ParameterValue(0, "system"),
                TunableParameter.TCP_KEEPALIVE, new ParameterValue(300, "engine-default"));
        Map<TunableParameter, String> immediate = Map.of(TunableParameter.TIMEOUT, "immediate",
                TunableParameter.TCP_KEEPALIVE, "immediate");
        Map<TunableParameter, Long> fixed = timeoutAndKeepalive(86400, 60);
        ParameterGroupPlan modify = new ParameterGroupPlan.ModifyGroup(orders, "orders-params", "redis7", defaults,
                fixed, Set.of(), immediate, List.of("orders", "analytics", "sessions"));
        Change modified = Change.propose(orders.value(), new ChangeAction.SetParameters(fixed),
                        new ChangeScope.ParameterGroup(modify), ChangeReason.of(new FindingKey(orders.value(), "orders",
                                "elasticache_idle_timeout_enabled")), REQUESTER, T0, minutes(30))
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(1), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(1), "")
                .transitionTo(ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(2), "verified",
                        new ChangeOutcome.GroupApplied(new ParameterGroupResult.Applied("orders-params", false, null,
                                timeoutAndKeepalive(0, 300), fixed, immediate, modify.affected(),
                                "Every parameter is immediate.")));
        ParameterGroupPlan create = new ParameterGroupPlan.CreateAndAttach(orders, true, true,
                "default.redis7.cluster.on", "ghostwatch-orders-redis7", "redis7", defaults, fixed, immediate);
        Change created = Change.propose(orders.value(), new ChangeAction.SetParameters(fixed),
                        new ChangeScope.ParameterGroup(create), ChangeReason.because("ghosts"), REQUESTER, minutes(3),
                        minutes(33))
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(4), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(4), "")
                .transitionTo(ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(5), "",
                        new ChangeOutcome.GroupApplied(new ParameterGroupResult.Applied("ghostwatch-orders-redis7", true,
                                "default.redis7.cluster.on", timeoutAndKeepalive(0, 300), fixed, immediate,
                                List.of("orders"), "created and attached")));
        Map<TunableParameter, ParameterValue> nowFixed = Map.of(TunableParameter.TIMEOUT, new ParameterValue(86400,
                "user"), TunableParameter.TCP_KEEPALIVE, new ParameterValue(60, "user"));
        ParameterGroupPlan undo = new ParameterGroupPlan.Reattach(orders, true, "ghostwatch-orders-redis7",
                "default.redis7.cluster.on", nowFixed, timeoutAndKeepalive(0, 300), immediate);
        Change rolledBack = Change.propose(orders.value(), new ChangeAction.Rollback(created.id(),
                        timeoutAndKeepalive(0, 300)), new ChangeScope.ParameterGroup(undo),
                        ChangeReason.because("roll back"), REQUESTER, minutes(6), minutes(36))
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(7), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(7), "")
                .transitionTo(ChangeState.ROLLED_BACK, Transition.GHOSTWATCH, minutes(8), "",
                        new ChangeOutcome.RolledBack("orders", "verification failed", List.of(),
                                "orders runs with default.redis7.cluster.on again"));
        ParameterGroupPlan reset = new ParameterGroupPlan.ModifyGroup(orders, "orders-params", "redis7", nowFixed,
                timeoutAndKeepalive(0, 300), Set.of(TunableParameter.TIMEOUT, TunableParameter.TCP_KEEPALIVE),
                immediate, List.of("orders"));
        Change failed = Change.propose(orders.value(), new ChangeAction.Rollback(modified.id(),
                        timeoutAndKeepalive(0, 300)), new ChangeScope.ParameterGroup(reset),
                        ChangeReason.because("roll back"), REQUESTER, minutes(9), minutes(39))
                .transitionTo(ChangeState.APPROVED, APPROVER, minutes(10), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(10), "")
                .transitionTo(ChangeState.FAILED, Transition.GHOSTWATCH, minutes(11), "",
                        new ChangeOutcome.Failed("not allowed", List.of("parameter group orders-params")));
        for (Change c : List.of(modified, created, rolledBack, failed)) {
            store.create(c);
        }
        for (Change c : List.of(modified, created, rolledBack, failed)) {
            assertThat(anotherStore().find(c.id())).contains(c);
        }
        assertThat(anotherStore().recent(Optional.of(orders.value()), 10)).hasSize(4);
    }

    @Test
    void aChangeIsCreatedOnceAndNeverOverwritten() {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);
        Change approved = done(store.transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), ""));

        assertThatThrownBy(() -> anotherStore().create(c)).isInstanceOf(DuplicateChangeException.class)
                .hasMessageContaining(c.id().value()).hasMessageContaining("already exists");
        assertThat(store.find(c.id())).contains(approved);
    }

    @Test
    void anUnknownChangeIsNotFoundAndCannotMove() {
        ChangeStore store = store();
        ChangeId nobody = ChangeId.random();
        assertThat(store.find(nobody)).isEmpty();
        assertThat(store.transition(nobody, 1, ChangeState.APPROVED, APPROVER, minutes(1), ""))
                .isEqualTo(new TransitionOutcome.Missing(nobody));
        assertThatThrownBy(() -> store.setApprovalMessage(nobody, MESSAGE)).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("no change " + nobody);
        assertThat(store.find(nobody)).isEmpty();
    }

    // ---- moves ----------------------------------------------------------------------------------------------------

    @Test
    void anIllegalMoveIsRefusedNamingFromAndToAndWritesNothing() {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);

        assertThatThrownBy(() -> store.transition(c.id(), 1, ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(1), ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(c.id().value())
                .hasMessageContaining("cannot move from PROPOSED to APPLIED");
        assertThat(store.find(c.id())).contains(c);

        Change rejected = done(store.transition(c.id(), 1, ChangeState.REJECTED, APPROVER, minutes(1), "no"));
        assertThatThrownBy(() -> store.transition(c.id(), 2, ChangeState.APPROVED, "U0SOMEONE2", minutes(2), ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot move from REJECTED to APPROVED (REJECTED is final)");
        assertThat(store.find(c.id())).contains(rejected);
    }

    @Test
    void theRequesterCannotApproveTheirOwnChangeNorAnyoneAfterTheWindow() {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);

        assertThatThrownBy(() -> store.transition(c.id(), 1, ChangeState.APPROVED, REQUESTER, minutes(1), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("who proposed it");
        assertThatThrownBy(() -> store.transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(30), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("approval window closed at " + minutes(30));
        assertThatThrownBy(() -> store.transition(c.id(), 1, ChangeState.EXPIRED, Transition.GHOSTWATCH, minutes(29), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("open for approval until");
        assertThat(store.find(c.id())).contains(c);

        Change expired = done(store.transition(c.id(), 1, ChangeState.EXPIRED, Transition.GHOSTWATCH, minutes(30),
                "nobody approved it in 30 min"));
        assertThat(expired.state().isTerminal()).isTrue();
    }

    @Test
    void aStaleVersionGetsAConflictCarryingTheStoredChange() {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);
        Change approved = done(store.transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), "lgtm"));
        assertThat(approved.version()).isEqualTo(2);

        // a second approver who read version 1
        TransitionOutcome late = anotherStore().transition(c.id(), 1, ChangeState.APPROVED, "U0LATE0001", minutes(2), "");
        assertThat(late).isEqualTo(new TransitionOutcome.Conflict(approved));
        Change current = ((TransitionOutcome.Conflict) late).current();
        assertThat(current.movedTo(ChangeState.APPROVED)).hasValueSatisfying(t -> {
            assertThat(t.actor()).isEqualTo(APPROVER);
            assertThat(t.at()).isEqualTo(minutes(1));
        });
        // a stale version conflicts even where the move itself would be illegal now
        assertThat(store.transition(c.id(), 1, ChangeState.REJECTED, "U0LATE0001", minutes(2), ""))
                .isEqualTo(new TransitionOutcome.Conflict(approved));
        assertThat(store.find(c.id())).contains(approved);
    }

    @Test
    void twentyApproversRacingGiveExactlyOneApproval() throws Exception {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);
        int racers = 20;
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TransitionOutcome>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                String approver = String.format("U0RACER%03d", i);
                results.add(pool.submit(() -> {
                    ChangeStore mine = anotherStore();
                    ready.countDown();
                    start.await();
                    return mine.transition(c.id(), 1, ChangeState.APPROVED, approver, minutes(1), "race");
                }));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<TransitionOutcome> outcomes = new ArrayList<>();
            for (Future<TransitionOutcome> f : results) {
                outcomes.add(f.get(120, TimeUnit.SECONDS));
            }
            List<Change> won = outcomes.stream().filter(o -> o instanceof TransitionOutcome.Done)
                    .map(o -> ((TransitionOutcome.Done) o).change()).toList();
            assertThat(won).hasSize(1);
            Change winner = won.getFirst();
            String winnerId = winner.movedTo(ChangeState.APPROVED).orElseThrow().actor();
            assertThat(outcomes).filteredOn(o -> o instanceof TransitionOutcome.Conflict).hasSize(racers - 1)
                    .allSatisfy(o -> assertThat(((TransitionOutcome.Conflict) o).current()).isEqualTo(winner));
            assertThat(store.find(c.id())).contains(winner);
            assertThat(winner.version()).isEqualTo(2);
            assertThat(winner.history()).singleElement().satisfies(t -> assertThat(t.actor()).isEqualTo(winnerId));
        }
    }

    @Test
    void theHistoryRecordsWhoMovedItWhenAndWhy() {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);
        done(store.transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), "ok for lab"));
        done(anotherStore().transition(c.id(), 2, ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(2), ""));
        ChangeOutcome.Applied result = new ChangeOutcome.Applied(List.of(applied(NODE_A, 0), applied(NODE_B, 300)));
        Change finished = done(store.transition(c.id(), 3, ChangeState.APPLIED, Transition.GHOSTWATCH,
                minutes(3).plusMillis(7), "verified", result));

        Change stored = anotherStore().find(c.id()).orElseThrow();
        assertThat(stored).isEqualTo(finished);
        assertThat(stored.state()).isEqualTo(ChangeState.APPLIED);
        assertThat(stored.version()).isEqualTo(4);
        assertThat(stored.result()).isEqualTo(result);
        assertThat(stored.history()).containsExactly(
                new Transition(ChangeState.PROPOSED, ChangeState.APPROVED, APPROVER, minutes(1), "ok for lab"),
                new Transition(ChangeState.APPROVED, ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(2), ""),
                new Transition(ChangeState.APPLYING, ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(3).plusMillis(7),
                        "verified"));
    }

    @Test
    void aResultGoesOnlyWithTheStateItBelongsTo() {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);
        done(store.transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), ""));
        done(store.transition(c.id(), 2, ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(2), ""));
        assertThatThrownBy(() -> store.transition(c.id(), 3, ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(3), "",
                new ChangeOutcome.Failed("boom", List.of()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to FAILED");
        assertThat(store.find(c.id()).orElseThrow().version()).isEqualTo(3);
    }

    // ---- the approval message -------------------------------------------------------------------------------------

    @Test
    void theApprovalMessageIsRecordedWithoutTouchingTheVersion() {
        ChangeStore store = store();
        Change c = proposed();
        store.create(c);
        long readBeforePosting = store.find(c.id()).orElseThrow().version();

        Change withMessage = store.setApprovalMessage(c.id(), MESSAGE);
        assertThat(withMessage).isEqualTo(c.withApprovalMessage(MESSAGE));
        assertThat(withMessage.version()).isEqualTo(1);

        // a click that read the change before the message was recorded still counts
        Change approved = done(anotherStore().transition(c.id(), readBeforePosting, ChangeState.APPROVED, APPROVER,
                minutes(1), ""));
        assertThat(approved.approvalMessage()).as("a move keeps the message").isEqualTo(MESSAGE);
        assertThat(store.find(c.id())).contains(approved);

        PostedMessage moved = new PostedMessage("C0OTHER01", "1795000001.000200");
        assertThat(store.setApprovalMessage(c.id(), moved).approvalMessage()).isEqualTo(moved);
        assertThat(store.find(c.id()).orElseThrow()).isEqualTo(approved.withApprovalMessage(moved));
    }

    // ---- recent ---------------------------------------------------------------------------------------------------

    @Test
    void recentListsNewestFirstPerTargetOrOverallWithinTheLimit() {
        ChangeStore store = store();
        List<Change> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Change c = proposed(i % 2 == 0 ? "fleet-a" : "fleet-b", minutes(i * 10L));
            all.add(c);
        }
        // created out of order: the list is by creation time, not by write order
        for (int i : new int[] {3, 0, 5, 1, 4, 2}) {
            store.create(all.get(i));
        }
        Change moved = done(store.transition(all.get(4).id(), 1, ChangeState.REJECTED, APPROVER, minutes(45), ""));

        assertThat(store.recent(Optional.of("fleet-a"), 10)).containsExactly(moved, all.get(2), all.get(0));
        assertThat(store.recent(Optional.of("fleet-b"), 2)).containsExactly(all.get(5), all.get(3));
        assertThat(anotherStore().recent(Optional.empty(), 4)).containsExactly(all.get(5), moved, all.get(3), all.get(2));
        assertThat(store.recent(Optional.empty(), 100)).hasSize(6);
        assertThat(store.recent(Optional.empty(), 1)).containsExactly(all.get(5));
        assertThat(store.recent(Optional.of("nobody"), 10)).isEmpty();
        assertThatThrownBy(() -> store.recent(Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit of at least 1");
    }

    @Test
    void anEmptyStoreHasNoRecentChanges() {
        assertThat(store().recent(Optional.empty(), 10)).isEmpty();
        assertThat(store().recent(Optional.of(LAB), 10)).isEmpty();
    }
}
