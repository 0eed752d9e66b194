package io.ghostwatch.core.check;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.census;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.clients;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.defaultParameter;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.group;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.userParameter;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.elasticache.CacheParameter;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.ParameterGroupSettings;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import io.ghostwatch.core.testing.Snapshots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The helpers the ElastiCache checks share: {@link ElastiCacheFixes}, {@link GroupParameter}, {@link NodeLabel}. */
class ElastiCacheFixesTest {

    private static ElastiCacheContext context(ElastiCacheSnapshot s) {
        return new ElastiCacheContext(s, Policy.defaults());
    }

    private static ElastiCacheContext context(ElastiCacheSnapshots.Builder b) {
        return context(b.build());
    }

    private static final ParameterChange TIMEOUT_86400 = new ParameterChange(TunableParameter.TIMEOUT, 86_400);

    @Test
    void aCustomGroupIsModifiedInPlace() {
        ParameterGroupSettings g = group("orders-params", List.of("orders"), userParameter("timeout", "0"));
        List<FixStep> steps = ElastiCacheFixes.setParameters(context(ElastiCacheSnapshots.replicationGroup()
                .parameterGroup(g)), g, List.of(TIMEOUT_86400));

        assertThat(steps).singleElement().isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class, m -> {
            assertThat(m.region()).isEqualTo("us-east-1");
            assertThat(m.group()).isEqualTo("orders-params");
            assertThat(m.changes()).containsExactly(TIMEOUT_86400);
            assertThat(m.explanation()).isEqualTo("Close clients idle for more than 86400 s. timeout changes"
                    + " immediately: running nodes apply it without a reboot. Parameter group orders-params is used by"
                    + " 1 cache(s) (orders): every one of them gets this change.");
        });
    }

    @Test
    void aRebootOnlyParameterSaysNodesApplyItWhenRebooted() {
        ParameterGroupSettings g = group("orders-params", List.of("orders"),
                new CacheParameter("timeout", "0", "user", "requires-reboot", true));
        List<FixStep> steps = ElastiCacheFixes.setParameters(context(ElastiCacheSnapshots.replicationGroup()
                .parameterGroup(g)), g, List.of(TIMEOUT_86400));

        assertThat(steps.getFirst().explanation()).contains("timeout is requires-reboot: nodes apply it when rebooted.");
    }

    @Test
    void theBlastRadiusNamesFiveUsersAndCountsTheRest() {
        ParameterGroupSettings g = group("shared-params", List.of("a", "b", "c", "d", "e", "f", "g"),
                userParameter("timeout", "0"));

        assertThat(ElastiCacheFixes.blastRadius(g)).isEqualTo("Parameter group shared-params is used by 7 cache(s)"
                + " (a, b, c, d, e and 2 more): every one of them gets this change.");
    }

    @Test
    void keepaliveIsTheRecommendedValuePulledIntoThePolicyRange() {
        assertThat(ElastiCacheFixes.keepalive(Policy.defaults()))
                .isEqualTo(new ParameterChange(TunableParameter.TCP_KEEPALIVE, 300));
        assertThat(ElastiCacheFixes.keepalive(Policy.defaults().withAssignment("maxKeepaliveSeconds=120")))
                .isEqualTo(new ParameterChange(TunableParameter.TCP_KEEPALIVE, 120));
        assertThat(ElastiCacheFixes.keepalive(Policy.defaults().withAssignment("recommendedKeepaliveSeconds=10")))
                .isEqualTo(new ParameterChange(TunableParameter.TCP_KEEPALIVE, 60));
    }

    @Test
    void timeoutComesFromTheCensusOrIsTheSafeStep() {
        assertThat(ElastiCacheFixes.timeout(context(ElastiCacheSnapshots.replicationGroup()))).isEqualTo(TIMEOUT_86400);
        assertThat(ElastiCacheFixes.timeout(context(ElastiCacheSnapshots.replicationGroup().direct("orders-001",
                census(clients("10.0.1.12", 50, 200), clients("10.0.1.13", 30, 2 * 86_400))))))
                .isEqualTo(new ParameterChange(TunableParameter.TIMEOUT, 7_200));
    }

    @Test
    void twoChangesOnANewGroupAreOneCreateOneModifyOneAttach() {
        ElastiCacheContext ctx = context(ElastiCacheSnapshots.replicationGroup());
        ParameterGroupSettings g = ctx.snapshot().parameterGroup().orElse(null);
        List<FixStep> steps = ElastiCacheFixes.setParameters(ctx, g,
                List.of(TIMEOUT_86400, new ParameterChange(TunableParameter.TCP_KEEPALIVE, 300)));

        assertThat(steps).hasSize(3);
        assertThat(steps.getFirst().command()).endsWith("--description 'Ghostwatch: orders with timeout 86400,"
                + " tcp-keepalive 300'");
        assertThat(steps.get(1).command()).endsWith("--parameter-name-values ParameterName=timeout,ParameterValue=86400"
                + " ParameterName=tcp-keepalive,ParameterValue=300");
    }

    @Test
    void groupParameterFindsTheValueWithItsGroup() {
        GroupParameter p = GroupParameter.read(context(ElastiCacheSnapshots.replicationGroup()), "x", "tcp-keepalive",
                "none");

        assertThat(p).isInstanceOfSatisfying(GroupParameter.Found.class, f -> {
            assertThat(f.value()).isEqualTo(300);
            assertThat(f.group().name()).isEqualTo("default.redis7");
            assertThat(f.evidence().map()).containsExactly(
                    Map.entry("tcp-keepalive", "300"),
                    Map.entry("parameter_group", "default.redis7"),
                    Map.entry("group_kind", "default"),
                    Map.entry("family", "redis7"),
                    Map.entry("source", "system"),
                    Map.entry("change_type", "immediate"),
                    Map.entry("modifiable", "true"),
                    Map.entry("read_with", "DescribeEngineDefaultParameters (family redis7)"),
                    Map.entry("used_by", "2 cache(s): orders, sessions"));
        });
    }

    @Test
    void groupParameterWithAWhitespacePaddedValueStillReadsIt() {
        GroupParameter p = GroupParameter.read(context(ElastiCacheSnapshots.replicationGroup().parameterGroup(
                group("orders-params", List.of("orders"), userParameter("timeout", " 600 ")))), "x", "timeout", "none");

        assertThat(p).isInstanceOfSatisfying(GroupParameter.Found.class, f -> assertThat(f.value()).isEqualTo(600));
    }

    @Test
    void groupParameterOnServerlessIsNotJudgedWithTheGivenReason() {
        GroupParameter p = GroupParameter.read(context(ElastiCacheSnapshots.replicationGroup().serverless(null)),
                "some_check", "timeout", "no groups there.");

        assertThat(p).isInstanceOfSatisfying(GroupParameter.NotJudged.class, n -> {
            assertThat(n.finding().checkId()).isEqualTo("some_check");
            assertThat(n.finding().status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
            assertThat(n.finding().detail()).isEqualTo("Serverless cache orders (prod/us-east-1) has no timeout"
                    + " setting: no groups there.");
        });
    }

    @Test
    void groupParameterWithAnUnsetValueIsNotJudged() {
        GroupParameter p = GroupParameter.read(context(ElastiCacheSnapshots.replicationGroup().parameterGroup(
                group("orders-params", List.of("orders"), new CacheParameter("timeout", null, "system", "immediate",
                        true)))), "x", "timeout", "none");

        assertThat(p).isInstanceOfSatisfying(GroupParameter.NotJudged.class,
                n -> assertThat(n.finding().status()).isEqualTo(CheckStatus.ERROR));
    }

    @Test
    void aNodeIsLabelledWithItsRoleAndCache() {
        ElastiCacheContext ctx = context(ElastiCacheSnapshots.replicationGroup());

        assertThat(NodeLabel.of(ctx, ctx.cache().nodes().get(0))).isEqualTo("node orders-001 (master) of replication"
                + " group orders (prod/us-east-1)");
        assertThat(NodeLabel.starting(ctx, ctx.cache().nodes().get(1))).isEqualTo("Node orders-002 (replica) of"
                + " replication group orders (prod/us-east-1)");
    }

    @Test
    void aServerlessCacheIsLabelledByItself() {
        ElastiCacheContext ctx = context(ElastiCacheSnapshots.replicationGroup().serverless(null));

        assertThat(NodeLabel.of(ctx, ctx.cache().nodes().getFirst())).isEqualTo("serverless cache orders"
                + " (prod/us-east-1)");
        assertThat(NodeLabel.starting(ctx, ctx.cache().nodes().getFirst())).isEqualTo("Serverless cache orders"
                + " (prod/us-east-1)");
    }

    @Test
    void theContextNamesTheCache() {
        ElastiCacheContext ctx = context(ElastiCacheSnapshots.replicationGroup().id("legacy").cacheCluster());

        assertThat(ctx.who()).isEqualTo("cache cluster legacy (prod/us-east-1)");
        assertThat(ctx.whoStarts()).isEqualTo("Cache cluster legacy (prod/us-east-1)");
        assertThat(ctx.node()).isEqualTo("legacy");
    }

    @Test
    void theContextsCensusSkipsUnreachableNodesAndSkippedOrUnreadableCensuses() {
        ElastiCacheSnapshot s = ElastiCacheSnapshots.replicationGroup()
                .direct("orders-001", NodeReport.unavailable(new HostPort("10.0.1.5", 6379), NodeRole.MASTER,
                        AuditStatus.UNREACHABLE, "connection refused"))
                .direct("orders-002", ClientCensus.skipped("too many clients", 86_400))
                .build();
        assertThat(context(s).census()).isEmpty();

        ElastiCacheSnapshot unreadable = ElastiCacheSnapshots.replicationGroup()
                .direct("orders-001", NodeReport.audited(Snapshots.standalone()
                        .census(Readout.unreadable("NOPERM for client|list")).build()))
                .build();
        assertThat(context(unreadable).census()).isEmpty();

        ElastiCacheSnapshot oneGood = ElastiCacheSnapshots.replicationGroup()
                .direct("orders-001", ClientCensus.skipped("too many clients", 86_400))
                .direct("orders-002", census(clients("10.0.1.12", 3, 10)))
                .build();
        assertThat(context(oneGood).census()).hasValueSatisfying(c -> assertThat(c.connections()).isEqualTo(3));
    }
}
