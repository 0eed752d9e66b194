package io.ghostwatch.core.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.RedisCluster;
import io.ghostwatch.core.testing.RedisServerProcess;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The fix engine against real servers: applied, persisted, verified, and rolled back on partial failure. */
class ConfigChangeEngineIT {

    private static final Map<String, String> ENV = Map.of("GW_PW", "gw-pw");
    private final Policy policy = Policy.defaults();
    private final ConfigChangeEngine engine = new ConfigChangeEngine(policy, Secrets.environmentOnly(ENV),
            Clock.systemUTC());

    private static TargetSpec target(String uri, SecretRef password) {
        return TargetSpec.fromUri("lab", uri, password, Map.of(), "test");
    }

    private List<ParameterChange> changes(String... assignments) {
        return java.util.Arrays.stream(assignments).map(a -> ParameterChange.parse(a, policy)).toList();
    }

    private static String configGet(RedisServerProcess redis, String parameter) {
        try (Jedis j = redis.admin()) {
            return j.configGet(parameter).get(parameter);
        }
    }

    @Test
    void appliesPersistsAndVerifies() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0", "tcp-keepalive 0")) {
            ChangePlan plan = engine.plan(target(redis.uri(), null), changes("timeout=86400", "tcp-keepalive=300"));
            assertThat(plan.nodes()).hasSize(1);
            assertThat(plan.nodes().getFirst().before()).containsEntry(TunableParameter.TIMEOUT, 0L)
                    .containsEntry(TunableParameter.TCP_KEEPALIVE, 0L);
            assertThat(plan.nodes().getFirst().configFile()).isEqualTo(redis.configFile().toString());

            ChangeResult result = engine.apply(plan);

            assertThat(result).isInstanceOf(ChangeResult.Applied.class);
            NodeOutcome outcome = ((ChangeResult.Applied) result).nodes().getFirst();
            assertThat(outcome.verified()).containsEntry(TunableParameter.TIMEOUT, 86400L)
                    .containsEntry(TunableParameter.TCP_KEEPALIVE, 300L);
            assertThat(outcome.persistence()).isInstanceOf(NodeOutcome.Persistence.Persisted.class);
            assertThat(configGet(redis, "timeout")).isEqualTo("86400");
            String file = Files.readString(redis.configFile());
            assertThat(file).containsPattern("(?m)^timeout 86400$").containsPattern("(?m)^tcp-keepalive 300$");
        }
    }

    @Test
    void saysPlainlyWhenThereIsNoConfigFile() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.builder().config("timeout 0").withoutConfigFile().start()) {
            ChangePlan plan = engine.plan(target(redis.uri(), null), changes("timeout=7200"));
            assertThat(plan.nodes().getFirst().configFile()).isNull();
            ChangeResult result = engine.apply(plan);
            NodeOutcome outcome = ((ChangeResult.Applied) result).nodes().getFirst();
            assertThat(outcome.persistence()).isInstanceOfSatisfying(NodeOutcome.Persistence.NotPersisted.class,
                    p -> assertThat(p.reason()).contains("runs without a config file").contains("lost on restart"));
            assertThat(configGet(redis, "timeout")).isEqualTo("7200");
        }
    }

    @Test
    void changesEveryClusterNode() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3)) {
            ChangePlan plan = engine.plan(target(cluster.nodes().getFirst().uri(), null), changes("timeout=3600"));
            assertThat(plan.nodes()).hasSize(3).allMatch(n -> n.role() == NodeRole.MASTER);
            assertThat(engine.apply(plan)).isInstanceOf(ChangeResult.Applied.class);
            for (RedisServerProcess node : cluster.nodes()) {
                assertThat(configGet(node, "timeout")).as(node.address()).isEqualTo("3600");
            }
        }
    }

    @Test
    void rollsBackTheNodesAlreadyChangedWhenALaterNodeFails() throws Exception {
        // Same user on both; on the replica it may read CONFIG but not set it, so the plan succeeds and the
        // apply fails half-way: the master must be restored.
        String[] masterAcl = {"user default on nopass ~* &* +@all", "user gw on >gw-pw ~* &* +@all", "timeout 0"};
        try (RedisServerProcess master = RedisServerProcess.start(masterAcl)) {
            try (RedisServerProcess replica = RedisServerProcess.start("user default on nopass ~* &* +@all",
                    "user gw on >gw-pw ~* &* +@all -config|set", "replicaof 127.0.0.1 " + master.port(), "timeout 0")) {
                master.awaitReplicaOnline();
                TargetSpec spec = target("redis://gw@127.0.0.1:" + master.port(), new SecretRef.Env("GW_PW"));
                ChangePlan plan = engine.plan(spec, changes("timeout=86400"));
                assertThat(plan.nodes()).extracting(NodeChange::role).containsExactly(NodeRole.MASTER, NodeRole.REPLICA);

                ChangeResult result = engine.apply(plan);

                assertThat(result).isInstanceOfSatisfying(ChangeResult.RolledBack.class, rb -> {
                    assertThat(rb.failedNode().toString()).isEqualTo(replica.address());
                    assertThat(rb.failure()).contains("NOPERM");
                    assertThat(rb.restored()).extracting(n -> n.node().toString()).containsExactly(master.address());
                    assertThat(rb.restored().getFirst().verified()).containsEntry(TunableParameter.TIMEOUT, 0L);
                });
                assertThat(configGet(master, "timeout")).isEqualTo("0");
                assertThat(configGet(replica, "timeout")).isEqualTo("0");
                assertThat(Files.readString(master.configFile())).doesNotContainPattern("(?m)^timeout 86400$");
            }
        }
    }

    @Test
    void refusesAStalePlanAndChangesNothing() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            ChangePlan plan = engine.plan(target(redis.uri(), null), changes("timeout=86400"));
            try (Jedis j = redis.admin()) {
                j.configSet("timeout", "500"); // someone else changed it after the plan was shown
            }
            ChangeResult result = engine.apply(plan);
            assertThat(result).isInstanceOfSatisfying(ChangeResult.RolledBack.class,
                    rb -> assertThat(rb.failure()).contains("stale").contains("timeout=0").contains("timeout=500"));
            assertThat(configGet(redis, "timeout")).isEqualTo("500");
        }
    }

    @Test
    void refusesToPlanWhenANodeCannotBeRead() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("rename-command CONFIG \"\"")) {
            assertThatThrownBy(() -> engine.plan(target(redis.uri(), null), changes("timeout=86400")))
                    .isInstanceOf(ChangeRefusedException.class)
                    .hasMessageContaining("cannot read timeout").hasMessageContaining("CONFIG is renamed or disabled");
        }
    }

    @Test
    void neverAcceptsAParameterOutsideTheAllowList() {
        assertThatThrownBy(() -> ParameterChange.parse("dir=/tmp", policy))
                .hasMessageContaining("'dir' cannot be changed").hasMessageContaining("timeout, tcp-keepalive");
        assertThatThrownBy(() -> ParameterChange.parse("timeout=5", policy))
                .hasMessageContaining("outside the allowed range 300..604800");
    }

    @Test
    void kernelTimeoutActuallyReapsIdleClientsAfterTheFix() throws Exception {
        Policy lowTimeouts = Policy.defaults().withAssignment("minTimeoutSeconds=1");
        ConfigChangeEngine lowEngine = new ConfigChangeEngine(lowTimeouts, Secrets.environmentOnly(ENV),
                Clock.systemUTC());
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0"); Jedis idle = redis.admin()) {
            idle.clientSetname("idle-app");
            ChangePlan plan = lowEngine.plan(target(redis.uri(), null),
                    List.of(ParameterChange.parse("timeout=1", lowTimeouts)));
            assertThat(lowEngine.apply(plan)).isInstanceOf(ChangeResult.Applied.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean reaped = false;
            while (!reaped && System.nanoTime() < deadline) {
                Thread.sleep(200);
                try (Jedis j = redis.admin()) {
                    reaped = !j.clientList().contains("name=idle-app");
                }
            }
            assertThat(reaped).as("Redis closed the idle client after timeout=1").isTrue();
        }
    }
}
