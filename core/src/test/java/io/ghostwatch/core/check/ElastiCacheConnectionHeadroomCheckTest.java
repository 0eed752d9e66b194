package io.ghostwatch.core.check;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.hourly;
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

class ElastiCacheConnectionHeadroomCheckTest {

    /** The time of the latest of {@code hourly(24, ...)}'s points: an hour before the snapshot. */
    private static final String LATEST = "2026-11-21T09:00:00Z";

    private final ElastiCacheConnectionHeadroomCheck check = new ElastiCacheConnectionHeadroomCheck();

    private List<Finding> evaluate(ElastiCacheSnapshot s, Policy p) {
        return check.evaluate(new ElastiCacheContext(s, p));
    }

    /** The finding about orders-001 whose latest hourly maximum is {@code latest} (orders-002 stays low). */
    private Finding primaryAt(long latest) {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", hourly(24, h -> h == 23 ? latest : 1_000))
                .connections("orders-002", hourly(24, h -> 300)).build(), Policy.defaults());
        assertThat(findings).extracting(Finding::node).containsExactly("orders-001", "orders-002");
        assertThat(findings.get(1).status()).isEqualTo(CheckStatus.PASS);
        return findings.getFirst();
    }

    @Test
    void ninetyTwoPercentOfTheLimitFailsHigh() {
        Finding f = primaryAt(59_800);

        assertThat(f.checkId()).isEqualTo("elasticache_connection_headroom");
        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).isEqualTo("Node orders-001 (master) of replication group orders (prod/us-east-1) is near"
                + " ElastiCache's connection limit: 59800 of 65000 connections (92.0%, hourly maximum at " + LATEST
                + "), at or above headroomPercent 80%.");
        assertThat(f.evidence()).isEqualTo(Map.of("curr_connections", "59800", "limit", "65000", "used", "92.0%",
                "at", LATEST));
        assertThat(f.fix().commands()).as("the timeout 0 of its default group is fixed the way the timeout check"
                + " proposes").containsExactly("CLIENT LIST",
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --cache-parameter-group-family redis7 --description 'Ghostwatch:"
                        + " orders with timeout 86400'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --parameter-name-values ParameterName=timeout,ParameterValue=86400",
                "aws elasticache modify-replication-group --region us-east-1 --replication-group-id orders"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7 --apply-immediately",
                "aws elasticache describe-replication-groups --region us-east-1");
        assertThat(f.fix().automatable()).isTrue();
    }

    @Test
    void atTheLimitFailsCritical() {
        Finding f = primaryAt(65_000);

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).isEqualTo("Node orders-001 (master) of replication group orders (prod/us-east-1) is at"
                + " ElastiCache's connection limit: 65000 of 65000 connections (100.0%, hourly maximum at " + LATEST
                + "); new clients are refused.");
    }

    @Test
    void theHeadroomBoundaryIsAtOrAbove() {
        assertThat(primaryAt(52_000).severity()).isEqualTo(Severity.HIGH); // exactly 80%
        Finding below = primaryAt(51_999);
        assertThat(below.status()).isEqualTo(CheckStatus.PASS);
        assertThat(below.evidence()).as("evidence and detail round alike: never 80.0% on a pass")
                .containsEntry("used", "79.9%");
        assertThat(primaryAt(64_999).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void lowUsagePasses() {
        Finding f = primaryAt(1_200);

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Node orders-001 (master) of replication group orders (prod/us-east-1) has"
                + " headroom: 1200 of 65000 connections (1.8%, hourly maximum at " + LATEST + ").");
        assertThat(f.evidence()).containsEntry("curr_connections", "1200").containsEntry("used", "1.8%");
    }

    @Test
    void onlyTheLatestHourCounts() {
        // a peak earlier in the window that has since gone is not a lack of headroom now
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", hourly(24, h -> h == 10 ? 64_000 : 900)).build(), Policy.defaults());

        assertThat(findings.getFirst().status()).isEqualTo(CheckStatus.PASS);
        assertThat(findings.getFirst().evidence()).containsEntry("curr_connections", "900");
    }

    @Test
    void headroomPercentFromPolicyMovesTheBoundary() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", hourly(3, h -> 33_000)).build(),
                Policy.defaults().withAssignment("headroomPercent=50"));

        assertThat(findings.getFirst().severity()).isEqualTo(Severity.HIGH);
        assertThat(findings.getFirst().detail()).endsWith("at or above headroomPercent 50%.");
    }

    @Test
    void aNodeWithoutDatapointsIsNotApplicable() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", hourly(24, h -> 59_800)).connections("orders-002", List.of()).build(),
                Policy.defaults());

        assertThat(findings).extracting(Finding::node).containsExactly("orders-001", "orders-002");
        assertThat(findings).extracting(Finding::status).containsExactly(CheckStatus.FAIL, CheckStatus.NOT_APPLICABLE);
        Finding f = findings.get(1);
        assertThat(f.detail()).startsWith("CloudWatch has no CurrConnections datapoint for")
                .contains("orders-002 (replica) of replication group orders (prod/us-east-1)")
                .endsWith("in the history window (a new or idle node).");
        assertThat(f.fix()).isNull();
    }

    @Test
    void aNodeMissingFromTheMetricsIsNotApplicableToo() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup().build(), Policy.defaults());

        assertThat(findings).extracting(Finding::status)
                .containsExactly(CheckStatus.NOT_APPLICABLE, CheckStatus.NOT_APPLICABLE);
    }

    @Test
    void unreadableConnectionsAreAnErrorForEachNode() {
        String reason = "not allowed: cloudwatch:GetMetricData (AccessDenied)";
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup().connectionsUnreadable(reason).build(),
                Policy.defaults());

        assertThat(findings).extracting(Finding::node).containsExactly("orders-001", "orders-002");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.detail()).startsWith("Cannot read the connection counts of").endsWith(": " + reason + ".");
            assertThat(f.evidence()).isEqualTo(Map.of("CurrConnections", "unreadable"));
        });
        assertThat(findings.get(1).detail()).contains("orders-002 (replica)");
    }

    @Test
    void eachNodeIsJudgedOnItsOwnSeries() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", hourly(24, h -> 65_000))
                .connections("orders-002", hourly(24, h -> 60_000)).build(), Policy.defaults());

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.CRITICAL, Severity.HIGH);
        assertThat(findings.get(1).detail()).startsWith("Node orders-002 (replica) of replication group orders");
    }

    @Test
    void aServerlessCacheIsOneFindingNamedByTheCache() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup().serverless("orders-users")
                .connections("orders", hourly(24, h -> 60_000)).build(), Policy.defaults());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.node()).isEqualTo("orders");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.detail()).startsWith("Serverless cache orders (prod/us-east-1) is near ElastiCache's"
                    + " connection limit: 60000 of 65000 connections (92.3%");
        });
    }
}
