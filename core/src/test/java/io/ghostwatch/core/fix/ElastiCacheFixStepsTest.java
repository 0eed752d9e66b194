package io.ghostwatch.core.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parameter-group steps of {@link FixStep}: the commands an operator would type, and what a plan may apply. */
class ElastiCacheFixStepsTest {

    private static final ParameterChange TIMEOUT = new ParameterChange(TunableParameter.TIMEOUT, 86_400);
    private static final ParameterChange KEEPALIVE = new ParameterChange(TunableParameter.TCP_KEEPALIVE, 300);

    @Test
    void modifyParameterGroupSetsEachValueInOrder() {
        FixStep step = new FixStep.ModifyParameterGroup("eu-west-1", "orders-params", List.of(TIMEOUT, KEEPALIVE),
                false, "why");

        assertThat(step.command()).isEqualTo("aws elasticache modify-cache-parameter-group --region eu-west-1"
                + " --cache-parameter-group-name orders-params --parameter-name-values"
                + " ParameterName=timeout,ParameterValue=86400 ParameterName=tcp-keepalive,ParameterValue=300");
        assertThat(step.explanation()).isEqualTo("why");
    }

    @Test
    void modifyParameterGroupPutsClusterEnabledFirstWhenAsked() {
        FixStep step = new FixStep.ModifyParameterGroup("us-east-1", "ghostwatch-orders-redis7", List.of(TIMEOUT),
                true, "why");

        assertThat(step.command()).isEqualTo("aws elasticache modify-cache-parameter-group --region us-east-1"
                + " --cache-parameter-group-name ghostwatch-orders-redis7 --parameter-name-values"
                + " ParameterName=cluster-enabled,ParameterValue=yes ParameterName=timeout,ParameterValue=86400");
    }

    @Test
    void modifyParameterGroupKeepsItsOwnCopyOfTheChanges() {
        List<ParameterChange> changes = new ArrayList<>(List.of(TIMEOUT));
        FixStep.ModifyParameterGroup step = new FixStep.ModifyParameterGroup("us-east-1", "g", changes, false, "why");
        changes.add(KEEPALIVE);

        assertThat(step.changes()).containsExactly(TIMEOUT);
    }

    @Test
    void modifyParameterGroupNeedsARegionAndAGroup() {
        assertThatThrownBy(() -> new FixStep.ModifyParameterGroup(null, "g", List.of(TIMEOUT), false, "why"))
                .isInstanceOf(NullPointerException.class).hasMessage("region");
        assertThatThrownBy(() -> new FixStep.ModifyParameterGroup("us-east-1", null, List.of(TIMEOUT), false, "why"))
                .isInstanceOf(NullPointerException.class).hasMessage("group");
    }

    @Test
    void createParameterGroupQuotesItsDescription() {
        FixStep step = new FixStep.CreateParameterGroup("us-east-1", "ghostwatch-orders-redis7", "redis7",
                "Ghostwatch: orders with timeout 86400", "why");

        assertThat(step.command()).isEqualTo("aws elasticache create-cache-parameter-group --region us-east-1"
                + " --cache-parameter-group-name ghostwatch-orders-redis7 --cache-parameter-group-family redis7"
                + " --description 'Ghostwatch: orders with timeout 86400'");
    }

    @Test
    void createParameterGroupNeedsAFamily() {
        assertThatThrownBy(() -> new FixStep.CreateParameterGroup("us-east-1", "g", null, "d", "why"))
                .isInstanceOf(NullPointerException.class).hasMessage("family");
    }

    @Test
    void attachToAReplicationGroupIsModifyReplicationGroup() {
        FixStep step = new FixStep.AttachParameterGroup("us-east-1", true, "orders", "ghostwatch-orders-redis7", "why");

        assertThat(step.command()).isEqualTo("aws elasticache modify-replication-group --region us-east-1"
                + " --replication-group-id orders --cache-parameter-group-name ghostwatch-orders-redis7"
                + " --apply-immediately");
    }

    @Test
    void attachToACacheClusterIsModifyCacheCluster() {
        FixStep step = new FixStep.AttachParameterGroup("us-east-1", false, "legacy", "ghostwatch-legacy-redis7", "why");

        assertThat(step.command()).isEqualTo("aws elasticache modify-cache-cluster --region us-east-1"
                + " --cache-cluster-id legacy --cache-parameter-group-name ghostwatch-legacy-redis7 --apply-immediately");
    }

    @Test
    void aPlanAppliesOnlyTheModifiedParameters() {
        FixPlan plan = new FixPlan("Set timeout.", List.of(
                new FixStep.CreateParameterGroup("us-east-1", "ghostwatch-orders-redis7", "redis7", "d", "why"),
                new FixStep.ModifyParameterGroup("us-east-1", "ghostwatch-orders-redis7", List.of(TIMEOUT, KEEPALIVE),
                        true, "why"),
                new FixStep.AttachParameterGroup("us-east-1", true, "orders", "ghostwatch-orders-redis7", "why")));

        assertThat(plan.changes()).containsExactly(TIMEOUT, KEEPALIVE);
        assertThat(plan.automatable()).isTrue();
        assertThat(plan.commands()).hasSize(3);
    }

    @Test
    void aPlanOfManualCopiesIsNotAutomatable() {
        FixStep modify = new FixStep.ModifyParameterGroup("us-east-1", "g", List.of(TIMEOUT), false, "why");
        FixPlan plan = new FixPlan("Set timeout.", List.of(new FixStep.ManualStep(modify.command(), "by hand")));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.automatable()).isFalse();
        assertThat(plan.commands()).containsExactly(modify.command());
    }
}
