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

import io.ghostwatch.core.fix.ChangeResult;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.HostPort;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The change record, its states and IDs, without a store. */
class ChangeTest {

    @Test
    void theStatesMoveOnlyAlongTheDocumentedEdges() {
        assertThat(ChangeState.PROPOSED.next())
                .containsExactlyInAnyOrder(ChangeState.APPROVED, ChangeState.REJECTED, ChangeState.EXPIRED);
        assertThat(ChangeState.APPROVED.next()).containsExactlyInAnyOrder(ChangeState.APPLYING, ChangeState.EXPIRED);
        assertThat(ChangeState.APPLYING.next())
                .containsExactlyInAnyOrder(ChangeState.APPLIED, ChangeState.FAILED, ChangeState.ROLLED_BACK);
        Set<ChangeState> terminal = EnumSet.of(ChangeState.APPLIED, ChangeState.FAILED, ChangeState.ROLLED_BACK,
                ChangeState.REJECTED, ChangeState.EXPIRED);
        for (ChangeState s : ChangeState.values()) {
            assertThat(s.isTerminal()).as(s.name()).isEqualTo(terminal.contains(s));
            assertThat(s.canMoveTo(s)).as("no move to itself").isFalse();
            assertThat(s.canMoveTo(ChangeState.PROPOSED)).as("nothing goes back to PROPOSED").isFalse();
        }
        assertThatThrownBy(() -> ChangeState.parse("approved")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'approved' is not a change state; valid: PROPOSED, APPROVED");
    }

    @Test
    void idsAreRandomShortAndSafeEverywhere() {
        Set<ChangeId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ChangeId id = ChangeId.random();
            assertThat(id.value()).matches("chg-[0-9a-z]{10}").doesNotContain("i", "l", "o", "u");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
        ChangeId one = ids.iterator().next();
        assertThat(ChangeId.parse("  " + one.value().toUpperCase(java.util.Locale.ROOT) + "\n")).isEqualTo(one);
        assertThatThrownBy(() -> ChangeId.parse("chg-../../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chg-../../etc' is not a change ID; valid form: chg- and 10 of");
        assertThatThrownBy(() -> new ChangeId("chg-ilou000000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMoveGivesTheNextVersionAndLeavesTheOriginalAsItWas() {
        Change c = proposed();
        Change approved = c.transitionTo(ChangeState.APPROVED, APPROVER, minutes(1), "ok");
        assertThat(c.state()).isEqualTo(ChangeState.PROPOSED);
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.history()).isEmpty();
        assertThat(approved.state()).isEqualTo(ChangeState.APPROVED);
        assertThat(approved.version()).isEqualTo(2);
        assertThat(approved.movedTo(ChangeState.APPROVED)).contains(
                new Transition(ChangeState.PROPOSED, ChangeState.APPROVED, APPROVER, minutes(1), "ok"));
        assertThat(approved.lastTransition()).isEqualTo(approved.movedTo(ChangeState.APPROVED));
        assertThat(approved).usingRecursiveComparison()
                .ignoringFields("state", "version", "history").isEqualTo(c);
    }

    @Test
    void aMoveItRefusesNamesTheChangeAndTheRule() {
        Change c = proposed();
        assertThatThrownBy(() -> c.transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(1), ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(c.id() + ": a change cannot move from PROPOSED to APPLYING; from PROPOSED it can move to"
                        + " [APPROVED, REJECTED, EXPIRED]");
        assertThatThrownBy(() -> c.transitionTo(ChangeState.APPROVED, Transition.GHOSTWATCH, minutes(1), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a person approves");
        assertThatThrownBy(() -> c.transitionTo(ChangeState.APPROVED, "alice", minutes(1), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'alice' is not a Slack user ID");
        Change applying = c.transitionTo(ChangeState.APPROVED, APPROVER, minutes(1), "")
                .transitionTo(ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(2), "");
        assertThatThrownBy(() -> applying.transitionTo(ChangeState.EXPIRED, Transition.GHOSTWATCH, minutes(60), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("from APPLYING to EXPIRED");
        assertThat(c.transitionTo(ChangeState.APPROVED, APPROVER, minutes(1), "")
                .transitionTo(ChangeState.EXPIRED, Transition.GHOSTWATCH, minutes(31), "the worker never started it")
                .state()).isEqualTo(ChangeState.EXPIRED);
    }

    @Test
    void aChangeHoldsTheValuesBeforeOfEveryNodeAndParameterItSets() {
        ChangeAction set = new ChangeAction.SetParameters(timeoutAndKeepalive(86400, 60));
        ChangeReason why = ChangeReason.because("ghosts");
        assertThatThrownBy(() -> Change.propose(LAB, set, new ChangeScope.Nodes(List.of(NODE_A, NODE_B),
                Map.of(NODE_A, timeoutAndKeepalive(0, 0))), why, REQUESTER, T0, minutes(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the values before of [TIMEOUT, TCP_KEEPALIVE] on [::1]:6380");
        assertThatThrownBy(() -> Change.propose(LAB, set, new ChangeScope.Nodes(List.of(NODE_A),
                Map.of(NODE_A, Map.of(TunableParameter.TIMEOUT, 0L))), why, REQUESTER, T0, minutes(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the values before");
        assertThatThrownBy(() -> new ChangeScope.Nodes(List.of(NODE_A),
                Map.of(NODE_A, timeoutAndKeepalive(0, 0), NODE_B, timeoutAndKeepalive(0, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("which it does not touch");
        assertThatThrownBy(() -> new ChangeScope.Nodes(List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("touches no node");
        assertThatThrownBy(() -> new ChangeScope.Nodes(List.of(NODE_A, HostPort.parse("10.0.0.5:6379")),
                Map.of(NODE_A, timeoutAndKeepalive(0, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists a node twice");
        ChangeScope.Nodes onA = new ChangeScope.Nodes(List.of(NODE_A), Map.of(NODE_A, timeoutAndKeepalive(0, 0)));
        assertThatThrownBy(() -> Change.propose(LAB, set, onA, why, REQUESTER, T0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no later than it was created");
        assertThatThrownBy(() -> Change.propose(LAB, set, onA, why, Transition.GHOSTWATCH, T0, minutes(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requester 'ghostwatch' is not a Slack user ID");
        assertThat(((ChangeScope.Nodes) Change.propose(LAB, new ChangeAction.KillIdle(3600),
                new ChangeScope.Nodes(List.of(NODE_A), Map.of()), why, REQUESTER, T0, minutes(30)).scope()).before())
                .as("kill-idle changes no setting").isEmpty();
        assertThatThrownBy(() -> Change.propose(LAB, new ChangeAction.KillIdle(3600), onA, why, REQUESTER, T0,
                minutes(30))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a change of no setting has no values before");
        assertThatThrownBy(() -> new ChangeReason(List.of(), " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> new ChangeAction.SetParameters(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no parameter given; valid parameters: timeout, tcp-keepalive");
    }

    @Test
    void theVersionAndStateMustAgreeWithTheHistory() {
        Change c = proposed();
        assertThatThrownBy(() -> new Change(c.id(), c.target(), c.action(), c.scope(), c.reason(),
                c.requester(), c.createdAt(), c.expiresAt(), ChangeState.APPROVED, 2, null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but its history leaves it PROPOSED");
        assertThatThrownBy(() -> new Change(c.id(), c.target(), c.action(), c.scope(), c.reason(),
                c.requester(), c.createdAt(), c.expiresAt(), ChangeState.PROPOSED, 5, null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at version 5 after 0 transition(s)");
    }

    @Test
    void theEngineResultMapsToAnOutcomeAndItsState() {
        ChangeResult.Applied ok = new ChangeResult.Applied(List.of(applied(NODE_A, 0)));
        assertThat(ChangeOutcome.of(ok)).isEqualTo(new ChangeOutcome.Applied(ok.nodes()));
        assertThat(ChangeOutcome.of(ok).state()).isEqualTo(ChangeState.APPLIED);
        assertThat(ChangeOutcome.of(new ChangeResult.RolledBack(NODE_B, "stale", List.of())).state())
                .isEqualTo(ChangeState.ROLLED_BACK);
        ChangeOutcome failed = ChangeOutcome.of(new ChangeResult.RollbackFailed(NODE_B, "reset", List.of(NODE_A),
                "timed out"));
        assertThat(failed).isEqualTo(new ChangeOutcome.Failed("[::1]:6380: reset; restoring failed too (timed out)",
                List.of(NODE_A.toString())));
        assertThat(failed.state()).isEqualTo(ChangeState.FAILED);
        assertThat(new ChangeOutcome.IdleKilled(Map.of("10.0.9.1", 3L, "10.0.9.2", 4L)).total()).isEqualTo(7);
    }
}
