package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.policy.PolicyKey;
import org.junit.jupiter.api.Test;

/** The example config the README points at must load as it is (parsed only: its addresses are never dialled). */
class ExampleConfigTest {

    @Test
    void exampleConfigLoads() {
        GhostwatchConfig config = ConfigLoader.load(RepoFiles.file("infra/examples/ghostwatch.yaml"));
        assertThat(config.targets()).extracting(t -> t.name())
                .containsExactly("cache-payments", "sessions-cluster", "queue-primary", "payments-replica");
        assertThat(config.targets().getFirst().tls()).isTrue();
        assertThat(config.targets().getFirst().password()).isEqualTo(new SecretRef.Env("PAYMENTS_REDIS_PASSWORD"));
        assertThat(config.targets().get(1).user()).isEqualTo("ghostwatch");
        assertThat(config.targets().get(3).password()).as("a Secrets Manager reference")
                .isEqualTo(new SecretRef.Secret("ghostwatch/redis/payments", "password"));
        SlackConfig slack = config.slack();
        assertThat(slack.channel()).isEqualTo("C0123ABCD");
        assertThat(slack.botToken()).isEqualTo(new SecretRef.Env("SLACK_BOT_TOKEN"));
        assertThat(slack.quietRuns()).isEqualTo(SlackConfig.QuietRuns.POST);
        assertThat(slack.maxListed()).as("the documented default").isEqualTo(SlackConfig.DEFAULT_MAX_LISTED);
        assertThat(config.mutes()).extracting(Mute::scope).containsExactly(new Mute.Scope.Target("queue-primary"),
                new Mute.Scope.Tag("team", "identity"), new Mute.Scope.Tag("account", "shared"));
        assertThat(config.elasticache().accounts()).extracting(a -> a.name() + " " + a.regions())
                .containsExactly("shared [us-east-1, eu-west-1]", "prod [us-east-1]");
        assertThat(config.elasticache().account("prod").orElseThrow().externalId()).isEqualTo("ghostwatch-7f3a");
        assertThat(config.elasticache().connectionFor("prod/us-east-1/orders-v2").orElseThrow().password())
                .isEqualTo(new SecretRef.Secret("ghostwatch/elasticache/orders", "authToken"));
        assertThat(config.mutes()).allSatisfy(m -> assertThat(m.reason()).isNotBlank());
        for (PolicyKey key : PolicyKey.values()) {
            if (config.policy().overrides().containsKey(key)) {
                assertThat(config.policy().get(key)).as(key.key()).isEqualTo(key.defaultValue());
            }
        }
    }
}
