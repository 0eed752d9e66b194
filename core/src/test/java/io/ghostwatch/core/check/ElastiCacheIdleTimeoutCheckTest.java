package io.ghostwatch.core.check;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.census;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.clients;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.defaultParameter;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.group;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.userParameter;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElastiCacheIdleTimeoutCheckTest {

    private final ElastiCacheIdleTimeoutCheck check = new ElastiCacheIdleTimeoutCheck();

    private Finding evaluate(ElastiCacheSnapshot s, Policy p) {
        List<Finding> findings = check.evaluate(new ElastiCacheContext(s, p));
        assertThat(findings).hasSize(1);
        return findings.getFirst();
    }

    private Finding evaluate(ElastiCacheSnapshot s) {
        return evaluate(s, Policy.defaults());
    }

    /** {@code orders-params}, a custom group shared by orders, sessions and carts. */
    private static ElastiCacheSnapshots.Builder onSharedCustomGroup(String timeout) {
        return ElastiCacheSnapshots.replicationGroup().parameterGroup(group("orders-params",
                List.of("orders", "sessions", "carts"), userParameter("timeout", timeout),
                defaultParameter("tcp-keepalive", "300")));
    }

    @Test
    void timeoutZeroOnTheDefaultGroupFailsHighWithCreateModifyAndAttach() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().build());

        assertThat(f.checkId()).isEqualTo("elasticache_idle_timeout_enabled");
        assertThat(f.node()).isEqualTo("orders");
        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) never closes idle clients:"
                + " parameter group default.redis7 (default) has timeout 0.");
        assertThat(f.evidence()).containsEntry("timeout", "0").containsEntry("parameter_group", "default.redis7")
                .containsEntry("group_kind", "default").containsEntry("family", "redis7")
                .containsEntry("source", "system").containsEntry("change_type", "immediate")
                .containsEntry("used_by", "2 cache(s): orders, sessions")
                .doesNotContainKey("probable_ghosts");

        assertThat(f.fix().steps()).hasSize(3);
        assertThat(f.fix().steps().get(0)).isInstanceOfSatisfying(FixStep.CreateParameterGroup.class, c -> {
            assertThat(c.group()).isEqualTo("ghostwatch-orders-redis7");
            assertThat(c.family()).isEqualTo("redis7");
            assertThat(c.region()).isEqualTo("us-east-1");
            assertThat(c.explanation()).contains("The default group default.redis7 cannot be modified")
                    .contains("1 other cache(s) use it");
        });
        assertThat(f.fix().steps().get(1)).isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class, m -> {
            assertThat(m.group()).isEqualTo("ghostwatch-orders-redis7");
            assertThat(m.changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400));
            assertThat(m.clusterEnabled()).isFalse();
            assertThat(m.explanation()).startsWith("Close clients idle for more than 86400 s.")
                    .contains("timeout changes immediately").doesNotContain("cluster-enabled");
        });
        assertThat(f.fix().steps().get(2)).isInstanceOfSatisfying(FixStep.AttachParameterGroup.class, a -> {
            assertThat(a.replicationGroup()).isTrue();
            assertThat(a.cacheId()).isEqualTo("orders");
            assertThat(a.explanation()).contains("only this cache changes, other users of default.redis7 keep it");
        });
        assertThat(f.fix().commands()).containsExactly(
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --cache-parameter-group-family redis7"
                        + " --description 'Ghostwatch: orders with timeout 86400'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --parameter-name-values ParameterName=timeout,ParameterValue=86400",
                "aws elasticache modify-replication-group --region us-east-1 --replication-group-id orders"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7 --apply-immediately");
        assertThat(f.fix().changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400));
        assertThat(f.fix().automatable()).isTrue();
    }

    @Test
    void aClusterModeCacheGetsClusterEnabledYesInItsNewGroup() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().clusterMode()
                .parameterGroup(group("default.redis7.cluster.on", List.of("orders"),
                        defaultParameter("timeout", "0"), defaultParameter("tcp-keepalive", "300")))
                .build());

        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.fix().steps()).hasSize(3);
        assertThat(f.fix().steps().get(1)).isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class, m -> {
            assertThat(m.clusterEnabled()).isTrue();
            assertThat(m.explanation()).contains("cluster-enabled yes keeps the new group fit for this cluster-mode"
                    + " cache, as its default group default.redis7.cluster.on was.");
        });
        assertThat(f.fix().commands()).containsExactly(
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --cache-parameter-group-family redis7"
                        + " --description 'Ghostwatch: orders with timeout 86400'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --parameter-name-values ParameterName=cluster-enabled,ParameterValue=yes"
                        + " ParameterName=timeout,ParameterValue=86400",
                "aws elasticache modify-replication-group --region us-east-1 --replication-group-id orders"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7 --apply-immediately");
        // cluster-enabled is part of the command, never a change Ghostwatch applies as a tunable
        assertThat(f.fix().changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400));
        assertThat(f.fix().steps().get(0).explanation()).contains("and 0 other cache(s) use it");
    }

    @Test
    void aCacheClusterOutsideAReplicationGroupIsAttachedWithModifyCacheCluster() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().id("legacy").cacheCluster().build());

        assertThat(f.detail()).startsWith("Cache cluster legacy (prod/us-east-1) never closes idle clients");
        assertThat(f.fix().steps().get(2)).isInstanceOfSatisfying(FixStep.AttachParameterGroup.class,
                a -> assertThat(a.replicationGroup()).isFalse());
        assertThat(f.fix().commands()).containsExactly(
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-legacy-redis7 --cache-parameter-group-family redis7"
                        + " --description 'Ghostwatch: legacy with timeout 86400'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-legacy-redis7 --parameter-name-values ParameterName=timeout,ParameterValue=86400",
                "aws elasticache modify-cache-cluster --region us-east-1 --cache-cluster-id legacy"
                        + " --cache-parameter-group-name ghostwatch-legacy-redis7 --apply-immediately");
    }

    @Test
    void timeoutZeroOnASharedCustomGroupIsOneModifyThatNamesEveryUser() {
        Finding f = evaluate(onSharedCustomGroup("0").build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) never closes idle clients:"
                + " parameter group orders-params (custom) has timeout 0.");
        assertThat(f.evidence()).containsEntry("group_kind", "custom").containsEntry("source", "user")
                .containsEntry("read_with", "DescribeCacheParameters")
                .containsEntry("used_by", "3 cache(s): orders, sessions, carts");
        assertThat(f.fix().steps()).singleElement().isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class, m -> {
            assertThat(m.group()).isEqualTo("orders-params");
            assertThat(m.clusterEnabled()).isFalse();
            assertThat(m.explanation()).contains("Parameter group orders-params is used by 3 cache(s) (orders, sessions,"
                    + " carts): every one of them gets this change.");
        });
        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-cache-parameter-group --region us-east-1"
                + " --cache-parameter-group-name orders-params --parameter-name-values"
                + " ParameterName=timeout,ParameterValue=86400");
    }

    @Test
    void aClusterModeCacheOnACustomGroupNeedsNoClusterEnabled() {
        // the custom group already runs the cluster: only a group created from scratch starts with cluster-enabled no
        Finding f = evaluate(onSharedCustomGroup("0").clusterMode().build());

        assertThat(f.fix().steps()).singleElement().isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class,
                m -> assertThat(m.clusterEnabled()).isFalse());
        assertThat(f.fix().commands().getFirst()).doesNotContain("cluster-enabled");
    }

    @Test
    void belowMinTimeoutFailsLowAndProposesTheSafeValue() {
        Finding f = evaluate(onSharedCustomGroup("120").build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) closes clients idle for only 120 s"
                + " (parameter group orders-params (custom)), below minTimeoutSeconds 300: healthy pooled connections"
                + " get killed.");
        assertThat(f.evidence()).containsEntry("timeout", "120").containsEntry("minTimeoutSeconds", "300");
        assertThat(f.fix().summary()).startsWith("Raise timeout");
        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-cache-parameter-group --region us-east-1"
                + " --cache-parameter-group-name orders-params --parameter-name-values"
                + " ParameterName=timeout,ParameterValue=86400");
    }

    @Test
    void oneSecondBelowTheMinimumIsLowAndTheMinimumItselfPasses() {
        assertThat(evaluate(onSharedCustomGroup("299").build()).severity()).isEqualTo(Severity.LOW);
        assertThat(evaluate(onSharedCustomGroup("300").build()).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aHealthyTimeoutPassesWithEvidenceOfTheGroup() {
        Finding f = evaluate(onSharedCustomGroup("3600").build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.severity()).isNull();
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) closes clients idle for more than"
                + " 3600 s (parameter group orders-params (custom)).");
        assertThat(f.evidence()).containsEntry("timeout", "3600").containsEntry("parameter_group", "orders-params")
                .containsEntry("group_kind", "custom").containsEntry("family", "redis7")
                .containsEntry("source", "user").containsEntry("change_type", "immediate")
                .containsEntry("modifiable", "true").containsEntry("read_with", "DescribeCacheParameters")
                .containsEntry("used_by", "3 cache(s): orders, sessions, carts");
        assertThat(f.evidence().keySet()).startsWith("timeout", "parameter_group", "group_kind", "family", "source",
                "change_type");
    }

    @Test
    void minTimeoutFromPolicyMovesTheBoundary() {
        Policy p = Policy.defaults().withAssignment("minTimeoutSeconds=7200");

        assertThat(evaluate(onSharedCustomGroup("3600").build(), p).severity()).isEqualTo(Severity.LOW);
        assertThat(evaluate(onSharedCustomGroup("7200").build(), p).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void serverlessIsNotApplicableAndSaysWhy() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().serverless("orders-users").build());

        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(f.node()).isEqualTo("orders");
        assertThat(f.detail()).isEqualTo("Serverless cache orders (prod/us-east-1) has no timeout setting:"
                + " ElastiCache Serverless has no parameter group; the service itself manages client connections, so"
                + " there is no timeout to read or change.");
        assertThat(f.evidence()).isEmpty();
        assertThat(f.fix()).isNull();
    }

    @Test
    void anUnreadableGroupIsAnErrorCarryingTheReason() {
        String reason = "not allowed: elasticache:DescribeCacheParameters (AccessDenied: User: arn:aws:sts::111122223333"
                + ":assumed-role/ghostwatch-audit/ghostwatch is not authorized to perform this action)";
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().parameterGroupUnreadable(reason).build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.severity()).isNull();
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Cannot read timeout of replication group orders (prod/us-east-1): " + reason
                + ".");
        assertThat(f.evidence()).isEqualTo(Map.of("timeout", "unreadable"));
    }

    @Test
    void aGroupWithoutATimeoutParameterIsAnError() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().parameterGroup(group("orders-params",
                List.of("orders"), userParameter("tcp-keepalive", "300"))).build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).isEqualTo("Cannot judge timeout of replication group orders (prod/us-east-1): parameter"
                + " group orders-params has no timeout parameter.");
        assertThat(f.evidence()).containsEntry("parameter_group", "orders-params")
                .containsEntry("read_with", "DescribeCacheParameters");
    }

    @Test
    void aTimeoutThatIsNotAWholeNumberIsAnError() {
        Finding f = evaluate(onSharedCustomGroup("1h").build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Cannot judge timeout of replication group orders (prod/us-east-1): parameter"
                + " group orders-params gives it the value '1h', not a whole number.");
    }

    @Test
    void aCensusOverADirectConnectionSetsTheProposedTimeout() {
        // 50 pooled clients idle 200 s and 30 idle two days: 4 x 300 s is below the 7200 floor
        ElastiCacheSnapshot s = ElastiCacheSnapshots.replicationGroup()
                .direct("orders-001", census(clients("10.0.1.12", 50, 200), clients("10.0.1.13", 30, 2 * 86_400)))
                .build();

        Finding f = evaluate(s);

        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.evidence()).containsEntry("probable_ghosts", "30 idle > 86400 s (census over a direct connection)");
        assertThat(f.fix().changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 7_200));
        assertThat(f.fix().commands().get(0)).endsWith("--description 'Ghostwatch: orders with timeout 7200'");
        assertThat(f.fix().commands().get(1)).endsWith("ParameterName=timeout,ParameterValue=7200");
        assertThat(f.fix().steps().get(1).explanation()).startsWith("Close clients idle for more than 7200 s.");
    }

    @Test
    void theLargestCensusOfTheCachesNodesDecides() {
        ElastiCacheSnapshot s = ElastiCacheSnapshots.replicationGroup()
                .direct("orders-001", census(clients("10.0.1.12", 5, 10)))
                .direct("orders-002", census(clients("10.0.1.12", 40, 30), clients("10.0.1.14", 5, 3_000)))
                .build();

        // longest pool idle in the (1800, 3600] bucket; 4 x 3600
        assertThat(evaluate(s).fix().changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 14_400));
    }

    @Test
    void withoutACensusTheProposalIsTheSafeFirstStep() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().build());

        assertThat(f.fix().changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400));
        assertThat(f.evidence()).doesNotContainKey("probable_ghosts");
    }

    @Test
    void aCensusTooSmallToJudgeKeepsTheSafeFirstStep() {
        ElastiCacheSnapshot s = ElastiCacheSnapshots.replicationGroup()
                .direct("orders-001", census(clients("10.0.1.12", 5, 10))).build();

        assertThat(evaluate(s).fix().changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400));
    }

    @Test
    void recommendedTimeoutFromPolicyIsWhatThePlanSets() {
        Policy p = Policy.defaults().withAssignment("recommendedTimeoutSeconds=7200");

        assertThat(evaluate(onSharedCustomGroup("0").build(), p).fix().commands()).singleElement().asString()
                .endsWith("ParameterName=timeout,ParameterValue=7200");
    }

    @Test
    void aPolicyWhoseTimeoutRangeIsEmptyTurnsTheStepsIntoManualOnes() {
        // maxTimeoutSeconds 200 is below the default minTimeoutSeconds 300: no timeout can be applied
        Policy p = Policy.defaults().withAssignment("maxTimeoutSeconds=200");

        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().build(), p);

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.fix().steps()).hasSize(3).allSatisfy(step -> {
            assertThat(step).isInstanceOf(FixStep.ManualStep.class);
            assertThat(step.explanation()).endsWith("Ghostwatch will not apply it: the policy's range 300..200 (policy"
                    + " minTimeoutSeconds..maxTimeoutSeconds) for timeout is empty; fix the policy.");
        });
        assertThat(f.fix().commands()).containsExactly(
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --cache-parameter-group-family redis7"
                        + " --description 'Ghostwatch: orders with timeout 300'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --parameter-name-values ParameterName=timeout,ParameterValue=300",
                "aws elasticache modify-replication-group --region us-east-1 --replication-group-id orders"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7 --apply-immediately");
        assertThat(f.fix().changes()).isEmpty();
        assertThat(f.fix().automatable()).isFalse();
    }

    @Test
    void anEmptyRangeOnACustomGroupIsOneManualStep() {
        Policy p = Policy.defaults().withAssignment("minTimeoutSeconds=700000"); // above the default max 604800

        Finding f = evaluate(onSharedCustomGroup("0").build(), p);

        assertThat(f.fix().steps()).singleElement().isInstanceOfSatisfying(FixStep.ManualStep.class, m -> {
            assertThat(m.command()).endsWith("ParameterName=timeout,ParameterValue=700000");
            assertThat(m.explanation()).contains("is used by 3 cache(s)")
                    .contains("the policy's range 700000..604800 (policy minTimeoutSeconds..maxTimeoutSeconds)");
        });
        assertThat(f.fix().automatable()).isFalse();
    }

    @Test
    void metadataDeclaresItsAwsActions() {
        assertThat(check.id()).isEqualTo(ElastiCacheIdleTimeoutCheck.ID);
        assertThat(check.metadata().maxSeverity()).isEqualTo(Severity.HIGH);
        assertThat(check.metadata().redisCommands()).isEmpty();
        assertThat(check.metadata().awsActions()).contains(AwsAction.DESCRIBE_CACHE_PARAMETERS,
                AwsAction.DESCRIBE_ENGINE_DEFAULT_PARAMETERS);
    }
}
