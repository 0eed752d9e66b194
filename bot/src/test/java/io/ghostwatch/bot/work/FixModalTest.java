package io.ghostwatch.bot.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.slack.FindingKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which settings the "Propose fix" form offers per check, for self-hosted servers and ElastiCache caches alike. */
class FixModalTest {

    @Test
    void theTimeoutChecksOfferTimeoutAndTheKeepaliveAndLeakChecksOfferBoth() {
        assertThat(FixModal.parametersFor("redis_idle_timeout_enabled")).containsExactly(TunableParameter.TIMEOUT);
        assertThat(FixModal.parametersFor("elasticache_idle_timeout_enabled")).containsExactly(TunableParameter.TIMEOUT);
        for (String check : List.of("redis_tcp_keepalive_enabled", "redis_connection_count_stable",
                "elasticache_tcp_keepalive_enabled", "elasticache_connection_count_stable")) {
            assertThat(FixModal.parametersFor(check)).as(check).containsExactly(TunableParameter.TIMEOUT,
                    TunableParameter.TCP_KEEPALIVE);
        }
        assertThat(FixModal.parametersFor("elasticache_network_access_restricted")).as("no setting fixes it").isEmpty();
    }

    @Test
    void anElastiCacheFindingBecomesAFixCommandOnTheCache() {
        FindingKey finding = FindingKey.parse("prod/us-east-1/orders/orders/elasticache_tcp_keepalive_enabled");

        assertThat(finding.target()).isEqualTo("prod/us-east-1/orders");
        assertThat(FixModal.command(finding, Policy.defaults()))
                .isEqualTo("/ghostwatch fix prod/us-east-1/orders timeout=86400 tcp-keepalive=300");
    }
}
