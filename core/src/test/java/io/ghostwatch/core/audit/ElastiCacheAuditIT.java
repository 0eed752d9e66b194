package io.ghostwatch.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.check.ElastiCacheAuthCheck;
import io.ghostwatch.core.check.ElastiCacheConnectionCountStableCheck;
import io.ghostwatch.core.check.ElastiCacheConnectionHeadroomCheck;
import io.ghostwatch.core.check.ElastiCacheIdleTimeoutCheck;
import io.ghostwatch.core.check.ElastiCacheInventoryCheck;
import io.ghostwatch.core.check.ElastiCacheNetworkAccessCheck;
import io.ghostwatch.core.check.ElastiCacheTcpKeepaliveCheck;
import io.ghostwatch.core.check.ElastiCacheTransitEncryptionCheck;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.history.FileSampleStore;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.testing.RawClient;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.CacheClusterSpec;
import io.ghostwatch.core.testing.aws.CacheSubnetGroup;
import io.ghostwatch.core.testing.aws.Datapoint;
import io.ghostwatch.core.testing.aws.IpPermission;
import io.ghostwatch.core.testing.aws.MetricKey;
import io.ghostwatch.core.testing.aws.RecordedCall;
import io.ghostwatch.core.testing.aws.RegionFleet;
import io.ghostwatch.core.testing.aws.ReplicationGroupSpec;
import io.ghostwatch.core.testing.aws.Route;
import io.ghostwatch.core.testing.aws.RouteTable;
import io.ghostwatch.core.testing.aws.SecurityGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ElastiCache audit end to end against the AWS stand-in (real SDK clients, the services' wire protocols): a fleet
 * of replication groups, a cache cluster, a serverless cache and a memcached cluster in the account Ghostwatch runs
 * in, a second account reached by AssumeRole with an external ID, and a third whose role cannot be assumed.
 */
class ElastiCacheAuditIT {

    private static final Secrets NO_SECRETS = Secrets.environmentOnly(Map.of());

    static final String PROD = "222222222222";
    static final String PROD_ROLE = "arn:aws:iam::222222222222:role/ghostwatch-audit";
    static final String LEGACY_ROLE = "arn:aws:iam::333333333333:role/ghostwatch-audit";
    static final String REGION = "us-east-1";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);

    private static final String CONFIG = """
            elasticache:
              regions: [us-east-1]
              accounts:
                - name: default
                - name: prod
                  roleArn: arn:aws:iam::222222222222:role/ghostwatch-audit
                  externalId: ghostwatch-7f3a
                - name: legacy
                  roleArn: arn:aws:iam::333333333333:role/ghostwatch-audit
            """;

    private AwsStandIn aws;
    private AwsClients clients;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path historyDir;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        clients = AwsClients.create(aws.clientSettings());
        RegionFleet home = aws.fleet();
        home.add(SecurityGroup.of("sg-0aaaaaaaaaaaaaaa1", "orders-cache", "vpc-0000000000000000a",
                IpPermission.tcp(6379, "0.0.0.0/0")));
        home.add(SecurityGroup.of("sg-0aaaaaaaaaaaaaaa2", "sessions-cache", "vpc-0000000000000000a",
                IpPermission.tcp(6379, "10.0.0.0/16"), IpPermission.tcp(22, "0.0.0.0/0")));
        home.add(CacheSubnetGroup.of("public-subnets", "vpc-0000000000000000a", "subnet-0000000000000000a"));
        home.add(CacheSubnetGroup.of("private-subnets", "vpc-0000000000000000a", "subnet-0000000000000000b"));
        home.add(RouteTable.main("rtb-0000000000000000a", "vpc-0000000000000000a", Route.local("10.0.0.0/16")));
        home.add(RouteTable.forSubnets("rtb-0000000000000000b", "vpc-0000000000000000a",
                List.of("subnet-0000000000000000a"), Route.local("10.0.0.0/16"),
                Route.internetGateway("0.0.0.0/0", "igw-0000000000000000a")));
        home.addParameterGroup("shared-params", "redis7", "sessions, carts and jobs");
        home.add(ReplicationGroupSpec.named("orders").shards(2).replicasPerShard(1).clusterMode(true)
                .securityGroups("sg-0aaaaaaaaaaaaaaa1").subnetGroup("public-subnets"));
        home.add(ReplicationGroupSpec.named("sessions").parameterGroup("shared-params")
                .securityGroups("sg-0aaaaaaaaaaaaaaa2").subnetGroup("private-subnets").transitEncryption(true)
                .authToken(true));
        home.add(ReplicationGroupSpec.named("carts").parameterGroup("shared-params")
                .securityGroups("sg-0aaaaaaaaaaaaaaa2").subnetGroup("private-subnets").transitEncryption(true)
                .userGroups("ghostwatch-users"));
        home.add(CacheClusterSpec.redis("jobs").parameterGroup("shared-params").securityGroups("sg-0aaaaaaaaaaaaaaa2")
                .subnetGroup("private-subnets"));
        home.add(CacheClusterSpec.memcached("catalog", 2).securityGroups("sg-0aaaaaaaaaaaaaaa2"));
        home.addServerlessCache("edge", "valkey", "8.0", List.of("sg-0aaaaaaaaaaaaaaa2"),
                List.of("subnet-0000000000000000b"));
        // orders-0001-001 leaks: +80 a day over 14 days, on top of a daily swing; its peer is flat
        home.metric(MetricKey.cacheNode("CurrConnections", "orders-0001-001", "0001"), Datapoint.series(
                NOW.minus(Duration.ofDays(14)), Duration.ofMinutes(5), 14 * 288,
                i -> 400 + 80.0 * i / 288 + 30 * Math.sin(2 * Math.PI * i / 288)));
        home.metric(MetricKey.cacheNode("CurrConnections", "orders-0001-002", "0001"), Datapoint.series(
                NOW.minus(Duration.ofDays(14)), Duration.ofMinutes(5), 14 * 288,
                i -> 300 + 30 * Math.sin(2 * Math.PI * i / 288) + (i % 7)));

        aws.allowAssumeRole(PROD_ROLE, "ghostwatch-7f3a");
        RegionFleet prod = aws.fleet(PROD, REGION);
        prod.add(SecurityGroup.of("sg-0bbbbbbbbbbbbbbb1", "payments", "vpc-0000000000000000b",
                IpPermission.tcp(6379, "10.1.0.0/16")));
        prod.addParameterGroup("payments-params", "redis7", "payments");
        prod.setParameter("payments-params", "timeout", "3600");
        prod.add(ReplicationGroupSpec.named("payments").parameterGroup("payments-params")
                .securityGroups("sg-0bbbbbbbbbbbbbbb1").transitEncryption(true).authToken(true));
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    private AuditReport audit(String yaml) {
        GhostwatchConfig config = ConfigLoader.parse(yaml, "ghostwatch.yaml");
        ElastiCacheAuditor auditor = new ElastiCacheAuditor(config.elasticache(), clients, config.policy(), NO_SECRETS,
                Clock.systemUTC(), null);
        return new FleetAuditor(config.policy(), NO_SECRETS, Clock.systemUTC(), null, auditor).audit(List.of(),
                AuditProgress.NONE);
    }

    private AuditReport audit() {
        return audit(CONFIG);
    }

    private static TargetReport target(AuditReport report, String name) {
        return report.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not in " + report.targets().stream().map(TargetReport::name).toList()));
    }

    private static Finding finding(AuditReport report, String target, String checkId) {
        return target(report, target).findings().stream().filter(f -> f.checkId().equals(checkId)).findFirst()
                .orElseThrow(() -> new AssertionError(checkId + " not reported for " + target));
    }

    private static Finding finding(AuditReport report, String target, String checkId, String node) {
        return target(report, target).findings().stream().filter(f -> f.checkId().equals(checkId)
                && f.node().equals(node)).findFirst().orElseThrow(() -> new AssertionError(checkId + " on " + node));
    }

    @Test
    void everyRedisAndValkeyCacheOfEveryAccountIsFoundAcrossPages() {
        aws.pageSize(1);
        AuditReport report = audit();

        assertThat(report.targets()).extracting(TargetReport::name).containsExactly(
                "default/us-east-1", "default/us-east-1/carts", "default/us-east-1/jobs", "default/us-east-1/orders",
                "default/us-east-1/sessions", "default/us-east-1/edge",
                "prod/us-east-1", "prod/us-east-1/payments",
                "legacy/us-east-1");
        Finding inventory = finding(report, "default/us-east-1", ElastiCacheInventoryCheck.ID);
        assertThat(inventory.status()).isEqualTo(CheckStatus.PASS);
        assertThat(inventory.detail()).contains("3 replication group(s), 1 cache cluster(s) outside them,"
                + " 1 serverless cache(s); 1 memcached or other cache(s) left out");
        TargetReport orders = target(report, "default/us-east-1/orders");
        assertThat(orders.elasticache().resource().nodes()).extracting(n -> n.id())
                .containsExactly("orders-0001-001", "orders-0001-002", "orders-0002-001", "orders-0002-002");
        assertThat(orders.target().tags()).containsEntry("account", "default").containsEntry("service", "elasticache");
        // one page at a time: every listing followed its markers to the end
        assertThat(aws.calls("elasticache:DescribeCacheClusters").stream()
                .filter(c -> c.account().equals(AwsStandIn.DEFAULT_ACCOUNT)).count()).isGreaterThanOrEqualTo(6);
        assertThat(aws.calls("elasticache:DescribeReplicationGroups").stream().filter(c -> c.param("Marker") != null))
                .isNotEmpty();
    }

    @Test
    void theAuditCallsExactlyTheActionsItDeclaresForTheAuditAndChangesNothing() {
        audit();

        assertThat(aws.actions()).as("what template.yaml and infra/iam grant the audit (AwsAction AUDIT)")
                .containsExactlyInAnyOrderElementsOf(io.ghostwatch.core.aws.AwsAction.iamNames(
                        io.ghostwatch.core.aws.AwsAction.Use.AUDIT));
    }

    @Test
    void aDefaultGroupIsJudgedByTheFamilysDefaultsAndItsFixCreatesAndAttachesACustomGroup() {
        Finding timeout = finding(audit(), "default/us-east-1/orders", ElastiCacheIdleTimeoutCheck.ID);

        assertThat(timeout.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(timeout.severity()).isEqualTo(Severity.HIGH);
        assertThat(timeout.detail()).isEqualTo("Replication group orders (default/us-east-1) never closes idle clients:"
                + " parameter group default.redis7.cluster.on (default) has timeout 0.");
        assertThat(timeout.evidence()).containsEntry("parameter_group", "default.redis7.cluster.on")
                .containsEntry("group_kind", "default").containsEntry("source", "system")
                .containsEntry("change_type", "immediate")
                .containsEntry("read_with", "DescribeEngineDefaultParameters (family redis7)");
        assertThat(timeout.fix().steps()).extracting(FixStep::command).containsExactly(
                "aws elasticache create-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --cache-parameter-group-family redis7 --description 'Ghostwatch:"
                        + " orders with timeout 86400'",
                "aws elasticache modify-cache-parameter-group --region us-east-1 --cache-parameter-group-name"
                        + " ghostwatch-orders-redis7 --parameter-name-values ParameterName=cluster-enabled,ParameterValue=yes"
                        + " ParameterName=timeout,ParameterValue=86400",
                "aws elasticache modify-replication-group --region us-east-1 --replication-group-id orders"
                        + " --cache-parameter-group-name ghostwatch-orders-redis7 --apply-immediately");
        assertThat(timeout.fix().automatable()).isTrue();
    }

    @Test
    void aCustomGroupSharedByThreeCachesIsReadOnceAndItsFixNamesAllThree() {
        AuditReport report = audit();

        for (String cache : List.of("sessions", "carts", "jobs")) {
            Finding f = finding(report, "default/us-east-1/" + cache, ElastiCacheIdleTimeoutCheck.ID);
            assertThat(f.status()).as(cache).isEqualTo(CheckStatus.FAIL);
            assertThat(f.evidence()).containsEntry("group_kind", "custom")
                    .containsEntry("used_by", "3 cache(s): carts, jobs, sessions");
            assertThat(f.fix().steps()).singleElement().isInstanceOfSatisfying(FixStep.ModifyParameterGroup.class,
                    m -> {
                        assertThat(m.group()).isEqualTo("shared-params");
                        assertThat(m.clusterEnabled()).isFalse();
                        assertThat(m.explanation()).contains("Parameter group shared-params is used by 3 cache(s)"
                                + " (carts, jobs, sessions): every one of them gets this change.");
                    });
        }
        assertThat(aws.calls("elasticache:DescribeCacheParameters").stream()
                .filter(c -> c.account().equals(AwsStandIn.DEFAULT_ACCOUNT))).as("read once for the three caches")
                .extracting(c -> c.param("CacheParameterGroupName")).containsExactly("shared-params");
    }

    @Test
    void theCachePortOpenToEveryAddressIsCriticalWhileAnotherOpenPortIsNot() {
        AuditReport report = audit();

        Finding orders = finding(report, "default/us-east-1/orders", ElastiCacheNetworkAccessCheck.ID);
        assertThat(orders.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(orders.detail()).contains("is open to every address: sg-0aaaaaaaaaaaaaaa1 (orders-cache) allows"
                + " 0.0.0.0/0 to tcp 6379").contains("public subnets (subnet-0000000000000000a routes to"
                + " igw-0000000000000000a)");
        assertThat(orders.fix().commands()).contains("aws ec2 revoke-security-group-ingress --region us-east-1"
                + " --group-id sg-0aaaaaaaaaaaaaaa1 --ip-permissions 'IpProtocol=tcp,FromPort=6379,ToPort=6379,"
                + "IpRanges=[{CidrIp=0.0.0.0/0}]'");
        Finding auth = finding(report, "default/us-east-1/orders", ElastiCacheAuthCheck.ID);
        assertThat(auth.severity()).as("no AUTH and open to everyone").isEqualTo(Severity.CRITICAL);

        Finding sessions = finding(report, "default/us-east-1/sessions", ElastiCacheNetworkAccessCheck.ID);
        assertThat(sessions.status()).isEqualTo(CheckStatus.PASS);
        assertThat(sessions.evidence()).containsEntry("open_on_other_ports",
                "sg-0aaaaaaaaaaaaaaa2 (sessions-cache) allows 0.0.0.0/0 to tcp 22")
                .containsEntry("subnets", "subnet-0000000000000000b (private)");
        assertThat(finding(report, "default/us-east-1/sessions", ElastiCacheAuthCheck.ID).status())
                .isEqualTo(CheckStatus.PASS);
        assertThat(finding(report, "default/us-east-1/carts", ElastiCacheAuthCheck.ID).detail())
                .contains("RBAC user group ghostwatch-users");
        assertThat(finding(report, "default/us-east-1/orders", ElastiCacheTransitEncryptionCheck.ID).severity())
                .isEqualTo(Severity.MEDIUM);
    }

    @Test
    void aServerlessCacheHasNoTimeoutOrKeepaliveToJudgeButTheRestApplies() {
        AuditReport report = audit();
        String edge = "default/us-east-1/edge";

        for (String check : List.of(ElastiCacheIdleTimeoutCheck.ID, ElastiCacheTcpKeepaliveCheck.ID)) {
            Finding f = finding(report, edge, check);
            assertThat(f.status()).as(check).isEqualTo(CheckStatus.NOT_APPLICABLE);
            assertThat(f.detail()).contains("ElastiCache Serverless has no parameter group");
        }
        assertThat(finding(report, edge, ElastiCacheAuthCheck.ID).severity()).isEqualTo(Severity.HIGH);
        assertThat(finding(report, edge, ElastiCacheTransitEncryptionCheck.ID).status()).isEqualTo(CheckStatus.PASS);
        assertThat(finding(report, edge, ElastiCacheNetworkAccessCheck.ID).evidence())
                .containsEntry("cache_ports", "tcp 6379 and tcp 6380");
        assertThat(target(report, edge).kind().label()).isEqualTo("serverless");
        // serverless connections are asked for by the cache's own dimension
        assertThat(aws.calls("cloudwatch:GetMetricData").stream().filter(c -> c.account().equals(
                AwsStandIn.DEFAULT_ACCOUNT)).findFirst().orElseThrow().params().values()).contains("clusterId", "edge");
    }

    @Test
    void aRoleThatCannotBeAssumedIsAnErrorAndTheOtherAccountsAreStillAudited() {
        AuditReport report = audit();

        TargetReport legacy = target(report, "legacy/us-east-1");
        assertThat(legacy.status()).isEqualTo(AuditStatus.ERROR);
        Finding denied = finding(report, "legacy/us-east-1", ElastiCacheInventoryCheck.ID);
        assertThat(denied.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(denied.detail()).contains("cannot assume " + LEGACY_ROLE + " for account legacy")
                .contains("not allowed: sts:AssumeRole").contains("check the role's trust policy");
        assertThat(report.incomplete()).isTrue();
        assertThat(finding(report, "prod/us-east-1/payments", ElastiCacheIdleTimeoutCheck.ID).status())
                .as("the assumed role's account").isEqualTo(CheckStatus.PASS);
        assertThat(aws.calls("sts:AssumeRole")).extracting(c -> c.param("ExternalId")).contains("ghostwatch-7f3a");
    }

    @Test
    void aThrottledCallIsRetriedWithBackoffAndSucceeds() {
        aws.throttle("elasticache:DescribeCacheParameters", 2);

        AuditReport report = audit();

        assertThat(finding(report, "default/us-east-1/sessions", ElastiCacheIdleTimeoutCheck.ID).status())
                .isEqualTo(CheckStatus.FAIL);
        List<RecordedCall> calls = aws.calls("elasticache:DescribeCacheParameters");
        assertThat(calls).extracting(RecordedCall::errorCode).as("two throttled answers, then one per group")
                .containsExactlyInAnyOrder("Throttling", "Throttling", null, null);
        assertThat(calls.stream().filter(RecordedCall::succeeded)).extracting(c -> c.param("CacheParameterGroupName"))
                .containsExactlyInAnyOrder("shared-params", "payments-params");
        assertThat(finding(report, "prod/us-east-1/payments", ElastiCacheIdleTimeoutCheck.ID).status())
                .isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aMissingPermissionIsAnErrorFindingThatNamesTheAction() {
        aws.denyAction(PROD, "ec2:DescribeSecurityGroups");

        Finding network = finding(audit(), "prod/us-east-1/payments", ElastiCacheNetworkAccessCheck.ID);

        assertThat(network.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(network.detail()).contains("Cannot read the security groups of replication group payments"
                + " (prod/us-east-1): not allowed: ec2:DescribeSecurityGroups").contains("grant ec2:DescribeSecurityGroups");
    }

    @Test
    void aListingThatIsDeniedIsAnErrorForTheRegionNotASilentPass() {
        aws.denyAction(PROD, "elasticache:DescribeServerlessCaches");

        AuditReport report = audit();

        TargetReport prod = target(report, "prod/us-east-1");
        assertThat(prod.status()).isEqualTo(AuditStatus.ERROR);
        assertThat(finding(report, "prod/us-east-1", ElastiCacheInventoryCheck.ID).detail())
                .contains("not allowed: elasticache:DescribeServerlessCaches");
        assertThat(finding(report, "prod/us-east-1/payments", ElastiCacheIdleTimeoutCheck.ID).status())
                .as("the node-based caches are still audited").isEqualTo(CheckStatus.PASS);
    }

    @Test
    void aLeakingCurrConnectionsSeriesFailsAndEveryNodeIsReadInOneCall() {
        AuditReport report = audit();

        Finding leak = finding(report, "default/us-east-1/orders", ElastiCacheConnectionCountStableCheck.ID,
                "orders-0001-001");
        assertThat(leak.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(leak.detail()).startsWith("Node orders-0001-001 of replication group orders (default/us-east-1)").contains("is leaking connections: +80 a day")
                .contains("Likely cause: timeout 0 in parameter group default.redis7.cluster.on.");
        assertThat(leak.evidence()).containsKey("exhausts_at");
        assertThat(finding(report, "default/us-east-1/orders", ElastiCacheConnectionCountStableCheck.ID,
                "orders-0001-002").status()).isEqualTo(CheckStatus.PASS);
        assertThat(finding(report, "default/us-east-1/orders", ElastiCacheConnectionHeadroomCheck.ID,
                "orders-0001-001").status()).isEqualTo(CheckStatus.PASS);
        assertThat(finding(report, "default/us-east-1/sessions", ElastiCacheConnectionCountStableCheck.ID,
                "sessions-001").status()).as("no datapoints").isEqualTo(CheckStatus.NOT_APPLICABLE);
        List<RecordedCall> metricCalls = aws.calls("cloudwatch:GetMetricData").stream()
                .filter(c -> c.account().equals(AwsStandIn.DEFAULT_ACCOUNT)).toList();
        assertThat(metricCalls).as("one call (and its pages) for the 8 nodes of the region").allSatisfy(c ->
                assertThat(c.params()).containsKey("MetricDataQueries.8.Id"));
        assertThat(metricCalls.stream().filter(c -> c.param("NextToken") == null)).hasSize(1);
    }

    @Test
    void aDirectConnectionCountsTheClientsOfEachNodeByAddress() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("requirepass jobs-token-0123456789")) {
            aws.fleet().add(CacheClusterSpec.redis("tasks").parameterGroup("shared-params")
                    .securityGroups("sg-0aaaaaaaaaaaaaaa2").subnetGroup("private-subnets")
                    .nodeEndpoint("127.0.0.1", redis.port()).authToken(true));
            List<RawClient> idle = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                idle.add(RawClient.connect(redis.port(), "AUTH", "jobs-token-0123456789"));
            }
            try {
                Thread.sleep(2_100);
                String yaml = CONFIG + """
                          connect:
                            - match: default/us-east-1/tasks
                              password: env:TASKS_AUTH_TOKEN
                        policy:
                          ghostIdleSeconds: 1
                        """;
                GhostwatchConfig config = ConfigLoader.parse(yaml, "ghostwatch.yaml");
                List<String> warnings = new ArrayList<>();
                FileSampleStore history = new FileSampleStore(historyDir, warnings::add);
                AuditReport report = new FleetAuditor(config.policy(), NO_SECRETS, Clock.systemUTC(), history,
                        new ElastiCacheAuditor(config.elasticache(), clients, config.policy(),
                                Secrets.environmentOnly(Map.of("TASKS_AUTH_TOKEN", "jobs-token-0123456789")),
                                Clock.systemUTC(), history))
                        .audit(List.of(), AuditProgress.NONE);

                TargetReport tasks = target(report, "default/us-east-1/tasks");
                assertThat(tasks.error()).isNull();
                assertThat(tasks.warnings()).isEmpty();
                assertThat(warnings).isEmpty();
                assertThat(history.history("default/us-east-1/tasks", "127.0.0.1:" + redis.port(), Instant.EPOCH))
                        .as("the census is kept for the leak finding's rising addresses").singleElement()
                        .satisfies(s -> assertThat(s.addresses()).singleElement().satisfies(a ->
                                assertThat(a.connections()).isEqualTo(12)));
                assertThat(tasks.nodes()).singleElement().satisfies(n -> {
                    assertThat(n.status()).isEqualTo(AuditStatus.AUDITED);
                    ClientCensus census = n.snapshot().census().orElse(null);
                    assertThat(census.connections()).isEqualTo(12);
                    assertThat(census.addresses()).singleElement().satisfies(a -> {
                        assertThat(a.address()).isEqualTo("127.0.0.1");
                        assertThat(a.probableGhosts()).isEqualTo(12);
                    });
                    assertThat(n.snapshot().config().timeout().isKnown()).as("no CONFIG on ElastiCache").isFalse();
                });
                assertThat(finding(report, "default/us-east-1/tasks", ElastiCacheIdleTimeoutCheck.ID).evidence())
                        .containsEntry("probable_ghosts", "12 idle > 1 s (census over a direct connection)");
                JsonNode json = new ObjectMapper().readTree(new JsonReportRenderer().render(report));
                JsonNode tasksJson = json.get("targets").findParents("name").stream()
                        .filter(t -> t.get("name").asText().equals("default/us-east-1/tasks")).findFirst().orElseThrow();
                assertThat(tasksJson.get("nodes").get(0).get("census").get("connections").asInt()).isEqualTo(12);
                assertThat(tasksJson.get("elasticache").get("parameterGroup").get("name").asText())
                        .isEqualTo("shared-params");
                assertThat(tasksJson.get("elasticache").get("type").asText()).isEqualTo("cache cluster");
            } finally {
                for (RawClient c : idle) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aDirectConnectionThatFailsMakesTheRunIncompleteWithoutLosingTheAwsFindings() {
        String yaml = CONFIG + """
                  connect:
                    - match: default/us-east-1/jobs
                      password: env:JOBS_AUTH_TOKEN
                """;
        GhostwatchConfig config = ConfigLoader.parse(yaml, "ghostwatch.yaml");
        AuditReport report = new FleetAuditor(config.policy(), NO_SECRETS, Clock.systemUTC(), null,
                new ElastiCacheAuditor(config.elasticache(), clients, config.policy(), NO_SECRETS, Clock.systemUTC(),
                        null)).audit(List.of(), AuditProgress.NONE);

        TargetReport jobs = target(report, "default/us-east-1/jobs");
        assertThat(jobs.nodes()).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(n.error()).contains("env:JOBS_AUTH_TOKEN").contains("is not set");
        });
        assertThat(jobs.error()).contains("1 of 1 nodes not reached over the direct connection");
        assertThat(report.incomplete()).isTrue();
        assertThat(finding(report, "default/us-east-1/jobs", ElastiCacheIdleTimeoutCheck.ID).status())
                .isEqualTo(CheckStatus.FAIL);
    }
}
