package io.ghostwatch.core.render;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.group;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.userParameter;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElastiCacheSummaryTest {

    @Test
    void aReplicationGroupOnItsDefaultGroup() {
        assertThat(ElastiCacheSummary.of(ElastiCacheSnapshots.replicationGroup().build())).isEqualTo(
                "replication group · redis 7.1.0 · 2 nodes · parameter group default.redis7 (default) · TLS required"
                        + " · AUTH token · available");
    }

    @Test
    void clusterModeACustomGroupAndRbac() {
        assertThat(ElastiCacheSummary.of(ElastiCacheSnapshots.replicationGroup().clusterMode().auth(false, "orders-users")
                .parameterGroup(group("orders-params", List.of("orders"), userParameter("timeout", "3600")))
                .build())).isEqualTo("replication group · redis 7.1.0 · cluster mode · 2 nodes · parameter group"
                + " orders-params (custom) · TLS required · RBAC user group · available");
    }

    @Test
    void aCacheClusterHasOneNode() {
        assertThat(ElastiCacheSummary.of(ElastiCacheSnapshots.replicationGroup().id("legacy").cacheCluster()
                .transit(false, null).auth(false).build())).isEqualTo("cache cluster · redis 7.1.0 · 1 node · parameter"
                + " group default.redis7 (default) · no TLS · no AUTH · available");
    }

    @Test
    void anUnreadableGroupAndPreferredTls() {
        assertThat(ElastiCacheSummary.of(ElastiCacheSnapshots.replicationGroup()
                .parameterGroupUnreadable("not allowed: elasticache:DescribeCacheParameters")
                .transit(true, "preferred").build())).isEqualTo("replication group · redis 7.1.0 · 2 nodes · parameter"
                + " group unreadable · TLS preferred · AUTH token · available");
    }

    @Test
    void aServerlessCacheHasNoNodesNorGroup() {
        assertThat(ElastiCacheSummary.of(ElastiCacheSnapshots.replicationGroup().serverless(null).build()))
                .isEqualTo("serverless cache · valkey 8.0 · TLS required · no AUTH · available");
        assertThat(ElastiCacheSummary.of(ElastiCacheSnapshots.replicationGroup().serverless("orders-users").build()))
                .isEqualTo("serverless cache · valkey 8.0 · TLS required · RBAC user group · available");
    }
}
