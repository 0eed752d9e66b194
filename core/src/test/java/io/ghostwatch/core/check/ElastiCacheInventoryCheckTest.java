package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.elasticache.NodeBasedCache;
import io.ghostwatch.core.elasticache.RegionInventory;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElastiCacheInventoryCheckTest {

    private final ElastiCacheInventoryCheck check = new ElastiCacheInventoryCheck();

    private static final NodeBasedCache ORDERS =
            (NodeBasedCache) ElastiCacheSnapshots.replicationGroup().build().resource();
    private static final NodeBasedCache SESSIONS =
            (NodeBasedCache) ElastiCacheSnapshots.replicationGroup().id("sessions").clusterMode().build().resource();
    private static final NodeBasedCache LEGACY =
            (NodeBasedCache) ElastiCacheSnapshots.replicationGroup().id("legacy").cacheCluster().build().resource();
    private static final ServerlessCache CARTS =
            (ServerlessCache) ElastiCacheSnapshots.replicationGroup().id("carts").serverless(null).build().resource();

    private static RegionInventory inventory(Readout<List<NodeBasedCache>> nodeBased,
                                             Readout<List<ServerlessCache>> serverless, int skipped) {
        return new RegionInventory(ElastiCacheSnapshots.PROD, nodeBased, serverless, skipped);
    }

    @Test
    void bothListingsReadablePassWithTheCounts() {
        Finding f = check.evaluate(inventory(Readout.known(List.of(ORDERS, SESSIONS, LEGACY)),
                Readout.known(List.of(CARTS)), 2));

        assertThat(f.checkId()).isEqualTo("elasticache_inventory_readable");
        assertThat(f.node()).isEqualTo("us-east-1");
        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("Listed every Redis OSS / Valkey cache of account prod in us-east-1:"
                + " 2 replication group(s), 1 cache cluster(s) outside them, 1 serverless cache(s); 2 memcached or other"
                + " cache(s) left out.");
        assertThat(f.evidence()).isEqualTo(Map.of("replication_groups", "2", "cache_clusters", "1",
                "serverless_caches", "1", "skipped", "2"));
        assertThat(f.evidence().keySet()).containsExactly("replication_groups", "cache_clusters", "serverless_caches",
                "skipped");
    }

    @Test
    void aRegionWithoutCachesStillPasses() {
        Finding f = check.evaluate(inventory(Readout.known(List.of()), Readout.known(List.of()), 0));

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("Listed every Redis OSS / Valkey cache of account prod in us-east-1:"
                + " 0 replication group(s), 0 cache cluster(s) outside them, 0 serverless cache(s).");
    }

    @Test
    void anUnreadableServerlessListingIsAnErrorWithTheReason() {
        String reason = "not allowed: elasticache:DescribeServerlessCaches (AccessDenied)";
        Finding f = check.evaluate(inventory(Readout.known(List.of(ORDERS)), Readout.unreadable(reason), 0));

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.severity()).isNull();
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Cannot list every cache of account prod in us-east-1: " + reason + ".");
        assertThat(f.evidence()).isEqualTo(Map.of("node_based", "listed", "serverless", "unreadable"));
    }

    @Test
    void anUnreadableNodeBasedListingIsAnErrorWithTheReason() {
        String reason = "not allowed: elasticache:DescribeReplicationGroups (AccessDenied)";
        Finding f = check.evaluate(inventory(Readout.unreadable(reason), Readout.known(List.of(CARTS)), 0));

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).isEqualTo("Cannot list every cache of account prod in us-east-1: " + reason + ".");
        assertThat(f.evidence()).isEqualTo(Map.of("node_based", "unreadable", "serverless", "listed"));
    }

    @Test
    void twoDifferentFailuresAreBothNamed() {
        Finding f = check.evaluate(inventory(Readout.unreadable("not allowed: elasticache:DescribeCacheClusters"),
                Readout.unreadable("throttled: elasticache:DescribeServerlessCaches"), 0));

        assertThat(f.detail()).isEqualTo("Cannot list every cache of account prod in us-east-1: not allowed:"
                + " elasticache:DescribeCacheClusters; throttled: elasticache:DescribeServerlessCaches.");
    }

    @Test
    void anUnreachableAccountIsAnErrorThatSaysWhyOnce() {
        String reason = "cannot assume role arn:aws:iam::111122223333:role/ghostwatch-audit (AccessDenied)";
        Finding f = check.evaluate(RegionInventory.unreachable(ElastiCacheSnapshots.PROD, reason));

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.node()).isEqualTo("us-east-1");
        assertThat(f.detail()).isEqualTo("Cannot list every cache of account prod in us-east-1: " + reason + ".");
        assertThat(f.evidence()).isEqualTo(Map.of("node_based", "unreadable", "serverless", "unreadable"));
    }

    @Test
    void metadataNamesTheListingActions() {
        assertThat(ElastiCacheInventoryCheck.METADATA.id()).isEqualTo(ElastiCacheInventoryCheck.ID);
        assertThat(ElastiCacheInventoryCheck.METADATA.maxSeverity()).isEqualTo(Severity.HIGH);
        assertThat(ElastiCacheInventoryCheck.METADATA.awsActions()).isNotEmpty();
    }
}
