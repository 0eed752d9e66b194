package io.ghostwatch.core.elasticache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.fix.ChangeRefusedException;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.CacheClusterSpec;
import io.ghostwatch.core.testing.aws.RecordedCall;
import io.ghostwatch.core.testing.aws.RegionFleet;
import io.ghostwatch.core.testing.aws.ReplicationGroupSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Planning, applying, verifying and rolling back parameter-group changes against the AWS stand-in: a custom group
 * shared by three caches (modified in place), a cluster-mode replication group and a cache cluster on default groups
 * (a custom group created and attached), and the refusals and failures on the way.
 */
class ParameterGroupChangeEngineIT {

    private static final String ACCOUNT = AwsStandIn.DEFAULT_ACCOUNT;
    private static final String REGION = "us-east-1";
    private static final GhostwatchConfig CONFIG = ConfigLoader.parse("""
            elasticache:
              regions: [us-east-1]
            """, "ghostwatch.yaml");

    private AwsStandIn aws;
    private AwsClients clients;
    private ParameterGroupChangeEngine engine;
    private RegionFleet fleet;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        clients = AwsClients.create(aws.clientSettings());
        engine = new ParameterGroupChangeEngine(CONFIG.elasticache(), clients, CONFIG.policy());
        fleet = aws.fleet();
        fleet.addParameterGroup("shared-params", "redis7", "sessions, carts and jobs");
        fleet.add(ReplicationGroupSpec.named("sessions").parameterGroup("shared-params"));
        fleet.add(ReplicationGroupSpec.named("carts").parameterGroup("shared-params"));
        fleet.add(CacheClusterSpec.redis("jobs").parameterGroup("shared-params"));
        fleet.add(ReplicationGroupSpec.named("orders").shards(2).replicasPerShard(1).clusterMode(true));
        fleet.add(CacheClusterSpec.redis("reports"));
        fleet.addServerlessCache("edge", "valkey", "8.0", List.of(), List.of());
    }

    @AfterEach
    void stop() {
        assertThat(io.ghostwatch.core.aws.AwsAction.iamNames(io.ghostwatch.core.aws.AwsAction.Use.FIX))
                .as("every action a change calls is one the bot worker is granted (AwsAction FIX)")
                .containsAll(aws.actions());
        clients.close();
        aws.close();
    }

    private static CacheName cache(String id) {
        return CacheName.parse("default/us-east-1/" + id).orElseThrow();
    }

    private static List<ParameterChange> set(long timeout) {
        return List.of(ParameterChange.of(TunableParameter.TIMEOUT, timeout, Policy.defaults()));
    }

    private String value(String group, String parameter) {
        return aws.parameterValue(ACCOUNT, REGION, group, parameter);
    }

    private String groupOf(String cacheClusterId) {
        return fleet.cacheCluster(cacheClusterId).orElseThrow().parameterGroup().name();
    }

    @Test
    void aCustomGroupIsModifiedInPlaceVerifiedAndRolledBackToItsDefault() throws Exception {
        ParameterGroupPlan plan = engine.plan(cache("sessions"), List.of(
                ParameterChange.of(TunableParameter.TIMEOUT, 86_400, Policy.defaults()),
                ParameterChange.of(TunableParameter.TCP_KEEPALIVE, 60, Policy.defaults())));

        assertThat(plan).isInstanceOfSatisfying(ParameterGroupPlan.ModifyGroup.class, m -> {
            assertThat(m.group()).isEqualTo("shared-params");
            assertThat(m.family()).isEqualTo("redis7");
            assertThat(m.affected()).as("every cache the group reaches").containsExactly("carts", "jobs", "sessions");
            assertThat(m.before()).containsEntry(TunableParameter.TIMEOUT, new ParameterValue(0, "system"))
                    .containsEntry(TunableParameter.TCP_KEEPALIVE, new ParameterValue(300, "system"));
            assertThat(m.changeTypes()).containsEntry(TunableParameter.TIMEOUT, "immediate");
        });
        assertThat(aws.calls()).as("planning changes nothing").noneMatch(c -> c.action().contains("Modify"));

        ParameterGroupResult result = engine.apply(plan);

        assertThat(result).isInstanceOfSatisfying(ParameterGroupResult.Applied.class, a -> {
            assertThat(a.group()).isEqualTo("shared-params");
            assertThat(a.created()).isFalse();
            assertThat(a.verified()).isEqualTo(Map.of(TunableParameter.TIMEOUT, 86_400L, TunableParameter.TCP_KEEPALIVE,
                    60L));
            assertThat(a.note()).contains("immediate");
        });
        assertThat(value("shared-params", "timeout")).isEqualTo("86400");
        assertThat(value("shared-params", "tcp-keepalive")).isEqualTo("60");

        ParameterGroupPlan undo = engine.planRollback(plan);
        assertThat(undo).isInstanceOfSatisfying(ParameterGroupPlan.ModifyGroup.class, m -> {
            assertThat(m.reset()).as("both were the family's defaults").containsExactlyInAnyOrder(
                    TunableParameter.TIMEOUT, TunableParameter.TCP_KEEPALIVE);
            assertThat(m.before()).containsEntry(TunableParameter.TIMEOUT, new ParameterValue(86_400, "user"));
        });
        assertThat(engine.apply(undo)).isInstanceOf(ParameterGroupResult.Applied.class);
        assertThat(value("shared-params", "timeout")).isEqualTo("0");
        assertThat(aws.calls("elasticache:ResetCacheParameterGroup")).hasSize(1);
        assertThat(engine.plan(cache("sessions"), set(86_400)).before()).as("the group says default again")
                .containsEntry(TunableParameter.TIMEOUT, new ParameterValue(0, "system"));
    }

    @Test
    void aUserSetValueIsPutBackAsItWasNotReset() throws Exception {
        fleet.setParameter("shared-params", "timeout", "600");
        ParameterGroupPlan plan = engine.plan(cache("jobs"), set(7_200));
        assertThat(engine.apply(plan)).isInstanceOf(ParameterGroupResult.Applied.class);

        ParameterGroupPlan undo = engine.planRollback(plan);

        assertThat(((ParameterGroupPlan.ModifyGroup) undo).reset()).isEmpty();
        assertThat(engine.apply(undo)).isInstanceOf(ParameterGroupResult.Applied.class);
        assertThat(value("shared-params", "timeout")).isEqualTo("600");
    }

    @Test
    void aClusterModeCacheOnADefaultGroupGetsACustomGroupWithClusterEnabledAndItsRollbackDeletesIt() throws Exception {
        ParameterGroupPlan plan = engine.plan(cache("orders"), set(86_400));

        assertThat(plan).isInstanceOfSatisfying(ParameterGroupPlan.CreateAndAttach.class, c -> {
            assertThat(c.currentGroup()).isEqualTo("default.redis7.cluster.on");
            assertThat(c.newGroup()).isEqualTo("ghostwatch-orders-redis7");
            assertThat(c.clusterMode()).isTrue();
            assertThat(c.replicationGroup()).isTrue();
            assertThat(c.affected()).containsExactly("orders");
        });

        ParameterGroupResult result = engine.apply(plan);

        assertThat(result).isInstanceOfSatisfying(ParameterGroupResult.Applied.class, a -> {
            assertThat(a.group()).isEqualTo("ghostwatch-orders-redis7");
            assertThat(a.created()).isTrue();
            assertThat(a.replaced()).isEqualTo("default.redis7.cluster.on");
            assertThat(a.note()).contains("with cluster-enabled yes");
        });
        assertThat(value("ghostwatch-orders-redis7", "timeout")).isEqualTo("86400");
        assertThat(value("ghostwatch-orders-redis7", "cluster-enabled")).isEqualTo("yes");
        for (String member : List.of("orders-0001-001", "orders-0001-002", "orders-0002-001", "orders-0002-002")) {
            assertThat(groupOf(member)).as(member).isEqualTo("ghostwatch-orders-redis7");
        }
        assertThat(aws.calls("elasticache:ModifyReplicationGroup").getFirst().param("ApplyImmediately"))
                .isEqualTo("true");

        ParameterGroupPlan undo = engine.planRollback(plan);
        assertThat(undo).isInstanceOfSatisfying(ParameterGroupPlan.Reattach.class, r -> {
            assertThat(r.previousGroup()).isEqualTo("default.redis7.cluster.on");
            assertThat(r.currentGroup()).isEqualTo("ghostwatch-orders-redis7");
        });
        assertThat(engine.apply(undo)).isInstanceOfSatisfying(ParameterGroupResult.Applied.class, a -> {
            assertThat(a.verified()).containsEntry(TunableParameter.TIMEOUT, 0L);
            assertThat(a.note()).contains("deleted parameter group ghostwatch-orders-redis7");
        });
        assertThat(groupOf("orders-0002-002")).isEqualTo("default.redis7.cluster.on");
        assertThat(fleet.parameterGroup("ghostwatch-orders-redis7")).isEmpty();
    }

    @Test
    void aCacheClusterOnADefaultGroupIsGivenItsOwnGroupWithModifyCacheCluster() throws Exception {
        ParameterGroupPlan plan = engine.plan(cache("reports"), set(86_400));

        assertThat(plan).isInstanceOfSatisfying(ParameterGroupPlan.CreateAndAttach.class, c -> {
            assertThat(c.replicationGroup()).isFalse();
            assertThat(c.clusterMode()).isFalse();
        });
        assertThat(engine.apply(plan)).isInstanceOf(ParameterGroupResult.Applied.class);
        assertThat(groupOf("reports")).isEqualTo("ghostwatch-reports-redis7");
        assertThat(value("ghostwatch-reports-redis7", "cluster-enabled")).isEqualTo("no");
        assertThat(aws.calls("elasticache:ModifyCacheCluster")).hasSize(1);
        assertThat(aws.calls("elasticache:ModifyReplicationGroup")).isEmpty();
    }

    @Test
    void aTakenNameIsNotReusedTheNextFreeOneIs() throws Exception {
        fleet.addParameterGroup("ghostwatch-reports-redis7", "redis7", "left behind by someone");

        ParameterGroupPlan plan = engine.plan(cache("reports"), set(86_400));

        assertThat(((ParameterGroupPlan.CreateAndAttach) plan).newGroup()).isEqualTo("ghostwatch-reports-redis7-2");
    }

    @Test
    void aGroupChangedSinceTheApprovalIsStaleAndNothingIsChanged() throws Exception {
        ParameterGroupPlan plan = engine.plan(cache("carts"), set(86_400));
        fleet.setParameter("shared-params", "timeout", "300");

        ParameterGroupResult result = engine.apply(plan);

        assertThat(result).isInstanceOfSatisfying(ParameterGroupResult.Failed.class, f -> {
            assertThat(f.error()).startsWith("stale: parameter group shared-params had timeout=0 (system), now"
                    + " timeout=300 (user)");
            assertThat(f.leftChanged()).isEmpty();
        });
        assertThat(value("shared-params", "timeout")).isEqualTo("300");
        assertThat(aws.calls("elasticache:ModifyCacheParameterGroup")).isEmpty();
    }

    @Test
    void aDeniedModificationChangesNothingAndNamesTheMissingPermission() throws Exception {
        aws.denyAction(ACCOUNT, "elasticache:ModifyCacheParameterGroup");
        ParameterGroupPlan plan = engine.plan(cache("carts"), set(86_400));

        ParameterGroupResult result = engine.apply(plan);

        assertThat(result).isInstanceOfSatisfying(ParameterGroupResult.Failed.class, f -> {
            assertThat(f.error()).contains("not allowed: elasticache:ModifyCacheParameterGroup")
                    .endsWith("nothing was changed");
            assertThat(f.leftChanged()).isEmpty();
        });
        assertThat(value("shared-params", "timeout")).isEqualTo("0");
    }

    @Test
    void whenAttachingFailsTheCreatedGroupIsDeletedAgain() throws Exception {
        aws.denyAction(ACCOUNT, "elasticache:ModifyReplicationGroup");
        ParameterGroupPlan plan = engine.plan(cache("orders"), set(86_400));

        ParameterGroupResult result = engine.apply(plan);

        assertThat(result).isInstanceOfSatisfying(ParameterGroupResult.RolledBack.class, r -> {
            assertThat(r.failure()).contains("attaching ghostwatch-orders-redis7 to orders failed")
                    .contains("not allowed: elasticache:ModifyReplicationGroup");
            assertThat(r.restored()).isEqualTo("deleted parameter group ghostwatch-orders-redis7, which Ghostwatch had"
                    + " created");
        });
        assertThat(fleet.parameterGroup("ghostwatch-orders-redis7")).isEmpty();
        assertThat(groupOf("orders-0001-001")).isEqualTo("default.redis7.cluster.on");
    }

    @Test
    void whatCannotBeChangedIsRefusedBeforeAnythingHappens() {
        assertThatThrownBy(() -> engine.plan(cache("edge"), set(86_400))).isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("default/us-east-1/edge is a serverless cache: it has no parameter group");
        assertThatThrownBy(() -> engine.plan(cache("nosuch"), set(86_400))).isInstanceOf(ChangeRefusedException.class)
                .hasMessage("no Redis OSS / Valkey cache named nosuch in default/us-east-1");
        assertThatThrownBy(() -> engine.plan(CacheName.parse("prod/us-east-1/orders").orElseThrow(), set(86_400)))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessage("unknown account 'prod' in prod/us-east-1/orders (configured: default)");
        assertThatThrownBy(() -> engine.plan(CacheName.parse("default/eu-west-1/orders").orElseThrow(), set(86_400)))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessage("region eu-west-1 is not configured for account default (configured: us-east-1)");
        assertThatThrownBy(() -> engine.plan(cache("orders"), List.of(new ParameterChange(TunableParameter.TIMEOUT,
                10)))).isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("timeout=10 is outside the allowed range 300..604800");
        assertThatThrownBy(() -> new ParameterGroupChangeEngine(null, null, Policy.defaults()).plan(cache("orders"),
                set(86_400))).isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("ElastiCache is not configured");
        assertThat(aws.calls()).extracting(RecordedCall::action).noneMatch(a -> a.contains("Modify")
                || a.contains("Create"));
    }
}
