package io.ghostwatch.bench;

import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.ElastiCacheAuditor;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.testing.BenchOptions;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.Datapoint;
import io.ghostwatch.core.testing.aws.IpPermission;
import io.ghostwatch.core.testing.aws.MetricKey;
import io.ghostwatch.core.testing.aws.RecordedCall;
import io.ghostwatch.core.testing.aws.RegionFleet;
import io.ghostwatch.core.testing.aws.ReplicationGroupSpec;
import io.ghostwatch.core.testing.aws.SecurityGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the ElastiCache audit scales with the fleet: one region of N replication groups (2 nodes each, sharing G
 * parameter groups and S security groups, 14 days of hourly CurrConnections per node) on the AWS stand-in, audited
 * in-process. Prints wall time (cold and warm), peak heap, and the AWS calls per action: the calls grow with the
 * number of pages and of distinct groups, not with caches times checks.
 *
 * <p>Run: {@code infra/bench/elasticache-audit.sh [--caches 500] [--groups 10] [--security-groups 20] [--repeats 3]}.
 */
public final class ElastiCacheAuditBench {

    private ElastiCacheAuditBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args, Set.of("caches", "groups", "security-groups",
                "repeats"));
        int caches = BenchOptions.count(options, "caches", 500, 0);
        int groups = BenchOptions.count(options, "groups", 10, 1);
        int securityGroups = BenchOptions.count(options, "security-groups", 20, 1);
        int repeats = BenchOptions.count(options, "repeats", 3, 1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (AwsStandIn aws = AwsStandIn.start()) {
            RegionFleet fleet = aws.fleet();
            for (int g = 0; g < groups; g++) {
                fleet.addParameterGroup("params-" + g, "redis7", "bench");
            }
            for (int s = 0; s < securityGroups; s++) {
                fleet.add(SecurityGroup.of(String.format("sg-%017x", s + 1), "bench-" + s, "vpc-0000000000000000a",
                        IpPermission.tcp(6379, "10.0.0.0/8")));
            }
            for (int c = 0; c < caches; c++) {
                String id = "cache-" + c;
                fleet.add(ReplicationGroupSpec.named(id).parameterGroup(c % 3 == 0 ? "default.redis7"
                        : "params-" + (c % groups)).securityGroups(String.format("sg-%017x", c % securityGroups + 1))
                        .transitEncryption(true).authToken(true));
                for (String node : List.of(id + "-001", id + "-002")) {
                    int seed = c;
                    fleet.metric(MetricKey.cacheNode("CurrConnections", node, "0001"), Datapoint.series(
                            now.minus(Duration.ofDays(14)), Duration.ofHours(1), 14 * 24,
                            h -> 200 + (seed % 50) + 20 * Math.sin(2 * Math.PI * h / 24) + (seed % 10 == 0 ? 3.0 * h : 0)));
                }
            }
            GhostwatchConfig config = ConfigLoader.parse("""
                    elasticache:
                      regions: [us-east-1]
                    """, "bench.yaml");
            System.out.printf(Locale.ROOT, "ElastiCache audit: %d replication groups (%d nodes), %d parameter groups"
                    + " (+ default.redis7), %d security groups, 336 hourly points per node; %s, %d cores%n", caches,
                    2 * caches, groups, securityGroups, Runtime.version(), Runtime.getRuntime().availableProcessors());
            for (int run = 1; run <= repeats; run++) {
                aws.clearCalls();
                HeapWatch heap = HeapWatch.start();
                long started = System.nanoTime();
                AuditReport report;
                try (AwsClients clients = AwsClients.create(aws.clientSettings())) {
                    Secrets secrets = Secrets.environmentOnly(Map.of());
                    report = new FleetAuditor(config.policy(), secrets, Clock.systemUTC(), null,
                            new ElastiCacheAuditor(config.elasticache(), clients, config.policy(), secrets,
                                    Clock.systemUTC(), null)).audit(List.of(), AuditProgress.NONE);
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                HeapWatch.Result h = heap.stop(report);
                long leaking = report.findings().stream().filter(f -> f.checkId().equals(
                        "elasticache_connection_count_stable") && f.status() == CheckStatus.FAIL).count();
                Map<String, Long> calls = aws.calls().stream().collect(Collectors.groupingBy(RecordedCall::action,
                        TreeMap::new, Collectors.counting()));
                System.out.printf(Locale.ROOT, "run %d (%s): %d targets, %d findings (%d leaking nodes) in %d ms; peak"
                        + " heap %.1f MiB over a %.1f MiB baseline; %d AWS calls: %s%n", run, run == 1 ? "cold" : "warm",
                        report.targets().size(), report.findings().size(), leaking, ms,
                        (h.peakBytes() - h.baselineBytes()) / 1048576.0, h.baselineBytes() / 1048576.0,
                        aws.calls().size(), calls);
            }
        }
    }
}
