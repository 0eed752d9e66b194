package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElastiCacheTransitEncryptionCheckTest {

    private static final String MODIFY = "aws elasticache modify-replication-group --region us-east-1"
            + " --replication-group-id orders";

    private final ElastiCacheTransitEncryptionCheck check = new ElastiCacheTransitEncryptionCheck();

    private Finding evaluate(ElastiCacheSnapshot s) {
        List<Finding> findings = check.evaluate(new ElastiCacheContext(s, Policy.defaults()));
        assertThat(findings).hasSize(1);
        return findings.getFirst();
    }

    @Test
    void disabledFailsMediumWithPreferredThenRequired() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().transit(false, null).build());

        assertThat(f.checkId()).isEqualTo("elasticache_transit_encryption_enabled");
        assertThat(f.node()).isEqualTo("orders");
        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) does not encrypt traffic in"
                + " transit: commands, data and any password cross the network in clear.");
        assertThat(f.evidence()).isEqualTo(Map.of("transit_encryption", "false"));
        assertThat(f.fix().steps()).hasSize(2).allMatch(s -> s instanceof FixStep.ManualStep);
        assertThat(f.fix().commands()).containsExactly(
                MODIFY + " --transit-encryption-enabled --transit-encryption-mode preferred --apply-immediately",
                MODIFY + " --transit-encryption-mode required --apply-immediately");
        assertThat(f.fix().steps().get(0).explanation()).startsWith("Offer TLS while still accepting plaintext");
        assertThat(f.fix().steps().get(1).explanation()).isEqualTo("Once every client connects with TLS, refuse"
                + " plaintext.");
        assertThat(f.fix().automatable()).isFalse();
    }

    @Test
    void modePreferredFailsLowWithRequired() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().transit(true, "preferred").build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) offers TLS but still accepts"
                + " unencrypted connections (transit encryption mode preferred).");
        assertThat(f.evidence()).isEqualTo(Map.of("transit_encryption", "true", "mode", "preferred"));
        assertThat(f.fix().commands()).containsExactly(MODIFY + " --transit-encryption-mode required"
                + " --apply-immediately");
    }

    @Test
    void modeRequiredPasses() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) requires TLS for every connection.");
        assertThat(f.evidence()).isEqualTo(Map.of("transit_encryption", "true", "mode", "required"));
    }

    @Test
    void enabledWithoutAReportedModePasses() {
        // engines before 7.0.5 report no TransitEncryptionMode: encryption on means TLS only
        assertThat(evaluate(ElastiCacheSnapshots.replicationGroup().transit(true, null).build()).status())
                .isEqualTo(CheckStatus.PASS);
    }

    @Test
    void serverlessAlwaysPasses() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().serverless(null).transit(false, null).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("Serverless cache orders (prod/us-east-1) encrypts every connection:"
                + " ElastiCache Serverless always requires TLS.");
        assertThat(f.evidence()).isEqualTo(Map.of("transit_encryption", "true", "mode", "required"));
    }

    @Test
    void aCacheClusterIsChangedWithModifyCacheCluster() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().id("legacy").cacheCluster()
                .transit(true, "preferred").build());

        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-cache-cluster --region us-east-1"
                + " --cache-cluster-id legacy --transit-encryption-mode required --apply-immediately");
    }
}
