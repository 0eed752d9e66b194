package io.ghostwatch.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.elasticache.CacheLocation;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardPlanTest {

    private static final AuditRun RUN = new AuditRun("run-1", Instant.parse("2026-12-06T10:00:00.123456Z"));

    private static GhostwatchConfig fleet(int targets, String elasticache) {
        String inventory = IntStream.range(0, targets).mapToObj(i -> "  - {name: web-" + i + ", uri: redis://10.0.0."
                + (i % 250 + 1) + ":6379}").collect(Collectors.joining("\n"));
        return ConfigLoader.parse("targets:\n" + (targets == 0 ? "  []" : inventory) + "\n" + elasticache,
                "ghostwatch.yaml");
    }

    @Test
    void theInventoryIsCutInConfigOrderThenOneShardPerElastiCacheRegion() {
        GhostwatchConfig config = fleet(2_500, """
                elasticache:
                  regions: [us-east-1, eu-west-1]
                  accounts:
                    - name: shared
                    - name: prod
                      roleArn: arn:aws:iam::222222222222:role/ghostwatch-audit
                      regions: [us-east-1]
                """);

        ShardPlan plan = ShardPlan.of(RUN, config, "sha256:ab", 1_000);

        assertThat(plan.shards()).containsExactly(new Shard.Targets(0, 1_000), new Shard.Targets(1_000, 2_000),
                new Shard.Targets(2_000, 2_500), new Shard.ElastiCache(new CacheLocation("shared", "us-east-1")),
                new Shard.ElastiCache(new CacheLocation("shared", "eu-west-1")),
                new Shard.ElastiCache(new CacheLocation("prod", "us-east-1")));
        assertThat(plan.shards().get(2).label()).isEqualTo("targets 2001-2500 of the inventory");
        assertThat(plan.shards().get(5).label()).isEqualTo("ElastiCache prod/us-east-1");
        assertThat(plan.run().startedAt()).as("to the millisecond, as the stores keep it")
                .isEqualTo(Instant.parse("2026-12-06T10:00:00.123Z"));
    }

    @Test
    void aFleetThatFitsOneShardIsOneShard() {
        assertThat(ShardPlan.of(RUN, fleet(3, ""), "sha256:ab", 1_000).shards())
                .containsExactly(new Shard.Targets(0, 3));
    }

    @Test
    void targetsPerShardOutsideItsRangeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ShardPlan.checkTargetsPerShard(0, "GHOSTWATCH_TARGETS_PER_SHARD"))
                .hasMessage("GHOSTWATCH_TARGETS_PER_SHARD is 0; valid: 1 to 20000");
        assertThatThrownBy(() -> ShardPlan.of(RUN, fleet(3, ""), "sha256:ab", 20_001))
                .hasMessage("targets per shard is 20001; valid: 1 to 20000");
    }

    @Test
    void aRunIdMustBeAnExecutionName() {
        assertThatThrownBy(() -> new AuditRun("has space", Instant.EPOCH)).hasMessageContaining("'has space' is not 1-80");
        assertThatThrownBy(() -> new AuditRun("x".repeat(81), Instant.EPOCH)).hasMessageContaining("is not 1-80");
        assertThatThrownBy(() -> new Shard.Targets(5, 5)).hasMessageContaining("not 5 to 5");
    }
}
