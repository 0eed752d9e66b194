package io.ghostwatch.core.check;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.defaultParameter;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.group;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.hourly;
import static io.ghostwatch.core.testing.ElastiCacheSnapshots.userParameter;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.history.ServerSample.AddressSample;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElastiCacheConnectionCountStableCheckTest {

    private static final int TWO_WEEKS = 14 * 24;

    private final ElastiCacheConnectionCountStableCheck check = new ElastiCacheConnectionCountStableCheck();

    /**
     * CloudWatch's hourly maxima of CurrConnections over {@code hours}: a pool of {@code base} with a daily swing of
     * ±40 and a little deterministic noise, plus ghosts piling up at {@code leakPerDay}.
     */
    private static List<ConnectionPoint> series(int hours, long base, double leakPerDay) {
        Random noise = new Random(7);
        return hourly(hours, h -> Math.round(base + leakPerDay * h / 24.0 + 40 * Math.sin(2 * Math.PI * h / 24)
                + noise.nextGaussian() * 5));
    }

    /**
     * Census samples of orders-001 over a direct connection, one every 6 hours over the last three days: every extra
     * connection from 10.0.1.12 (the incidents' leaking app host), 10.0.1.13's pool flat.
     */
    private static List<ServerSample> censusHistory(double leakPerDay) {
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h <= 72; h += 6) {
            Instant t = ElastiCacheSnapshots.COLLECTED_AT.minus(Duration.ofHours(72 - h));
            int leaked = (int) Math.round(leakPerDay * h / 24.0);
            samples.add(new ServerSample("prod/us-east-1/orders", "orders-001.abc123.0001.use1.cache.amazonaws.com:6379",
                    t, 2_000 + leaked, 65_000, 0, 10_000 + h, List.of(
                    new AddressSample("10.0.1.12", 40 + leaked, leaked, 0, 3_600L * h),
                    new AddressSample("10.0.1.13", 1_960, 0, 0, 600))));
        }
        return samples;
    }

    private List<Finding> evaluate(ElastiCacheSnapshot s, Map<String, List<ServerSample>> censusHistory) {
        List<Finding> findings = check.evaluate(new ElastiCacheContext(s, Policy.defaults(), censusHistory));
        assertThat(findings).extracting(Finding::node).containsExactly("orders-001", "orders-002");
        return findings;
    }

    /** The finding about orders-001 (orders-002 has no datapoints). */
    private Finding primary(ElastiCacheSnapshot s) {
        return evaluate(s, Map.of()).getFirst();
    }

    @Test
    void aSlowLeakFailsMediumNamingTimeoutZeroAsTheCause() {
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(TWO_WEEKS, 2_000, 80)).build());

        assertThat(f.checkId()).isEqualTo("elasticache_connection_count_stable");
        assertThat(f.status()).as(f.detail()).isEqualTo(CheckStatus.FAIL);
        // about 3100 now, 61,900 to go at 80 a day: two years away
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.detail()).startsWith("Node orders-001 (master) of replication group orders (prod/us-east-1) is"
                + " leaking connections: +")
                .containsPattern("\\+(79|80|81) a day since 2026-11-07T10:00:00Z, ")
                .containsPattern("ElastiCache's limit of 65000 connections in about 7[5-9][0-9] days\\.")
                .endsWith(" Likely cause: timeout 0 in parameter group default.redis7.")
                .doesNotContain("The rise comes from");
        double slope = Double.parseDouble(f.evidence().get("slope_per_day"));
        assertThat(slope).isBetween(75.0, 85.0);
        assertThat(f.evidence()).containsEntry("hourly_points", String.valueOf(TWO_WEEKS))
                .containsEntry("since", "2026-11-07T10:00:00Z")
                .containsKeys("latest", "confidence", "started_at", "exhausts_at")
                .doesNotContainKey("rising_addresses");
        assertThat(Instant.parse(f.evidence().get("exhausts_at")))
                .isAfter(ElastiCacheSnapshots.COLLECTED_AT.plus(Duration.ofDays(365)));
    }

    @Test
    void theFixPlanStartsWithTheParameterGroupSteps() {
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(TWO_WEEKS, 2_000, 80)).build());

        List<FixStep> steps = f.fix().steps();
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0)).isInstanceOf(FixStep.CreateParameterGroup.class);
        assertThat(steps.get(1)).isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class,
                m -> assertThat(m.changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400)));
        assertThat(steps.get(2)).isInstanceOf(FixStep.AttachParameterGroup.class);
        assertThat(steps.get(3)).isInstanceOf(FixStep.ManualStep.class);
        assertThat(f.fix().commands()).containsExactly(
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --cache-parameter-group-family redis7"
                        + " --description 'Ghostwatch: orders with timeout 86400'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --parameter-name-values ParameterName=timeout,ParameterValue=86400",
                "aws elasticache modify-replication-group --region us-east-1 --replication-group-id orders"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7 --apply-immediately",
                "ss -tn dst :6379  (on each client host)");
        assertThat(f.fix().changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400));
    }

    @Test
    void aLeakCloseToTheLimitIsCritical() {
        // about 64,600 now, some 400 to go at 80 a day: five days
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(TWO_WEEKS, 63_500, 80)).build());

        assertThat(f.status()).as(f.detail()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).containsPattern("ElastiCache's limit of 65000 connections in about [3-6] days\\.")
                .contains("Likely cause: timeout 0");
    }

    @Test
    void aLeakWeeksFromTheLimitIsHigh() {
        // about 63,600 now, some 1,400 to go at 80 a day: two and a half weeks
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(TWO_WEEKS, 62_500, 80)).build());

        assertThat(f.severity()).as(f.detail()).isEqualTo(Severity.HIGH);
    }

    @Test
    void bothZeroParametersAreNamedAndSetInOneChange() {
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .parameterGroup(group("orders-params", List.of("orders", "sessions"), userParameter("timeout", "0"),
                        userParameter("tcp-keepalive", "0")))
                .connections("orders-001", series(TWO_WEEKS, 2_000, 80)).build());

        assertThat(f.detail()).endsWith(" Likely cause: timeout 0 and tcp-keepalive 0 in parameter group orders-params.");
        assertThat(f.fix().steps().getFirst()).isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class, m -> {
            assertThat(m.group()).isEqualTo("orders-params");
            assertThat(m.changes()).containsExactly(new ParameterChange(TunableParameter.TIMEOUT, 86_400),
                    new ParameterChange(TunableParameter.TCP_KEEPALIVE, 300));
            assertThat(m.explanation()).contains("is used by 2 cache(s) (orders, sessions)");
        });
        assertThat(f.fix().commands()).containsExactly("aws elasticache modify-cache-parameter-group --region us-east-1"
                + " --cache-parameter-group-name orders-params --parameter-name-values"
                + " ParameterName=timeout,ParameterValue=86400 ParameterName=tcp-keepalive,ParameterValue=300",
                "ss -tn dst :6379  (on each client host)");
    }

    @Test
    void withHealthyParametersThePlanIsOnlyToFindTheLeak() {
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .parameterGroup(group("orders-params", List.of("orders"), userParameter("timeout", "3600"),
                        defaultParameter("tcp-keepalive", "300")))
                .connections("orders-001", series(TWO_WEEKS, 2_000, 80)).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.detail()).doesNotContain("Likely cause");
        assertThat(f.fix().commands()).containsExactly("ss -tn dst :6379  (on each client host)");
        assertThat(f.fix().automatable()).isFalse();
    }

    @Test
    void anUnreadableGroupLeavesTheCauseUnnamed() {
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .parameterGroupUnreadable("not allowed: elasticache:DescribeCacheParameters")
                .connections("orders-001", series(TWO_WEEKS, 2_000, 80)).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.detail()).doesNotContain("Likely cause");
        assertThat(f.fix().steps()).singleElement().isInstanceOf(FixStep.ManualStep.class);
    }

    @Test
    void theCensusHistoryNamesTheRisingClientAddress() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(TWO_WEEKS, 2_000, 80)).build(),
                Map.of("orders-001", censusHistory(80)));
        Finding f = findings.getFirst();

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.detail()).contains(". The rise comes from 10.0.1.12 (+80/day). Likely cause: timeout 0")
                .doesNotContain("10.0.1.13");
        assertThat(f.evidence()).containsEntry("rising_addresses", "10.0.1.12 (+80/day)");
        assertThat(f.fix().commands().getLast()).isEqualTo("ss -tn dst :6379  (on 10.0.1.12)");
        assertThat(findings.get(1).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
    }

    @Test
    void anotherNodesCensusDoesNotNameAddressesForThisOne() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(TWO_WEEKS, 2_000, 80)).build(),
                Map.of("orders-002", censusHistory(80))).getFirst();

        assertThat(f.detail()).doesNotContain("The rise comes from");
        assertThat(f.evidence()).doesNotContainKey("rising_addresses");
    }

    @Test
    void aFlatSeriesPasses() {
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(TWO_WEEKS, 2_000, 0)).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).startsWith("Node orders-001 (master) of replication group orders (prod/us-east-1): no"
                + " connection leak. ");
        assertThat(f.evidence()).containsEntry("hourly_points", String.valueOf(TWO_WEEKS))
                .containsKeys("slope_per_day", "confidence").doesNotContainKey("exhausts_at");
    }

    @Test
    void tooLittleHistoryIsNotApplicable() {
        Finding f = primary(ElastiCacheSnapshots.replicationGroup()
                .connections("orders-001", series(5, 2_000, 80)).build());

        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(f.detail()).startsWith("Not enough CurrConnections history for")
                .contains("orders-001 (master) of replication group orders (prod/us-east-1) yet: Too few samples: 5");
    }

    @Test
    void aNodeWithoutDatapointsIsNotApplicable() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup().build(), Map.of());

        assertThat(findings).extracting(Finding::status)
                .containsExactly(CheckStatus.NOT_APPLICABLE, CheckStatus.NOT_APPLICABLE);
        assertThat(findings.get(1).detail()).contains("orders-002 (replica)").contains("Too few samples: 0");
    }

    @Test
    void unreadableConnectionsAreAnErrorForEachNode() {
        List<Finding> findings = evaluate(ElastiCacheSnapshots.replicationGroup()
                .connectionsUnreadable("not allowed: cloudwatch:GetMetricData").build(), Map.of());

        assertThat(findings).extracting(Finding::node).containsExactly("orders-001", "orders-002");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.detail()).startsWith("Cannot read the connection counts of")
                    .endsWith(": not allowed: cloudwatch:GetMetricData.");
            assertThat(f.evidence()).isEqualTo(Map.of("CurrConnections", "unreadable"));
        });
    }

    @Test
    void aServerlessCacheIsJudgedAsOneNodeWithoutParameterSteps() {
        List<Finding> findings = check.evaluate(new ElastiCacheContext(ElastiCacheSnapshots.replicationGroup()
                .serverless("orders-users").connections("orders", series(TWO_WEEKS, 2_000, 80)).build(),
                Policy.defaults()));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.node()).isEqualTo("orders");
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.detail()).startsWith("Serverless cache orders (prod/us-east-1) is leaking connections: +")
                    .doesNotContain("Likely cause");
            assertThat(f.fix().commands()).containsExactly("ss -tn dst :6379  (on each client host)");
        });
    }
}
