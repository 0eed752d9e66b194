package io.ghostwatch.core.elasticache;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.fix.TunableParameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterGroupPlanTest {

    private static final CacheName ORDERS = CacheName.parse("prod/eu-west-1/orders").orElseThrow();

    private static ParameterGroupPlan plan(long timeoutBefore, long timeoutAfter, long keepaliveBefore,
                                           long keepaliveAfter) {
        return new ParameterGroupPlan.ModifyGroup(ORDERS, "orders-params", "redis7",
                Map.of(TunableParameter.TIMEOUT, new ParameterValue(timeoutBefore, "user"),
                        TunableParameter.TCP_KEEPALIVE, new ParameterValue(keepaliveBefore, "user")),
                Map.of(TunableParameter.TIMEOUT, timeoutAfter, TunableParameter.TCP_KEEPALIVE, keepaliveAfter), Set.of(),
                Map.of(TunableParameter.TIMEOUT, "immediate", TunableParameter.TCP_KEEPALIVE, "immediate"),
                List.of("prod/eu-west-1/orders"));
    }

    @Test
    void aPlanIsANoOpOnlyWhenEveryValueIsAlreadyInPlace() {
        assertThat(plan(300, 300, 300, 300).noOp()).isTrue();
        assertThat(plan(0, 300, 300, 300).noOp()).as("timeout changes").isFalse();
        assertThat(plan(300, 300, 0, 300).noOp()).as("tcp-keepalive changes").isFalse();
        // past the small-Long cache: compared by value, not by identity
        assertThat(plan(86_400, 86_400, 300, 300).noOp()).isTrue();
    }
}
