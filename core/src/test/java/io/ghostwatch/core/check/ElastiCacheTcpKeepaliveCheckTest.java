package io.ghostwatch.core.check;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.defaultParameter;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.group;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.userParameter;
import static org.assertj.core.api.Assertions.assertThat;

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

class ElastiCacheTcpKeepaliveCheckTest {

    private final ElastiCacheTcpKeepaliveCheck check = new ElastiCacheTcpKeepaliveCheck();

    private Finding evaluate(ElastiCacheSnapshot s, Policy p) {
        List<Finding> findings = check.evaluate(new ElastiCacheContext(s, p));
        assertThat(findings).hasSize(1);
        return findings.getFirst();
    }

    private Finding evaluate(ElastiCacheSnapshot s) {
        return evaluate(s, Policy.defaults());
    }

    /** The default group default.redis7 with this tcp-keepalive (and timeout 0, as ElastiCache ships it). */
    private static ElastiCacheSnapshot onDefaultGroup(String keepalive) {
        return ElastiCacheSnapshots.replicationGroup().parameterGroup(group("default.redis7", List.of("orders", "sessions"),
                defaultParameter("timeout", "0"), defaultParameter("tcp-keepalive", keepalive))).build();
    }

    /** The custom group orders-params, used by orders and sessions, with this tcp-keepalive. */
    private static ElastiCacheSnapshot onCustomGroup(String keepalive) {
        return ElastiCacheSnapshots.replicationGroup().parameterGroup(group("orders-params", List.of("orders", "sessions"),
                userParameter("timeout", "3600"), userParameter("tcp-keepalive", keepalive))).build();
    }

    @Test
    void keepaliveZeroFailsHighWithThePolicysRecommendedValue() {
        Finding f = evaluate(onDefaultGroup("0"));

        assertThat(f.checkId()).isEqualTo("elasticache_tcp_keepalive_enabled");
        assertThat(f.node()).isEqualTo("orders");
        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) never probes idle peers: parameter"
                + " group default.redis7 (default) has tcp-keepalive 0, so a client that vanishes without FIN leaves a"
                + " ghost connection.");
        assertThat(f.evidence()).containsEntry("tcp-keepalive", "0").containsEntry("parameter_group", "default.redis7")
                .containsEntry("group_kind", "default");
        assertThat(f.fix().steps()).hasSize(3);
        assertThat(f.fix().steps().get(0)).isInstanceOf(FixStep.CreateParameterGroup.class);
        assertThat(f.fix().steps().get(1)).isInstanceOf(FixStep.ModifyParameterGroup.class);
        assertThat(f.fix().steps().get(2)).isInstanceOf(FixStep.AttachParameterGroup.class);
        assertThat(f.fix().commands()).containsExactly(
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --cache-parameter-group-family redis7"
                        + " --description 'Ghostwatch: orders with tcp-keepalive 300'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --parameter-name-values"
                        + " ParameterName=tcp-keepalive,ParameterValue=300",
                "aws elasticache modify-replication-group --region us-east-1 --replication-group-id orders"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7 --apply-immediately");
        assertThat(f.fix().changes()).containsExactly(new ParameterChange(TunableParameter.TCP_KEEPALIVE, 300));
        assertThat(f.fix().steps().get(1).explanation()).startsWith("Probe idle peers every 300 s so a vanished client"
                + " is dropped after about 600 s (new connections only; existing ghosts need timeout).");
    }

    @Test
    void recommendedKeepaliveFromPolicyIsWhatThePlanSets() {
        Policy p = Policy.defaults().withAssignment("recommendedKeepaliveSeconds=120");

        Finding f = evaluate(onCustomGroup("0"), p);

        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-cache-parameter-group --region us-east-1"
                + " --cache-parameter-group-name orders-params --parameter-name-values"
                + " ParameterName=tcp-keepalive,ParameterValue=120");
        assertThat(f.fix().steps().getFirst().explanation()).contains("Parameter group orders-params is used by 2"
                + " cache(s) (orders, sessions): every one of them gets this change.");
    }

    @Test
    void aboveMaxKeepaliveFailsLow() {
        Finding f = evaluate(onCustomGroup("600"));

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) probes idle peers only every 600 s"
                + " (parameter group orders-params (custom)), above maxKeepaliveSeconds 300: a dead peer holds its"
                + " connection for about 1200 s.");
        assertThat(f.evidence()).containsEntry("tcp-keepalive", "600").containsEntry("maxKeepaliveSeconds", "300");
        assertThat(f.fix().commands()).singleElement().asString()
                .endsWith("ParameterName=tcp-keepalive,ParameterValue=300");
    }

    @Test
    void oneAboveTheMaximumIsLowAndTheMaximumItselfPasses() {
        assertThat(evaluate(onCustomGroup("301")).severity()).isEqualTo(Severity.LOW);
        assertThat(evaluate(onCustomGroup("300")).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void inRangePassesWithEvidenceOfTheGroup() {
        Finding f = evaluate(onDefaultGroup("300"));

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.severity()).isNull();
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) sends TCP keepalives every 300 s"
                + " (parameter group default.redis7 (default)): a dead peer is dropped after about 600 s.");
        assertThat(f.evidence()).containsEntry("tcp-keepalive", "300").containsEntry("group_kind", "default")
                .containsEntry("source", "system").containsEntry("change_type", "immediate")
                .containsEntry("read_with", "DescribeEngineDefaultParameters (family redis7)");
    }

    @Test
    void maxKeepaliveFromPolicyMovesTheBoundary() {
        Policy p = Policy.defaults().withAssignment("maxKeepaliveSeconds=120");

        assertThat(evaluate(onCustomGroup("300"), p).severity()).isEqualTo(Severity.LOW);
        assertThat(evaluate(onCustomGroup("120"), p).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void serverlessIsNotApplicable() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().serverless(null).build());

        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(f.detail()).isEqualTo("Serverless cache orders (prod/us-east-1) has no tcp-keepalive setting:"
                + " ElastiCache Serverless has no parameter group; the service itself manages client connections, so"
                + " there is no tcp-keepalive to read or change.");
    }

    @Test
    void anUnreadableGroupIsAnError() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup()
                .parameterGroupUnreadable("not allowed: elasticache:DescribeEngineDefaultParameters (AccessDenied)")
                .build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).isEqualTo("Cannot read tcp-keepalive of replication group orders (prod/us-east-1): not"
                + " allowed: elasticache:DescribeEngineDefaultParameters (AccessDenied).");
        assertThat(f.evidence()).isEqualTo(Map.of("tcp-keepalive", "unreadable"));
    }

    @Test
    void anUnsetKeepaliveIsAnError() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().parameterGroup(group("orders-params",
                List.of("orders"), userParameter("timeout", "3600"))).build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).endsWith("parameter group orders-params has no tcp-keepalive parameter.");
    }
}
