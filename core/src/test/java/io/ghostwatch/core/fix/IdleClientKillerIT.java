package io.ghostwatch.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.testing.RawClient;
import io.ghostwatch.core.testing.RedisCluster;
import io.ghostwatch.core.testing.RedisServerProcess;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * kill-idle against real servers: idle plain connections are closed on every node, everything Redis's own
 * {@code timeout} spares is spared, a dry run closes nothing, a refused CLIENT KILL is reported per node.
 */
class IdleClientKillerIT {

    /** The threshold the tests kill at; the policy lowers the minimum (60 s by default) so tests take seconds. */
    private static final long IDLE_SECONDS = 2;

    private final Policy policy = Policy.defaults().withAssignment("minKillIdleSeconds=1");
    private final IdleClientKiller killer = new IdleClientKiller(policy, Secrets.environmentOnly(Map.of()),
            Clock.systemUTC());

    private static TargetSpec target(RedisServerProcess entry) {
        return TargetSpec.fromUri("lab", entry.uri(), null, Map.of(), "test");
    }

    @Test
    void killsExactlyTheIdlePlainConnectionsOnTheMasterAndItsReplica() throws Exception {
        // no 5 s wait before the diskless full sync: the replica is online in about a second
        try (RedisServerProcess master = RedisServerProcess.start("repl-diskless-sync-delay 0");
             RedisServerProcess replica = RedisServerProcess.start("replicaof 127.0.0.1 " + master.port());
             Jedis admin = master.admin(); Jedis replicaAdmin = replica.admin(); Jedis active = master.admin();
             Opened opened = new Opened()) {
            master.awaitReplicaOnline();
            admin.clientSetname("test-admin");
            active.clientSetname("busy-app");
            long activeId = active.clientId();
            List<RawClient> ghosts = opened.plain(master, 8);
            List<RawClient> replicaGhosts = opened.plain(replica, 3);
            RawClient subscriber = opened.add(RawClient.connect(master.port(), "SUBSCRIBE", "news"));
            RawClient blocked = opened.add(RawClient.connect(master.port(), "BLPOP", "jobs", "0"));
            RawClient monitor = opened.add(RawClient.connect(master.port(), "MONITOR"));
            RawClient otherGhostwatch = opened.add(RawClient.connect(master.port(), "CLIENT", "SETNAME", "ghostwatch"));
            AtomicBoolean stop = new AtomicBoolean();
            Thread pinger = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    active.ping();
                    sleep(100);
                }
            });
            try {
                List<RawClient> idleOnMaster = new ArrayList<>(ghosts);
                idleOnMaster.addAll(List.of(subscriber, blocked, otherGhostwatch));
                awaitIdle(replicaAdmin, replicaGhosts);
                Map<String, Long> ids = awaitIdle(admin, idleOnMaster);
                long monitorId = clients(admin).get(monitor.address()).id();
                // 8 ghosts, subscriber, blocked, monitor, the other Ghostwatch, busy-app, test-admin (replicas not counted)
                awaitConnectedClients(admin, 14);
                admin.ping();
                replicaAdmin.ping();

                IdleKillResult plan = killer.plan(target(master), IDLE_SECONDS);

                assertThat(plan.dryRun()).isTrue();
                assertThat(plan.nodes()).extracting(n -> n.node().toString(), NodeIdleKill::role)
                        .containsExactly(org.assertj.core.api.Assertions.tuple(master.address(), NodeRole.MASTER),
                                org.assertj.core.api.Assertions.tuple(replica.address(), NodeRole.REPLICA));
                assertThat(plan.nodes().get(0).killedByAddress()).containsExactly(Map.entry("127.0.0.1", 8));
                assertThat(plan.nodes().get(1).killedByAddress()).containsExactly(Map.entry("127.0.0.1", 3));
                assertThat(clients(admin).keySet()).as("a dry run kills nothing")
                        .containsAll(ghosts.stream().map(RawClient::address).toList());
                awaitConnectedClients(admin, 14);
                assertThat(ghosts.getFirst().closedByServer(Duration.ofMillis(100))).isFalse();
                admin.ping();
                replicaAdmin.ping();

                IdleKillResult result = killer.kill(target(master), IDLE_SECONDS);

                assertThat(result.dryRun()).isFalse();
                assertThat(result.complete()).as(String.valueOf(result.failedNodes())).isTrue();
                NodeIdleKill onMaster = result.nodes().get(0);
                assertThat(onMaster.node().toString()).isEqualTo(master.address());
                assertThat(onMaster.killed()).isEqualTo(8);
                assertThat(onMaster.killedByAddress()).as("one entry per IP, however many ports")
                        .containsExactly(Map.entry("127.0.0.1", 8));
                assertThat(onMaster.skipped(IdleKillSkip.PUBSUB)).isEqualTo(1);
                assertThat(onMaster.skipped(IdleKillSkip.BLOCKED)).isEqualTo(1);
                assertThat(onMaster.skipped(IdleKillSkip.MONITOR)).isEqualTo(1);
                assertThat(onMaster.skipped(IdleKillSkip.REPLICA)).isEqualTo(1);
                assertThat(onMaster.skipped(IdleKillSkip.GHOSTWATCH)).as("its own and the other one named ghostwatch")
                        .isGreaterThanOrEqualTo(2);
                assertThat(onMaster.skipped(IdleKillSkip.RECENTLY_ACTIVE)).as("busy-app and test-admin")
                        .isGreaterThanOrEqualTo(2);
                assertThat(onMaster.skipped(IdleKillSkip.GONE)).isZero();
                NodeIdleKill onReplica = result.nodes().get(1);
                assertThat(onReplica.role()).isEqualTo(NodeRole.REPLICA);
                assertThat(onReplica.killedByAddress()).containsExactly(Map.entry("127.0.0.1", 3));
                assertThat(onReplica.skipped(IdleKillSkip.MASTER)).as("the replica's link to its master").isEqualTo(1);
                assertThat(result.killed()).isEqualTo(11);
                assertThat(result.killedByAddress()).containsExactly(Map.entry("127.0.0.1", 11));

                for (RawClient ghost : ghosts) {
                    assertThat(ghost.closedByServer(Duration.ofSeconds(2))).as(ghost.address()).isTrue();
                }
                for (RawClient ghost : replicaGhosts) {
                    assertThat(ghost.closedByServer(Duration.ofSeconds(2))).as(ghost.address()).isTrue();
                }
                awaitConnectedClients(admin, 14 - 8);
                Map<Long, ClientInfo> left = clients(admin).values().stream()
                        .collect(Collectors.toMap(ClientInfo::id, Function.identity()));
                assertThat(left.keySet()).containsAll(List.of(ids.get(subscriber.address()), ids.get(blocked.address()),
                        monitorId, ids.get(otherGhostwatch.address()), activeId));
                assertThat(left.keySet()).doesNotContainAnyElementsOf(
                        ghosts.stream().map(g -> ids.get(g.address())).toList());
                // the replica is still attached and replicating
                admin.set("after-kill", "1");
                assertThat(admin.waitReplicas(1, 5_000)).isEqualTo(1);
                assertThat(replicaAdmin.info("replication")).contains("master_link_status:up");
                assertThat(replicaAdmin.get("after-kill")).isEqualTo("1");
            } finally {
                stop.set(true);
                pinger.join();
            }
        }
    }

    @Test
    void killsOnEveryClusterNode() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3); Opened opened = new Opened()) {
            List<Jedis> admins = new ArrayList<>();
            try {
                for (RedisServerProcess node : cluster.nodes()) {
                    admins.add(node.admin());
                    opened.plain(node, 2);
                }
                for (int i = 0; i < admins.size(); i++) {
                    awaitIdle(admins.get(i), opened.on(cluster.nodes().get(i)));
                }
                admins.forEach(Jedis::ping);

                IdleKillResult result = killer.kill(target(cluster.nodes().getFirst()), IDLE_SECONDS);

                assertThat(result.complete()).as(String.valueOf(result.failedNodes())).isTrue();
                assertThat(result.nodes()).hasSize(3).allSatisfy(n -> {
                    assertThat(n.role()).isEqualTo(NodeRole.MASTER);
                    assertThat(n.killedByAddress()).containsExactly(Map.entry("127.0.0.1", 2));
                });
                for (RawClient ghost : opened.all()) {
                    assertThat(ghost.closedByServer(Duration.ofSeconds(2))).as(ghost.address()).isTrue();
                }
            } finally {
                admins.forEach(Jedis::close);
            }
        }
    }

    @Test
    void aRefusedClientKillIsReportedForTheNodeNotHidden() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("user default on nopass ~* &* +@all -client|kill");
             Jedis admin = redis.admin(); Opened opened = new Opened()) {
            List<RawClient> ghosts = opened.plain(redis, 2);
            awaitIdle(admin, ghosts);
            admin.ping();

            IdleKillResult plan = killer.plan(target(redis), IDLE_SECONDS);
            IdleKillResult result = killer.kill(target(redis), IDLE_SECONDS);

            assertThat(plan.complete()).isTrue();
            assertThat(plan.killed()).isEqualTo(2);
            assertThat(result.complete()).isFalse();
            NodeIdleKill node = result.failedNodes().getFirst();
            assertThat(node.error()).contains("NOPERM").contains("client|kill");
            assertThat(node.killed()).isZero();
            assertThat(clients(admin).keySet()).containsAll(ghosts.stream().map(RawClient::address).toList());
        }
    }

    /** CLIENT LIST by {@code addr}. */
    private static Map<String, ClientInfo> clients(Jedis admin) {
        Map<String, ClientInfo> byAddr = new HashMap<>();
        ClientInfo.parseList(admin.clientList()).forEach(c -> byAddr.put(c.addr(), c));
        return byAddr;
    }

    /** Waits until the server lists every client as idle at least {@link #IDLE_SECONDS}; returns addr -> id. */
    private static Map<String, Long> awaitIdle(Jedis admin, List<RawClient> idle) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, ClientInfo> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = clients(admin);
            Map<String, ClientInfo> listed = seen;
            if (idle.stream().allMatch(c -> listed.containsKey(c.address())
                    && listed.get(c.address()).idleSeconds() >= IDLE_SECONDS)) {
                Map<String, Long> ids = new HashMap<>();
                idle.forEach(c -> ids.put(c.address(), listed.get(c.address()).id()));
                return ids;
            }
            sleep(100);
        }
        throw new AssertionError("clients not idle " + IDLE_SECONDS + " s within 10 s; CLIENT LIST: " + seen.values());
    }

    /** Waits for connected_clients to settle at {@code expected} (closed connections leave asynchronously). */
    private static void awaitConnectedClients(Jedis admin, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = connectedClients(admin);
            if (seen == expected) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("connected_clients is " + seen + ", expected " + expected);
    }

    private static long connectedClients(Jedis admin) {
        return admin.info("clients").lines().filter(l -> l.startsWith("connected_clients:"))
                .mapToLong(l -> Long.parseLong(l.substring("connected_clients:".length()).trim())).findFirst()
                .orElseThrow();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The raw clients a test opened, by server, closed together. */
    private static final class Opened implements AutoCloseable {
        private final Map<Integer, List<RawClient>> byPort = new HashMap<>();
        private final List<RawClient> all = new ArrayList<>();

        RawClient add(RawClient client) {
            all.add(client);
            return client;
        }

        /** Opens {@code count} connections that never send anything. */
        List<RawClient> plain(RedisServerProcess server, int count) throws IOException {
            List<RawClient> opened = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                opened.add(add(RawClient.connect(server.port())));
            }
            byPort.computeIfAbsent(server.port(), p -> new ArrayList<>()).addAll(opened);
            return opened;
        }

        List<RawClient> on(RedisServerProcess server) {
            return byPort.getOrDefault(server.port(), List.of());
        }

        List<RawClient> all() {
            return all;
        }

        @Override
        public void close() throws IOException {
            for (RawClient c : all) {
                c.close();
            }
        }
    }
}
