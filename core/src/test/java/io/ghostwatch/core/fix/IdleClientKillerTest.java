package io.ghostwatch.core.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.testing.Fixtures;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kill-idle's choices without a server: which clients are spared and why, the threshold's range, the totals. */
class IdleClientKillerTest {

    /** The connection that took the captured list (id=63) stands in for Ghostwatch's own. */
    private static final long OWN_ID = 63;

    private static List<ClientInfo> mixed() {
        return ClientInfo.parseList(Fixtures.text("client-list-7.0-master-mixed.txt"));
    }

    private static Map<Long, Optional<IdleKillSkip>> verdicts(List<ClientInfo> clients, long ownId, long idleSeconds) {
        Map<Long, Optional<IdleKillSkip>> verdicts = new LinkedHashMap<>();
        clients.forEach(c -> verdicts.put(c.id(), IdleKillSkip.of(c, ownId, idleSeconds)));
        return verdicts;
    }

    @Test
    void onARealMixedListOnlyThePlainIdleClientsAreSelected() {
        assertThat(verdicts(mixed(), OWN_ID, 3)).containsExactly(
                Map.entry(57L, Optional.of(IdleKillSkip.PUBSUB)),
                Map.entry(58L, Optional.of(IdleKillSkip.BLOCKED)),
                Map.entry(59L, Optional.of(IdleKillSkip.MONITOR)),
                Map.entry(60L, Optional.empty()),
                Map.entry(61L, Optional.empty()),
                Map.entry(62L, Optional.empty()),
                Map.entry(4L, Optional.of(IdleKillSkip.REPLICA)),
                Map.entry(56L, Optional.empty()),
                Map.entry(63L, Optional.of(IdleKillSkip.GHOSTWATCH)));
    }

    @Test
    void theThresholdIsInclusiveAndExemptionsWinOverIdleness() {
        assertThat(verdicts(mixed(), OWN_ID, 4)).containsExactly(
                Map.entry(57L, Optional.of(IdleKillSkip.PUBSUB)),
                Map.entry(58L, Optional.of(IdleKillSkip.BLOCKED)),
                Map.entry(59L, Optional.of(IdleKillSkip.MONITOR)),
                Map.entry(60L, Optional.of(IdleKillSkip.RECENTLY_ACTIVE)),
                Map.entry(61L, Optional.of(IdleKillSkip.RECENTLY_ACTIVE)),
                Map.entry(62L, Optional.of(IdleKillSkip.RECENTLY_ACTIVE)),
                Map.entry(4L, Optional.of(IdleKillSkip.REPLICA)),
                Map.entry(56L, Optional.of(IdleKillSkip.RECENTLY_ACTIVE)),
                Map.entry(63L, Optional.of(IdleKillSkip.GHOSTWATCH)));
    }

    @Test
    void aReplicasLinkToItsMasterIsNeverKilled() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-7.0-replica.txt"));

        assertThat(IdleKillSkip.of(clients.getFirst(), 5, 1)).contains(IdleKillSkip.MASTER);
    }

    @Test
    void anotherGhostwatchReplicationInProgressAndUnflaggedSubscribersAreSpared() {
        String base = "id=80 addr=10.0.0.7:5000 laddr=10.0.0.5:6379 fd=9 name=%s age=900 idle=900 flags=N db=0"
                + " sub=0 psub=%d ssub=0 multi=-1 cmd=%s user=default resp=2";
        ClientInfo otherGhostwatch = ClientInfo.parseList(base.formatted("ghostwatch", 0, "client|list")).getFirst();
        ClientInfo syncing = ClientInfo.parseList(base.formatted("", 0, "psync")).getFirst();
        ClientInfo oldSync = ClientInfo.parseList(base.formatted("", 0, "SYNC")).getFirst();
        ClientInfo patternSubscriber = ClientInfo.parseList(base.formatted("", 2, "psubscribe")).getFirst();
        ClientInfo ghost = ClientInfo.parseList(base.formatted("orders-pool", 0, "get")).getFirst();

        assertThat(IdleKillSkip.of(otherGhostwatch, 1, 60)).contains(IdleKillSkip.GHOSTWATCH);
        assertThat(IdleKillSkip.of(syncing, 1, 60)).contains(IdleKillSkip.REPLICATION);
        assertThat(IdleKillSkip.of(oldSync, 1, 60)).contains(IdleKillSkip.REPLICATION);
        assertThat(IdleKillSkip.of(patternSubscriber, 1, 60)).contains(IdleKillSkip.PUBSUB);
        assertThat(IdleKillSkip.of(ghost, 1, 60)).isEmpty();
        assertThat(IdleKillSkip.of(ghost, 80, 60)).as("its own CLIENT ID").contains(IdleKillSkip.GHOSTWATCH);
    }

    /** The threshold is checked before any connection is made: this target does not exist. */
    @ParameterizedTest
    @ValueSource(longs = {0, -5, 59, IdleClientKiller.MAX_IDLE_SECONDS + 1})
    void refusesAThresholdOutsideTheRange(long idleSeconds) {
        IdleClientKiller killer = new IdleClientKiller(Policy.defaults(), Secrets.environmentOnly(Map.of()),
                Clock.systemUTC());
        TargetSpec nowhere = TargetSpec.fromUri("lab", "redis://127.0.0.1:1", null, Map.of(), "test");

        assertThatThrownBy(() -> killer.kill(nowhere, idleSeconds)).isInstanceOf(ChangeRefusedException.class)
                .hasMessage("kill-idle idle threshold " + idleSeconds + " s is outside the allowed range"
                        + " 60..31536000 seconds (policy minKillIdleSeconds..31536000)");
        assertThatThrownBy(() -> killer.plan(nowhere, idleSeconds)).isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining(idleSeconds + " s is outside the allowed range 60..31536000");
    }

    @Test
    void aTestPolicyLowersTheMinimum() {
        IdleClientKiller killer = new IdleClientKiller(Policy.defaults().withAssignment("minKillIdleSeconds=2"),
                Secrets.environmentOnly(Map.of()), Clock.systemUTC());
        TargetSpec nowhere = TargetSpec.fromUri("lab", "redis://127.0.0.1:1", null, Map.of(), "test");

        assertThat(killer.allowedRange()).startsWith("2..31536000 seconds");
        assertThatThrownBy(() -> killer.kill(nowhere, 1)).hasMessageContaining("1 s is outside the allowed range 2..");
        assertThatThrownBy(() -> killer.kill(nowhere, 2)).as("in range: refused only because nothing listens")
                .isInstanceOf(ChangeRefusedException.class).hasMessageContaining("connection refused");
    }

    @Test
    void totalsAddUpAcrossNodesAndAddressesByHost() {
        NodeIdleKill master = new NodeIdleKill(HostPort.parse("10.0.0.5:6379"), NodeRole.MASTER,
                Map.of("10.0.0.12", 3, "10.0.0.31", 7), Map.of(IdleKillSkip.REPLICA, 1, IdleKillSkip.PUBSUB, 2), null);
        NodeIdleKill replica = new NodeIdleKill(HostPort.parse("10.0.0.6:6379"), NodeRole.REPLICA,
                Map.of("10.0.0.12", 4), Map.of(IdleKillSkip.MASTER, 1), null);
        NodeIdleKill down = NodeIdleKill.failed(HostPort.parse("10.0.0.7:6379"), NodeRole.REPLICA, "connection refused");
        IdleKillResult result = new IdleKillResult(TargetSpec.fromUri("lab", "redis://10.0.0.5:6379", null, Map.of(),
                "test"), 3600, false, List.of(master, replica, down));

        assertThat(master.killedByAddress()).containsExactly(Map.entry("10.0.0.31", 7), Map.entry("10.0.0.12", 3));
        assertThat(master.killed()).isEqualTo(10);
        assertThat(master.skippedCount()).isEqualTo(3);
        assertThat(master.skipped(IdleKillSkip.BLOCKED)).isZero();
        assertThat(result.killed()).isEqualTo(14);
        assertThat(result.killedByAddress()).as("ties in address order")
                .containsExactly(Map.entry("10.0.0.12", 7), Map.entry("10.0.0.31", 7));
        assertThat(result.complete()).isFalse();
        assertThat(result.failedNodes()).containsExactly(down);
        assertThat(down.killed()).isZero();
    }
}
