package io.ghostwatch.core.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ghostwatch.core.testing.ChildJvm;
import io.ghostwatch.core.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.CacheParameterGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ChangeType;
import software.amazon.awssdk.services.elasticache.model.ClusterMode;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.InvalidCacheParameterGroupStateException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.MultiAZStatus;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.Parameter;
import software.amazon.awssdk.services.elasticache.model.ParameterNameValue;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;
import software.amazon.awssdk.services.elasticache.model.TransitEncryptionMode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The AWS stand-in driven by the real SDK clients (ElastiCache, EC2, CloudWatch, STS, Secrets Manager; URL-connection
 * HTTP client, {@code endpointOverride}, static credentials, us-east-1): every operation parses with its fields, paginators walk
 * small pages, AssumeRole's session credentials reach a second account's fleet, and the services' error shapes come
 * out as the SDK's exceptions with the services' error codes. Retries are the SDK's standard strategy (3 attempts)
 * with its backoff delays set to zero, to keep the throttling cases fast.
 */
class AwsStandInIT {

    private static final String OTHER_ACCOUNT = "222222222222";
    private static final String AUDIT_ROLE = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/ghostwatch-audit";
    private static final String EXTERNAL_ID = "gw-external-7f3a";
    private static final String SG_CACHE = "sg-0a1b2c3d4e5f60718";
    private static final String SG_APP = "sg-0123456789abcdef0";
    private static final String VPC = "vpc-0fedcba9876543210";
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final RetryStrategy FAST_STANDARD_RETRIES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
            .build();
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    private AwsStandIn aws;
    private ElastiCacheClient elastiCache;
    private Ec2Client ec2;
    private CloudWatchClient cloudWatch;
    private StsClient sts;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        populate(aws.fleet());
        elastiCache = elastiCache(aws.baseCredentialsProvider());
        ec2 = ec2(aws.baseCredentialsProvider());
        cloudWatch = cloudWatch(aws.baseCredentialsProvider());
        sts = sts(aws.baseCredentialsProvider());
    }

    @AfterEach
    void stop() {
        elastiCache.close();
        ec2.close();
        cloudWatch.close();
        sts.close();
        aws.close();
        assertThat(aws.failures()).isEmpty();
    }

    @AfterAll
    static void closeHttp() {
        HTTP.close();
    }

    /** orders: valkey, 3 shards x 1 replica, TLS + AUTH; sessions: redis, 1 shard x 2 replicas; catalog: memcached. */
    private static void populate(RegionFleet fleet) {
        fleet.add(ReplicationGroupSpec.named("orders").shards(3).replicasPerShard(1).engine("valkey", "8.0.1")
                .nodeType("cache.r7g.xlarge").subnetGroup("cache-private").securityGroups(SG_CACHE)
                .transitEncryption(true).authToken(true).userGroups("orders-users"));
        fleet.add(ReplicationGroupSpec.named("sessions").replicasPerShard(2).description("web sessions"));
        fleet.add(CacheClusterSpec.memcached("catalog", 3).securityGroups(SG_CACHE));
        fleet.addServerlessCache("carts", "valkey", "8.0", List.of(SG_CACHE), List.of("subnet-0aa", "subnet-0bb"));
        fleet.addServerlessCache("rates", "redis", "7.1", List.of(SG_CACHE), List.of("subnet-0aa"));
        fleet.add(CacheSubnetGroup.of("cache-private", VPC, "subnet-0aa", "subnet-0bb", "subnet-0cc"));
        fleet.add(SecurityGroup.of(SG_CACHE, "orders-cache", VPC, IpPermission.tcpFromGroups(6379, SG_APP),
                IpPermission.tcp(6379, "0.0.0.0/0"), IpPermission.tcpIpv6(6379, "::/0")));
        fleet.add(SecurityGroup.of(SG_APP, "app", VPC, IpPermission.tcp(443, "10.0.0.0/16")));
        fleet.add(RouteTable.main("rtb-0main000000000001", VPC, Route.local("10.0.0.0/16"),
                Route.natGateway("0.0.0.0/0", "nat-0123456789abcdef0")));
        fleet.add(RouteTable.forSubnets("rtb-0public0000000001", VPC, List.of("subnet-0pub"),
                Route.local("10.0.0.0/16"), Route.internetGateway("0.0.0.0/0", "igw-0123456789abcdef0"),
                Route.internetGatewayIpv6("::/0", "igw-0123456789abcdef0")));
    }

    // ---- clients

    /** A client of the stand-in as the tests use them (see the class comment), in {@code region}. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder,
            AwsCredentialsProvider credentials, Region region) {
        return builder.endpointOverride(aws.endpoint()).region(region).credentialsProvider(credentials).httpClient(HTTP)
                .overrideConfiguration(o -> o.retryStrategy(FAST_STANDARD_RETRIES)).build();
    }

    private ElastiCacheClient elastiCache(AwsCredentialsProvider credentials) {
        return client(ElastiCacheClient.builder(), credentials, Region.US_EAST_1);
    }

    private Ec2Client ec2(AwsCredentialsProvider credentials) {
        return client(Ec2Client.builder(), credentials, Region.US_EAST_1);
    }

    private CloudWatchClient cloudWatch(AwsCredentialsProvider credentials) {
        return client(CloudWatchClient.builder(), credentials, Region.US_EAST_1);
    }

    private StsClient sts(AwsCredentialsProvider credentials) {
        return client(StsClient.builder(), credentials, Region.US_EAST_1);
    }

    private static String domain() {
        return "gw1111.use1.cache.amazonaws.com";
    }

    // ---- ElastiCache: describe

    @Test
    void clusterModeReplicationGroupComesBackWithEveryField() {
        ReplicationGroup orders = elastiCache.describeReplicationGroups(r -> r.replicationGroupId("orders"))
                .replicationGroups().getFirst();

        assertThat(orders.replicationGroupId()).isEqualTo("orders");
        assertThat(orders.description()).isEqualTo("orders cache");
        assertThat(orders.status()).isEqualTo("available");
        assertThat(orders.engine()).isEqualTo("valkey");
        assertThat(orders.memberClusters()).containsExactly("orders-0001-001", "orders-0001-002", "orders-0002-001",
                "orders-0002-002", "orders-0003-001", "orders-0003-002");
        assertThat(orders.clusterEnabled()).isTrue();
        assertThat(orders.clusterMode()).isEqualTo(ClusterMode.ENABLED);
        assertThat(orders.configurationEndpoint().address()).isEqualTo("clustercfg.orders." + domain());
        assertThat(orders.configurationEndpoint().port()).isEqualTo(6379);
        assertThat(orders.cacheNodeType()).isEqualTo("cache.r7g.xlarge");
        assertThat(orders.authTokenEnabled()).isTrue();
        assertThat(orders.transitEncryptionEnabled()).isTrue();
        assertThat(orders.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.REQUIRED);
        assertThat(orders.atRestEncryptionEnabled()).isTrue();
        assertThat(orders.userGroupIds()).containsExactly("orders-users");
        assertThat(orders.arn()).isEqualTo("arn:aws:elasticache:us-east-1:111111111111:replicationgroup:orders");
        assertThat(orders.replicationGroupCreateTime()).isEqualTo(RegionFleet.FIXTURE_TIME);
        assertThat(orders.automaticFailover()).isEqualTo(AutomaticFailoverStatus.ENABLED);
        assertThat(orders.multiAZ()).isEqualTo(MultiAZStatus.ENABLED);
        assertThat(orders.nodeGroups()).extracting(NodeGroup::nodeGroupId).containsExactly("0001", "0002", "0003");
        assertThat(orders.nodeGroups()).extracting(NodeGroup::slots)
                .containsExactly("0-5460", "5461-10921", "10922-16383");
        NodeGroup second = orders.nodeGroups().get(1);
        assertThat(second.status()).isEqualTo("available");
        assertThat(second.primaryEndpoint()).isNull();
        assertThat(second.nodeGroupMembers()).extracting(m -> m.cacheClusterId() + "/" + m.cacheNodeId())
                .containsExactly("orders-0002-001/0001", "orders-0002-002/0001");
        assertThat(second.nodeGroupMembers().getFirst().preferredAvailabilityZone()).startsWith("us-east-1");
    }

    @Test
    void nonClusteredReplicationGroupHasPrimaryReaderAndRoles() {
        ReplicationGroup sessions = elastiCache.describeReplicationGroups(r -> r.replicationGroupId("sessions"))
                .replicationGroups().getFirst();

        assertThat(sessions.description()).isEqualTo("web sessions");
        assertThat(sessions.clusterEnabled()).isFalse();
        assertThat(sessions.clusterMode()).isEqualTo(ClusterMode.DISABLED);
        assertThat(sessions.configurationEndpoint()).isNull();
        assertThat(sessions.transitEncryptionEnabled()).isFalse();
        assertThat(sessions.transitEncryptionMode()).isNull();
        NodeGroup shard = sessions.nodeGroups().getFirst();
        assertThat(shard.primaryEndpoint().address()).isEqualTo("master.sessions." + domain());
        assertThat(shard.readerEndpoint().address()).isEqualTo("replica.sessions." + domain());
        assertThat(shard.nodeGroupMembers()).extracting(m -> m.cacheClusterId() + ":" + m.currentRole())
                .containsExactly("sessions-001:primary", "sessions-002:replica", "sessions-003:replica");
        assertThat(shard.nodeGroupMembers().getFirst().readEndpoint().address())
                .isEqualTo("sessions-001.sessions." + domain());
        assertThat(shard.nodeGroupMembers().getFirst().readEndpoint().port()).isEqualTo(6379);
    }

    @Test
    void replicationGroupsPageByMarkerAndAnUnknownOneIsNotFound() {
        aws.pageSize(1);

        List<String> ids = elastiCache.describeReplicationGroupsPaginator(r -> r.maxRecords(20)).replicationGroups()
                .stream().map(ReplicationGroup::replicationGroupId).toList();

        assertThat(ids).containsExactly("orders", "sessions");
        List<RecordedCall> calls = aws.calls("elasticache:DescribeReplicationGroups");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).param("Marker")).isNull();
        assertThat(calls.get(1).param("Marker")).isNotBlank();
        assertThat(calls.get(1).param("MaxRecords")).isEqualTo("20");

        ReplicationGroupNotFoundException missing = catchThrowableOfType(ReplicationGroupNotFoundException.class,
                () -> elastiCache.describeReplicationGroups(r -> r.replicationGroupId("nope")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ReplicationGroupNotFoundFault");
        assertThat(missing.requestId()).isNotBlank();
        assertThatThrownBy(() -> elastiCache.describeReplicationGroups(r -> r.maxRecords(5)))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void cacheClustersWithNodeInfoPageThroughMembersAndStandaloneClusters() {
        aws.pageSize(2);

        List<CacheCluster> clusters = elastiCache.describeCacheClustersPaginator(r -> r.showCacheNodeInfo(true))
                .cacheClusters().stream().toList();

        assertThat(clusters).hasSize(10);
        assertThat(aws.calls("elasticache:DescribeCacheClusters")).hasSize(5);
        CacheCluster member = clusters.stream().filter(c -> c.cacheClusterId().equals("orders-0002-001"))
                .findFirst().orElseThrow();
        assertThat(member.replicationGroupId()).isEqualTo("orders");
        assertThat(member.engine()).isEqualTo("valkey");
        assertThat(member.engineVersion()).isEqualTo("8.0.1");
        assertThat(member.cacheClusterStatus()).isEqualTo("available");
        assertThat(member.numCacheNodes()).isEqualTo(1);
        assertThat(member.cacheNodeType()).isEqualTo("cache.r7g.xlarge");
        assertThat(member.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("default.valkey8.cluster.on");
        assertThat(member.cacheParameterGroup().parameterApplyStatus()).isEqualTo("in-sync");
        assertThat(member.cacheParameterGroup().cacheNodeIdsToReboot()).isEmpty();
        assertThat(member.cacheSubnetGroupName()).isEqualTo("cache-private");
        assertThat(member.securityGroups()).singleElement().satisfies(sg -> {
            assertThat(sg.securityGroupId()).isEqualTo(SG_CACHE);
            assertThat(sg.status()).isEqualTo("active");
        });
        assertThat(member.authTokenEnabled()).isTrue();
        assertThat(member.transitEncryptionEnabled()).isTrue();
        assertThat(member.atRestEncryptionEnabled()).isTrue();
        assertThat(member.arn()).isEqualTo("arn:aws:elasticache:us-east-1:111111111111:cluster:orders-0002-001");
        assertThat(member.cacheClusterCreateTime()).isEqualTo(RegionFleet.FIXTURE_TIME);
        assertThat(member.transitEncryptionMode()).isEqualTo(TransitEncryptionMode.REQUIRED);
        assertThat(member.preferredAvailabilityZone()).isEqualTo("us-east-1c");
        assertThat(member.cacheNodes()).singleElement().satisfies(node -> {
            assertThat(node.cacheNodeId()).isEqualTo("0001");
            assertThat(node.cacheNodeStatus()).isEqualTo("available");
            assertThat(node.endpoint().address()).isEqualTo("orders-0002-001.orders." + domain());
            assertThat(node.endpoint().port()).isEqualTo(6379);
            assertThat(node.parameterGroupStatus()).isEqualTo("in-sync");
        });

        CacheCluster catalog = clusters.getLast();
        assertThat(catalog.cacheClusterId()).isEqualTo("catalog");
        assertThat(catalog.replicationGroupId()).isNull();
        assertThat(catalog.engine()).isEqualTo("memcached");
        assertThat(catalog.configurationEndpoint().address()).isEqualTo("catalog.gw1111.cfg.use1.cache.amazonaws.com");
        assertThat(catalog.configurationEndpoint().port()).isEqualTo(11211);
        assertThat(catalog.cacheNodes()).extracting(n -> n.endpoint().address()).containsExactly(
                "catalog.gw1111.0001.use1.cache.amazonaws.com", "catalog.gw1111.0002.use1.cache.amazonaws.com",
                "catalog.gw1111.0003.use1.cache.amazonaws.com");
        assertThat(catalog.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("default.memcached1.6");
    }

    @Test
    void cacheClustersWithoutNodeInfoOrByIdOrStandaloneOnly() {
        CacheCluster one = elastiCache.describeCacheClusters(r -> r.cacheClusterId("sessions-002")).cacheClusters()
                .getFirst();
        assertThat(one.cacheNodes()).isEmpty();
        assertThat(one.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("default.redis7");

        assertThat(elastiCache.describeCacheClusters(r -> r.showCacheClustersNotInReplicationGroups(true))
                .cacheClusters()).extracting(CacheCluster::cacheClusterId).containsExactly("catalog");

        CacheClusterNotFoundException missing = catchThrowableOfType(CacheClusterNotFoundException.class,
                () -> elastiCache.describeCacheClusters(r -> r.cacheClusterId("nope")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("CacheCluster not found: nope");
    }

    @Test
    void serverlessCachesPageByNextToken() {
        aws.pageSize(1);

        List<ServerlessCache> caches = elastiCache.describeServerlessCachesPaginator(r -> r.maxResults(10))
                .serverlessCaches().stream().toList();

        assertThat(caches).extracting(ServerlessCache::serverlessCacheName).containsExactly("carts", "rates");
        assertThat(aws.calls("elasticache:DescribeServerlessCaches")).hasSize(2);
        ServerlessCache carts = caches.getFirst();
        assertThat(carts.status()).isEqualTo("available");
        assertThat(carts.engine()).isEqualTo("valkey");
        assertThat(carts.majorEngineVersion()).isEqualTo("8");
        assertThat(carts.fullEngineVersion()).isEqualTo("8.0");
        assertThat(carts.endpoint().address()).isEqualTo("carts-gw1111.serverless.use1.cache.amazonaws.com");
        assertThat(carts.endpoint().port()).isEqualTo(6379);
        assertThat(carts.readerEndpoint().port()).isEqualTo(6380);
        assertThat(carts.arn()).isEqualTo("arn:aws:elasticache:us-east-1:111111111111:serverlesscache:carts");
        assertThat(carts.securityGroupIds()).containsExactly(SG_CACHE);
        assertThat(carts.subnetIds()).containsExactly("subnet-0aa", "subnet-0bb");
        assertThat(carts.createTime()).isEqualTo(RegionFleet.FIXTURE_TIME);
        assertThat(elastiCache.describeServerlessCaches(r -> r.serverlessCacheName("rates")).serverlessCaches())
                .singleElement().satisfies(c -> assertThat(c.fullEngineVersion()).isEqualTo("7.1"));
    }

    @Test
    void subnetGroupsNameTheirSubnetsAndZones() {
        var group = elastiCache.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName("cache-private"))
                .cacheSubnetGroups().getFirst();

        assertThat(group.vpcId()).isEqualTo(VPC);
        assertThat(group.arn()).isEqualTo("arn:aws:elasticache:us-east-1:111111111111:subnetgroup:cache-private");
        assertThat(group.subnets()).extracting(s -> s.subnetIdentifier() + "@" + s.subnetAvailabilityZone().name())
                .containsExactly("subnet-0aa@us-east-1a", "subnet-0bb@us-east-1b", "subnet-0cc@us-east-1c");
        assertThat(elastiCache.describeCacheSubnetGroupsPaginator(r -> { }).cacheSubnetGroups().stream().count())
                .isEqualTo(1);
    }

    // ---- ElastiCache: parameter groups

    @Test
    void defaultParameterGroupsCarryTheFamilyDefaults() {
        aws.pageSize(2);
        List<String> groups = elastiCache.describeCacheParameterGroupsPaginator(r -> { }).cacheParameterGroups()
                .stream().map(g -> g.cacheParameterGroupName() + "/" + g.cacheParameterGroupFamily()).toList();
        assertThat(groups).contains("default.redis7/redis7", "default.redis7.cluster.on/redis7",
                "default.valkey8/valkey8", "default.valkey8.cluster.on/valkey8", "default.memcached1.6/memcached1.6");
        aws.pageSize(0);

        var redis7 = elastiCache.describeCacheParameterGroups(r -> r.cacheParameterGroupName("default.redis7"))
                .cacheParameterGroups().getFirst();
        assertThat(redis7.isGlobal()).isFalse();
        assertThat(redis7.description()).isEqualTo("Default parameter group for redis7");
        assertThat(redis7.arn()).isEqualTo("arn:aws:elasticache:us-east-1:111111111111:parametergroup:default.redis7");

        Map<String, Parameter> parameters = parameters("default.redis7");
        Parameter timeout = parameters.get("timeout");
        assertThat(timeout.parameterValue()).isEqualTo("0");
        assertThat(timeout.source()).isEqualTo("system");
        assertThat(timeout.dataType()).isEqualTo("integer");
        assertThat(timeout.allowedValues()).isEqualTo("0,20-");
        assertThat(timeout.isModifiable()).isTrue();
        assertThat(timeout.minimumEngineVersion()).isEqualTo("2.6.13");
        assertThat(timeout.changeType()).isEqualTo(ChangeType.IMMEDIATE);
        assertThat(timeout.description()).startsWith("Close connection if client is idle");
        Parameter keepalive = parameters.get("tcp-keepalive");
        assertThat(keepalive.parameterValue()).isEqualTo("300");
        assertThat(keepalive.changeType()).isEqualTo(ChangeType.IMMEDIATE);
        assertThat(keepalive.isModifiable()).isTrue();
        assertThat(parameters.get("cluster-enabled").isModifiable()).isTrue();
        assertThat(parameters.get("maxclients").isModifiable()).isFalse();
        assertThat(parameters.get("cluster-enabled").parameterValue()).isEqualTo("no");
        assertThat(parameters.get("databases").changeType()).isEqualTo(ChangeType.REQUIRES_REBOOT);
        assertThat(parameters.get("maxmemory-policy").parameterValue()).isEqualTo("volatile-lru");
        assertThat(parameters("default.redis7.cluster.on").get("cluster-enabled").parameterValue()).isEqualTo("yes");
        assertThat(parameters("default.memcached1.6")).containsKeys("max_item_size", "chunk_size");
        assertThat(elastiCache.describeCacheParameters(r -> r.cacheParameterGroupName("default.redis7").source("user"))
                .parameters()).isEmpty();

        CacheParameterGroupNotFoundException missing = catchThrowableOfType(
                CacheParameterGroupNotFoundException.class,
                () -> elastiCache.describeCacheParameterGroups(r -> r.cacheParameterGroupName("nope")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("CacheParameterGroupNotFound");
    }

    @Test
    void parametersAndEngineDefaultsPageBySmallMarkers() {
        aws.pageSize(3);

        List<Parameter> parameters = elastiCache.describeCacheParametersPaginator(
                r -> r.cacheParameterGroupName("default.redis7")).parameters().stream().toList();
        List<Parameter> defaults = elastiCache.describeEngineDefaultParametersPaginator(
                r -> r.cacheParameterGroupFamily("redis7")).parameters().stream().toList();

        assertThat(parameters).hasSize(15);
        assertThat(aws.calls("elasticache:DescribeCacheParameters")).hasSize(5);
        assertThat(defaults).extracting(Parameter::parameterName)
                .containsExactlyElementsOf(parameters.stream().map(Parameter::parameterName).toList());
        List<RecordedCall> engineCalls = aws.calls("elasticache:DescribeEngineDefaultParameters");
        assertThat(engineCalls).hasSize(5);
        assertThat(engineCalls.get(1).param("Marker")).isNotBlank();
        assertThat(elastiCache.describeEngineDefaultParameters(r -> r.cacheParameterGroupFamily("redis7"))
                .engineDefaults().cacheParameterGroupFamily()).isEqualTo("redis7");
    }

    @Test
    void createModifyResetAndDeleteAParameterGroup() {
        var created = elastiCache.createCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .cacheParameterGroupFamily("valkey8").description("Ghostwatch: orders")).cacheParameterGroup();
        assertThat(created.cacheParameterGroupFamily()).isEqualTo("valkey8");
        assertThat(created.arn()).endsWith(":parametergroup:gw-orders");
        assertThat(parameters("gw-orders").get("timeout").parameterValue()).isEqualTo("0");
        assertThatThrownBy(() -> elastiCache.createCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .cacheParameterGroupFamily("valkey8").description("again")))
                .isInstanceOf(CacheParameterGroupAlreadyExistsException.class);

        var modified = elastiCache.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .parameterNameValues(value("timeout", "300"), value("tcp-keepalive", "60")));
        assertThat(modified.cacheParameterGroupName()).isEqualTo("gw-orders");
        Map<String, Parameter> after = parameters("gw-orders");
        assertThat(after.get("timeout").parameterValue()).isEqualTo("300");
        assertThat(after.get("timeout").source()).isEqualTo("user");
        assertThat(after.get("tcp-keepalive").parameterValue()).isEqualTo("60");
        assertThat(aws.parameterValue(AwsStandIn.DEFAULT_ACCOUNT, "us-east-1", "gw-orders", "timeout"))
                .isEqualTo("300");
        assertThat(elastiCache.describeCacheParameters(r -> r.cacheParameterGroupName("gw-orders").source("user"))
                .parameters()).extracting(Parameter::parameterName).containsExactly("tcp-keepalive", "timeout");

        assertInvalidValue(() -> elastiCache.modifyCacheParameterGroup(r -> r
                .cacheParameterGroupName("default.valkey8").parameterNameValues(value("timeout", "300"))),
                "Cannot modify a default parameter group.");
        assertInvalidValue(() -> elastiCache.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .parameterNameValues(value("maxclients", "1000"))), "The parameter maxclients cannot be modified.");
        assertInvalidValue(() -> elastiCache.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .parameterNameValues(value("no-such-parameter", "1"))),
                "Could not find parameter with name: no-such-parameter");
        assertInvalidValue(() -> elastiCache.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .parameterNameValues(value("timeout", "10"))),
                "Invalid parameter value: 10 for: timeout allowed values are: 0,20-");
        assertThat(aws.parameterValue(AwsStandIn.DEFAULT_ACCOUNT, "us-east-1", "gw-orders", "timeout"))
                .isEqualTo("300");

        elastiCache.resetCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .parameterNameValues(ParameterNameValue.builder().parameterName("timeout").build()));
        assertThat(parameters("gw-orders").get("timeout").parameterValue()).isEqualTo("0");
        assertThat(parameters("gw-orders").get("timeout").source()).isEqualTo("system");
        assertThat(parameters("gw-orders").get("tcp-keepalive").parameterValue()).isEqualTo("60");
        elastiCache.resetCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders").resetAllParameters(true));
        assertThat(parameters("gw-orders").get("tcp-keepalive").parameterValue()).isEqualTo("300");
        assertThat(parameters("gw-orders").values()).allSatisfy(p -> assertThat(p.source()).isEqualTo("system"));

        elastiCache.deleteCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders"));
        assertThat(aws.fleet().parameterGroup("gw-orders")).isEmpty();
        assertThatThrownBy(() -> parameters("gw-orders")).isInstanceOf(CacheParameterGroupNotFoundException.class);
    }

    @Test
    void modifyReplicationGroupAndStandaloneClusterMoveTheirMembersToAGroup() {
        elastiCache.createCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .cacheParameterGroupFamily("valkey8").description("Ghostwatch: orders"));
        assertThatThrownBy(() -> elastiCache.modifyReplicationGroup(r -> r.replicationGroupId("orders")
                .cacheParameterGroupName("gw-orders").applyImmediately(true)))
                .as("a new group says cluster-enabled no; orders runs in cluster mode")
                .isInstanceOf(InvalidParameterCombinationException.class).hasMessageContaining("cluster-enabled no");
        elastiCache.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .parameterNameValues(value("cluster-enabled", "yes")));

        ReplicationGroup returned = elastiCache.modifyReplicationGroup(r -> r.replicationGroupId("orders")
                .cacheParameterGroupName("gw-orders").applyImmediately(true)).replicationGroup();

        assertThat(returned.replicationGroupId()).isEqualTo("orders");
        assertThat(elastiCache.describeCacheClustersPaginator(r -> { }).cacheClusters().stream()
                .filter(c -> "orders".equals(c.replicationGroupId())))
                .hasSize(6)
                .allSatisfy(c -> assertThat(c.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("gw-orders"));
        assertThat(aws.fleet().cacheCluster("orders-0003-002").orElseThrow().parameterGroup().name())
                .isEqualTo("gw-orders");
        assertThat(aws.calls("elasticache:ModifyReplicationGroup").getFirst().param("ApplyImmediately"))
                .isEqualTo("true");

        assertThatThrownBy(() -> elastiCache.modifyReplicationGroup(r -> r.replicationGroupId("sessions")
                .cacheParameterGroupName("gw-orders").applyImmediately(true)))
                .isInstanceOf(InvalidParameterCombinationException.class);
        InvalidCacheParameterGroupStateException inUse = catchThrowableOfType(
                InvalidCacheParameterGroupStateException.class,
                () -> elastiCache.deleteCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")));
        assertThat(inUse.awsErrorDetails().errorCode()).isEqualTo("InvalidCacheParameterGroupState");

        elastiCache.modifyCacheParameterGroup(r -> r.cacheParameterGroupName("gw-orders")
                .parameterNameValues(value("databases", "32")));
        CacheCluster member = elastiCache.describeCacheClusters(r -> r.cacheClusterId("orders-0001-001")
                .showCacheNodeInfo(true)).cacheClusters().getFirst();
        assertThat(member.cacheParameterGroup().parameterApplyStatus()).isEqualTo("pending-reboot");
        assertThat(member.cacheParameterGroup().cacheNodeIdsToReboot()).containsExactly("0001");
        assertThat(member.cacheNodes().getFirst().parameterGroupStatus()).isEqualTo("pending-reboot");

        elastiCache.createCacheParameterGroup(r -> r.cacheParameterGroupName("gw-catalog")
                .cacheParameterGroupFamily("memcached1.6").description("Ghostwatch: catalog"));
        CacheCluster catalog = elastiCache.modifyCacheCluster(r -> r.cacheClusterId("catalog")
                .cacheParameterGroupName("gw-catalog").applyImmediately(true)).cacheCluster();
        assertThat(catalog.cacheParameterGroup().cacheParameterGroupName()).isEqualTo("gw-catalog");
        assertThatThrownBy(() -> elastiCache.modifyCacheCluster(r -> r.cacheClusterId("sessions-001")
                .cacheParameterGroupName("default.redis7"))).isInstanceOf(InvalidParameterCombinationException.class);
    }

    private Map<String, Parameter> parameters(String group) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        elastiCache.describeCacheParametersPaginator(r -> r.cacheParameterGroupName(group)).parameters()
                .forEach(p -> out.put(p.parameterName(), p));
        return out;
    }

    private static ParameterNameValue value(String name, String value) {
        return ParameterNameValue.builder().parameterName(name).parameterValue(value).build();
    }

    private static void assertInvalidValue(Runnable call, String message) {
        InvalidParameterValueException e = catchThrowableOfType(InvalidParameterValueException.class, call::run);
        assertThat(e).as("InvalidParameterValue expected").isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    // ---- EC2

    @Test
    void securityGroupsComeBackWithTheirRulesAndPage() {
        var group = ec2.describeSecurityGroups(r -> r.groupIds(SG_CACHE)).securityGroups().getFirst();

        assertThat(group.groupId()).isEqualTo(SG_CACHE);
        assertThat(group.groupName()).isEqualTo("orders-cache");
        assertThat(group.vpcId()).isEqualTo(VPC);
        assertThat(group.ownerId()).isEqualTo(AwsStandIn.DEFAULT_ACCOUNT);
        assertThat(group.ipPermissions()).hasSize(3);
        var fromApp = group.ipPermissions().get(0);
        assertThat(fromApp.ipProtocol()).isEqualTo("tcp");
        assertThat(fromApp.fromPort()).isEqualTo(6379);
        assertThat(fromApp.toPort()).isEqualTo(6379);
        assertThat(fromApp.userIdGroupPairs()).singleElement()
                .satisfies(pair -> assertThat(pair.groupId()).isEqualTo(SG_APP));
        assertThat(group.ipPermissions().get(1).ipRanges()).singleElement()
                .satisfies(range -> assertThat(range.cidrIp()).isEqualTo("0.0.0.0/0"));
        assertThat(group.ipPermissions().get(2).ipv6Ranges()).singleElement()
                .satisfies(range -> assertThat(range.cidrIpv6()).isEqualTo("::/0"));
        assertThat(group.ipPermissionsEgress()).singleElement().satisfies(egress -> {
            assertThat(egress.ipProtocol()).isEqualTo("-1");
            assertThat(egress.fromPort()).isNull();
        });

        aws.pageSize(1);
        assertThat(ec2.describeSecurityGroupsPaginator(r -> r.maxResults(5)).securityGroups().stream()
                .map(g -> g.groupId()).toList()).containsExactly(SG_CACHE, SG_APP);
        assertThat(aws.calls("ec2:DescribeSecurityGroups")).hasSize(3);
        assertThat(aws.calls("ec2:DescribeSecurityGroups").getFirst().param("GroupId.1")).isEqualTo(SG_CACHE);

        Ec2Exception missing = catchThrowableOfType(Ec2Exception.class,
                () -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0000000000000dead")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.awsErrorDetails().errorMessage())
                .isEqualTo("The security group 'sg-0000000000000dead' does not exist");
        assertThat(missing.requestId()).isNotBlank();
    }

    @Test
    void routeTablesFilterByVpcAndSubnet() {
        var bySubnet = ec2.describeRouteTables(r -> r.filters(filter("association.subnet-id", "subnet-0pub")))
                .routeTables();
        assertThat(bySubnet).singleElement().satisfies(table -> {
            assertThat(table.routeTableId()).isEqualTo("rtb-0public0000000001");
            assertThat(table.vpcId()).isEqualTo(VPC);
            assertThat(table.associations()).singleElement().satisfies(a -> {
                assertThat(a.subnetId()).isEqualTo("subnet-0pub");
                assertThat(a.main()).isFalse();
            });
            assertThat(table.routes()).extracting(route -> route.destinationCidrBlock() + "|"
                    + route.destinationIpv6CidrBlock() + "|" + route.gatewayId()).containsExactly(
                    "10.0.0.0/16|null|local", "0.0.0.0/0|null|igw-0123456789abcdef0",
                    "null|::/0|igw-0123456789abcdef0");
        });

        var main = ec2.describeRouteTables(r -> r.filters(filter("vpc-id", VPC), filter("association.main", "true")))
                .routeTables();
        assertThat(main).singleElement().satisfies(table -> {
            assertThat(table.associations().getFirst().main()).isTrue();
            assertThat(table.routes().get(1).natGatewayId()).isEqualTo("nat-0123456789abcdef0");
        });
        aws.pageSize(1);
        assertThat(ec2.describeRouteTablesPaginator(r -> r.filters(filter("vpc-id", VPC))).routeTables().stream()
                .count()).isEqualTo(2);
        assertThat(aws.calls("ec2:DescribeRouteTables").getLast().param("Filter.1.Value.1")).isEqualTo(VPC);
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    // ---- STS

    @Test
    void assumeRoleGivesSessionCredentialsThatReachTheOtherAccountsFleet() {
        aws.allowAssumeRole(AUDIT_ROLE, EXTERNAL_ID);
        aws.fleet(OTHER_ACCOUNT, "us-east-1").add(ReplicationGroupSpec.named("billing").replicasPerShard(1));

        GetCallerIdentityResponse base = sts.getCallerIdentity();
        assertThat(base.account()).isEqualTo(AwsStandIn.DEFAULT_ACCOUNT);
        assertThat(base.arn()).isEqualTo(AwsStandIn.BASE_USER_ARN);
        assertThat(base.userId()).startsWith("AIDA");

        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(AUDIT_ROLE).roleSessionName("ghostwatch-audit")
                .externalId(EXTERNAL_ID).durationSeconds(900));
        assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(assumed.credentials().secretAccessKey()).hasSize(40);
        assertThat(assumed.credentials().sessionToken()).isNotBlank();
        assertThat(Duration.between(Instant.now(), assumed.credentials().expiration()))
                .isBetween(Duration.ofSeconds(880), Duration.ofSeconds(901));
        assertThat(assumed.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ghostwatch-audit/ghostwatch-audit");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":ghostwatch-audit");

        try (StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(AUDIT_ROLE).roleSessionName("gw").externalId(EXTERNAL_ID)).build();
             ElastiCacheClient other = elastiCache(role);
             StsClient otherSts = sts(role)) {
            assertThat(other.describeReplicationGroups().replicationGroups())
                    .extracting(ReplicationGroup::replicationGroupId).containsExactly("billing");
            assertThat(other.describeReplicationGroups().replicationGroups().getFirst().arn())
                    .isEqualTo("arn:aws:elasticache:us-east-1:222222222222:replicationgroup:billing");
            assertThat(otherSts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::222222222222:assumed-role/ghostwatch-audit/gw");
        }
        assertThat(aws.calls("elasticache:DescribeReplicationGroups"))
                .allSatisfy(c -> {
                    assertThat(c.account()).isEqualTo(OTHER_ACCOUNT);
                    assertThat(c.accessKeyId()).startsWith("ASIA");
                });
        assertThat(aws.calls("sts:AssumeRole").getFirst().param("ExternalId")).isEqualTo(EXTERNAL_ID);
    }

    @Test
    void assumeRoleIsDeniedForARoleNotAllowedOrAWrongExternalId() {
        aws.allowAssumeRole(AUDIT_ROLE, EXTERNAL_ID);

        StsException notAllowed = catchThrowableOfType(StsException.class, () -> sts.assumeRole(r -> r
                .roleArn("arn:aws:iam::333333333333:role/other").roleSessionName("gw")));
        assertThat(notAllowed.statusCode()).isEqualTo(403);
        assertThat(notAllowed.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(notAllowed.awsErrorDetails().errorMessage()).isEqualTo("User: " + AwsStandIn.BASE_USER_ARN
                + " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/other");

        StsException wrongId = catchThrowableOfType(StsException.class, () -> sts.assumeRole(r -> r
                .roleArn(AUDIT_ROLE).roleSessionName("gw").externalId("guess")));
        assertThat(wrongId.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        StsException missingId = catchThrowableOfType(StsException.class, () -> sts.assumeRole(r -> r
                .roleArn(AUDIT_ROLE).roleSessionName("gw")));
        assertThat(missingId.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        StsException tooLong = catchThrowableOfType(StsException.class, () -> sts.assumeRole(r -> r
                .roleArn(AUDIT_ROLE).roleSessionName("gw").externalId(EXTERNAL_ID).durationSeconds(7200)));
        assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(aws.calls("sts:AssumeRole")).extracting(RecordedCall::status).containsOnly(400, 403);
    }

    // ---- Secrets Manager

    private SecretsManagerClient secretsManager(AwsCredentialsProvider credentials, Region region) {
        return client(SecretsManagerClient.builder(), credentials, region);
    }

    @Test
    void getSecretValueAnswersByNameFullArnOrPartialArnAndARotationIsANewVersion() {
        String arn = aws.fleet().putSecret("ghostwatch/redis/payments", "{\"username\":\"gw\",\"password\":\"pw-1\"}");
        aws.fleet().putBinarySecret("ghostwatch/blob", new byte[] {0, 1, 2, (byte) 0xff});
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:111111111111:secret:ghostwatch/redis/payments-"
                + "[A-Za-z0-9]{6}");

        try (SecretsManagerClient sm = secretsManager(aws.baseCredentialsProvider(), Region.US_EAST_1)) {
            GetSecretValueResponse byName = sm.getSecretValue(r -> r.secretId("ghostwatch/redis/payments"));
            assertThat(byName.arn()).isEqualTo(arn);
            assertThat(byName.name()).isEqualTo("ghostwatch/redis/payments");
            assertThat(byName.secretString()).isEqualTo("{\"username\":\"gw\",\"password\":\"pw-1\"}");
            assertThat(byName.secretBinary()).isNull();
            assertThat(byName.versionStages()).containsExactly("AWSCURRENT");
            assertThat(byName.createdDate()).isEqualTo(RegionFleet.FIXTURE_TIME);
            assertThat(byName.versionId()).matches("[0-9a-f-]{36}");
            assertThat(sm.getSecretValue(r -> r.secretId(arn)).versionId()).isEqualTo(byName.versionId());
            assertThat(sm.getSecretValue(r -> r.secretId(arn.substring(0, arn.length() - 7))).arn()).isEqualTo(arn);
            assertThat(sm.getSecretValue(r -> r.secretId("ghostwatch/blob")).secretBinary().asByteArray())
                    .containsExactly(0, 1, 2, 0xff);

            assertThat(aws.fleet().putSecret("ghostwatch/redis/payments", "rotated")).isEqualTo(arn);
            GetSecretValueResponse rotated = sm.getSecretValue(r -> r.secretId("ghostwatch/redis/payments"));
            assertThat(rotated.secretString()).isEqualTo("rotated");
            assertThat(rotated.versionId()).isNotEqualTo(byName.versionId());

            software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException missing =
                    catchThrowableOfType(software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException.class,
                            () -> sm.getSecretValue(r -> r.secretId("ghostwatch/nothing")));
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("Secrets Manager can't find the specified"
                    + " secret.");
            assertThat(catchThrowableOfType(
                    software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException.class,
                    () -> sm.getSecretValue(r -> r.secretId("ghostwatch/redis/payments").versionStage("AWSPREVIOUS")))
                    .awsErrorDetails().errorMessage()).endsWith("for staging label: AWSPREVIOUS");
        }
        try (SecretsManagerClient west = secretsManager(aws.baseCredentialsProvider(), Region.EU_WEST_1)) {
            assertThat(catchThrowableOfType(AwsServiceException.class,
                    () -> west.getSecretValue(r -> r.secretId("ghostwatch/redis/payments"))).awsErrorDetails()
                    .errorCode()).as("secrets are regional").isEqualTo("ResourceNotFoundException");
        }
        assertThat(aws.calls("secretsmanager:GetSecretValue")).hasSize(8).allSatisfy(c -> {
            assertThat(c.service()).isEqualTo("secretsmanager");
            assertThat(c.param("SecretId")).isNotNull();
        });
        assertThat(aws.calls("secretsmanager:GetSecretValue").getLast().region()).isEqualTo("eu-west-1");
    }

    @Test
    void getSecretValueIsDeniedThrottledAndRefusesUnknownKeysInItsJsonShape() {
        aws.fleet().putSecret("ghostwatch/redis/payments", "pw-1");
        aws.denyAction(AwsStandIn.DEFAULT_ACCOUNT, "secretsmanager:GetSecretValue");
        try (SecretsManagerClient sm = secretsManager(aws.baseCredentialsProvider(), Region.US_EAST_1)) {
            SecretsManagerException denied = catchThrowableOfType(SecretsManagerException.class,
                    () -> sm.getSecretValue(r -> r.secretId("ghostwatch/redis/payments")));
            assertThat(denied.statusCode()).isEqualTo(400);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: " + AwsStandIn.BASE_USER_ARN
                    + " is not authorized to perform: secretsmanager:GetSecretValue on resource:"
                    + " arn:aws:secretsmanager:us-east-1:111111111111:secret:ghostwatch/redis/payments because no"
                    + " identity-based policy allows the secretsmanager:GetSecretValue action");

            aws.resetFaults();
            aws.throttle("secretsmanager:GetSecretValue", 2);
            assertThat(sm.getSecretValue(r -> r.secretId("ghostwatch/redis/payments")).secretString()).isEqualTo("pw-1");
            aws.throttle("secretsmanager:GetSecretValue", 3);
            AwsServiceException throttled = catchThrowableOfType(AwsServiceException.class,
                    () -> sm.getSecretValue(r -> r.secretId("ghostwatch/redis/payments")));
            assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
            assertThat(throttled.isThrottlingException()).isTrue();
        }
        try (SecretsManagerClient stranger = secretsManager(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x".repeat(40))), Region.US_EAST_1)) {
            assertThat(catchThrowableOfType(SecretsManagerException.class,
                    () -> stranger.getSecretValue(r -> r.secretId("ghostwatch/redis/payments"))).awsErrorDetails()
                    .errorCode()).isEqualTo("UnrecognizedClientException");
        }
        assertThat(aws.calls("secretsmanager:GetSecretValue")).extracting(c -> c.status() + " " + c.errorCode())
                .containsExactly("400 AccessDeniedException", "400 ThrottlingException", "400 ThrottlingException",
                        "200 null", "400 ThrottlingException", "400 ThrottlingException", "400 ThrottlingException",
                        "400 UnrecognizedClientException");
    }

    // ---- faults and authentication

    @Test
    void deniedActionsAnswerEachServicesAccessDeniedShape() {
        for (String action : List.of("elasticache:DescribeCacheClusters", "ec2:DescribeSecurityGroups",
                "cloudwatch:GetMetricData", "sts:GetCallerIdentity")) {
            aws.denyAction(AwsStandIn.DEFAULT_ACCOUNT, action);
        }

        ElastiCacheException ec = catchThrowableOfType(ElastiCacheException.class,
                () -> elastiCache.describeCacheClusters());
        assertThat(ec.statusCode()).isEqualTo(403);
        assertThat(ec.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(ec.awsErrorDetails().errorMessage()).startsWith("User: " + AwsStandIn.BASE_USER_ARN
                + " is not authorized to perform: elasticache:DescribeCacheClusters on resource: "
                + "arn:aws:elasticache:us-east-1:111111111111:");

        Ec2Exception e2 = catchThrowableOfType(Ec2Exception.class, () -> ec2.describeSecurityGroups());
        assertThat(e2.statusCode()).isEqualTo(403);
        assertThat(e2.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
        assertThat(e2.awsErrorDetails().errorMessage()).isEqualTo("You are not authorized to perform this operation. "
                + "User: " + AwsStandIn.BASE_USER_ARN + " is not authorized to perform: ec2:DescribeSecurityGroups "
                + "because no identity-based policy allows the ec2:DescribeSecurityGroups action");

        CloudWatchException cw = catchThrowableOfType(CloudWatchException.class,
                () -> cloudWatch.getMetricData(oneQuery("orders-0001-001")));
        assertThat(cw.statusCode()).isEqualTo(403);
        assertThat(cw.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(cw.awsErrorDetails().errorMessage()).contains("cloudwatch:GetMetricData");

        StsException st = catchThrowableOfType(StsException.class, () -> sts.getCallerIdentity());
        assertThat(st.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");

        assertThat(elastiCache.describeReplicationGroups().replicationGroups()).hasSize(2);
        assertThat(aws.calls()).filteredOn(c -> c.status() == 403).extracting(RecordedCall::errorCode)
                .containsExactly("AccessDenied", "UnauthorizedOperation", "AccessDenied", "AccessDenied");
    }

    @Test
    void throttledCallsSucceedAfterTheSdksRetriesUntilTheyRunOut() {
        aws.throttle("elasticache:DescribeCacheParameters", 2);
        aws.throttle("ec2:DescribeRouteTables", 2);
        aws.throttle("cloudwatch:GetMetricData", 2);
        aws.throttle("sts:GetCallerIdentity", 2);

        assertThat(elastiCache.describeCacheParameters(r -> r.cacheParameterGroupName("default.redis7"))
                .parameters()).isNotEmpty();
        assertThat(ec2.describeRouteTables().routeTables()).hasSize(2);
        assertThat(cloudWatch.getMetricData(oneQuery("orders-0001-001")).metricDataResults()).hasSize(1);
        assertThat(sts.getCallerIdentity().account()).isEqualTo(AwsStandIn.DEFAULT_ACCOUNT);
        assertThat(aws.calls("elasticache:DescribeCacheParameters")).extracting(c -> c.status() + " " + c.errorCode())
                .containsExactly("400 Throttling", "400 Throttling", "200 null");
        assertThat(aws.calls("ec2:DescribeRouteTables")).extracting(c -> c.status() + " " + c.errorCode())
                .containsExactly("503 RequestLimitExceeded", "503 RequestLimitExceeded", "200 null");
        assertThat(aws.calls("cloudwatch:GetMetricData")).extracting(c -> c.status() + " " + c.errorCode())
                .containsExactly("400 Throttling", "400 Throttling", "200 null");

        aws.throttle("elasticache:DescribeCacheParameters", 3);
        aws.throttle("ec2:DescribeRouteTables", 3);
        aws.throttle("cloudwatch:GetMetricData", 3);
        aws.throttle("sts:GetCallerIdentity", 3);
        AwsServiceException ec = catchThrowableOfType(AwsServiceException.class,
                () -> elastiCache.describeCacheParameters(r -> r.cacheParameterGroupName("default.redis7")));
        assertThat(ec.awsErrorDetails().errorCode()).isEqualTo("Throttling");
        assertThat(ec.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        assertThat(ec.isThrottlingException()).isTrue();
        AwsServiceException e2 = catchThrowableOfType(AwsServiceException.class, () -> ec2.describeRouteTables());
        assertThat(e2.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(e2.statusCode()).isEqualTo(503);
        AwsServiceException cw = catchThrowableOfType(AwsServiceException.class,
                () -> cloudWatch.getMetricData(oneQuery("orders-0001-001")));
        assertThat(cw.awsErrorDetails().errorCode()).isEqualTo("Throttling");
        assertThat(cw.isThrottlingException()).isTrue();
        AwsServiceException st = catchThrowableOfType(AwsServiceException.class, () -> sts.getCallerIdentity());
        assertThat(st.awsErrorDetails().errorCode()).isEqualTo("Throttling");
    }

    @Test
    void aBadSignatureAnUnknownKeyAndAForeignTokenAreRefused() {
        AwsBasicCredentials wrongSecret = AwsBasicCredentials.create(aws.baseCredentials().accessKeyId(),
                "not-the-secret-not-the-secret-not-the-sec");
        try (ElastiCacheClient forged = elastiCache(StaticCredentialsProvider.create(wrongSecret));
             CloudWatchClient forgedCw = cloudWatch(StaticCredentialsProvider.create(wrongSecret));
             Ec2Client unknown = ec2(StaticCredentialsProvider.create(
                     AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x".repeat(40))));
             StsClient unknownSts = sts(StaticCredentialsProvider.create(
                     AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x".repeat(40))))) {
            ElastiCacheException bad = catchThrowableOfType(ElastiCacheException.class,
                    () -> forged.describeCacheClusters());
            assertThat(bad.statusCode()).isEqualTo(403);
            assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            CloudWatchException badCw = catchThrowableOfType(CloudWatchException.class,
                    () -> forgedCw.getMetricData(oneQuery("orders-0001-001")));
            assertThat(badCw.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            // EC2 answers 401 AuthFailure; HttpURLConnection does not hand a 401's body to the URL-connection
            // client (it would retry the authentication, which a streamed body forbids), so the SDK sees only the
            // status, as it would against EC2 itself. The call log shows what was answered.
            Ec2Exception unknownKey = catchThrowableOfType(Ec2Exception.class, () -> unknown.describeSecurityGroups());
            assertThat(unknownKey.statusCode()).isEqualTo(401);
            StsException unknownStsKey = catchThrowableOfType(StsException.class, () -> unknownSts.getCallerIdentity());
            assertThat(unknownStsKey.statusCode()).isEqualTo(403);
            assertThat(unknownStsKey.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        }
        aws.allowAssumeRole(AUDIT_ROLE);
        var session = sts.assumeRole(r -> r.roleArn(AUDIT_ROLE).roleSessionName("gw")).credentials();
        try (StsClient noToken = sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                session.accessKeyId(), session.secretAccessKey())))) {
            assertThat(catchThrowableOfType(StsException.class, noToken::getCallerIdentity)
                    .awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        }
        try (ElastiCacheClient anonymous = elastiCache(AnonymousCredentialsProvider.create())) {
            ElastiCacheException unsigned = catchThrowableOfType(ElastiCacheException.class,
                    anonymous::describeCacheClusters);
            assertThat(unsigned.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken");
        }
        assertThat(aws.calls()).filteredOn(c -> !c.succeeded()).extracting(RecordedCall::errorCode)
                .containsExactly("SignatureDoesNotMatch", "SignatureDoesNotMatch", "AuthFailure",
                        "InvalidClientTokenId", "InvalidClientTokenId", "MissingAuthenticationToken");
    }

    @Test
    void sessionCredentialsExpire() {
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T08:00:00Z"));
        try (AwsStandIn timed = AwsStandIn.start(clock);
             StsClient base = StsClient.builder().endpointOverride(timed.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(timed.baseCredentialsProvider()).httpClient(HTTP).build()) {
            timed.allowAssumeRole(AUDIT_ROLE);
            var session = base.assumeRole(r -> r.roleArn(AUDIT_ROLE).roleSessionName("gw").durationSeconds(900))
                    .credentials();
            assertThat(session.expiration()).isEqualTo(Instant.parse("2026-06-01T08:15:00Z"));
            try (StsClient assumed = StsClient.builder().endpointOverride(timed.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                            session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
                    .httpClient(HTTP).build()) {
                assertThat(assumed.getCallerIdentity().account()).isEqualTo(OTHER_ACCOUNT);
                clock.advance(Duration.ofSeconds(900));
                StsException expired = catchThrowableOfType(StsException.class, assumed::getCallerIdentity);
                assertThat(expired.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
            }
        }
    }

    // ---- CloudWatch

    @Test
    void getMetricDataAnswersThreeNodesTwoWeeksHourlyInOneCallAndPagesWhenAsked() {
        String[] nodes = {"orders-0001-001", "orders-0002-001", "orders-0003-001"};
        for (int n = 0; n < nodes.length; n++) {
            int offset = 1000 * n;
            aws.fleet().metric(MetricKey.cacheNode("CurrConnections", nodes[n], "0001"),
                    Datapoint.series(T0, Duration.ofMinutes(5), 336 * 12, i -> offset + i / 12 + i % 12));
        }
        Instant end = T0.plus(Duration.ofHours(336)).plusMillis(500);
        GetMetricDataRequest request = GetMetricDataRequest.builder().startTime(T0).endTime(end)
                .metricDataQueries(query("n0", nodes[0], "Maximum"), query("n1", nodes[1], "Average"),
                        query("n2", nodes[2], "Minimum"))
                .build();

        GetMetricDataResponse one = cloudWatch.getMetricData(request);

        assertThat(one.nextToken()).isNull();
        assertThat(one.metricDataResults()).extracting(MetricDataResult::id).containsExactly("n0", "n1", "n2");
        MetricDataResult n0 = one.metricDataResults().get(0);
        assertThat(n0.label()).isEqualTo("CurrConnections");
        assertThat(n0.statusCode()).isEqualTo(StatusCode.COMPLETE);
        assertThat(n0.timestamps()).hasSize(336);
        assertThat(n0.timestamps().getFirst()).isEqualTo(T0.plus(Duration.ofHours(335)));
        assertThat(n0.timestamps().getLast()).isEqualTo(T0);
        assertThat(n0.values().getFirst()).isEqualTo(335 + 11.0);
        assertThat(one.metricDataResults().get(1).values().getFirst()).isEqualTo(1000 + 335 + 5.5);
        assertThat(one.metricDataResults().get(2).values().getLast()).isEqualTo(2000 + 0.0);
        RecordedCall call = aws.calls("cloudwatch:GetMetricData").getFirst();
        assertThat(call.service()).isEqualTo("monitoring");
        assertThat(call.param("StartTime")).isEqualTo(T0.toString());
        assertThat(call.param("EndTime")).isEqualTo(end.toString());
        assertThat(call.param("MetricDataQueries.2.MetricStat.Metric.Dimensions.1.Value")).isEqualTo(nodes[1]);
        assertThat(call.param("MetricDataQueries.3.MetricStat.Stat")).isEqualTo("Minimum");

        aws.clearCalls();
        aws.datapointsPerPage(400);
        Map<String, MetricDataResult> merged = new LinkedHashMap<>();
        Map<String, List<Instant>> timestamps = new HashMap<>();
        cloudWatch.getMetricDataPaginator(request).metricDataResults().forEach(r -> {
            merged.put(r.id(), r);
            timestamps.computeIfAbsent(r.id(), k -> new ArrayList<>()).addAll(r.timestamps());
        });
        assertThat(aws.calls("cloudwatch:GetMetricData")).hasSize(3);
        assertThat(timestamps.get("n0")).isEqualTo(n0.timestamps());
        assertThat(timestamps.get("n1")).isEqualTo(one.metricDataResults().get(1).timestamps());
        assertThat(timestamps.get("n2")).hasSize(336);
        assertThat(merged.get("n2").statusCode()).isEqualTo(StatusCode.COMPLETE);
        assertThat(aws.calls("cloudwatch:GetMetricData").get(1).param("NextToken")).isNotBlank();
    }

    @Test
    void getMetricDataRefusesWhatCloudWatchRefuses() {
        CloudWatchException badId = catchThrowableOfType(CloudWatchException.class,
                () -> cloudWatch.getMetricData(r -> r.startTime(T0).endTime(T0.plusSeconds(3600))
                        .metricDataQueries(query("Bad-Id", "orders-0001-001", "Maximum"))));
        assertThat(badId).isInstanceOf(
                software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException.class);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        CloudWatchException badToken = catchThrowableOfType(CloudWatchException.class,
                () -> cloudWatch.getMetricData(oneQuery("orders-0001-001").toBuilder().nextToken("junk").build()));
        assertThat(badToken.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken");
    }

    private static GetMetricDataRequest oneQuery(String cacheClusterId) {
        return GetMetricDataRequest.builder().startTime(T0).endTime(T0.plus(Duration.ofDays(1)))
                .metricDataQueries(query("q0", cacheClusterId, "Maximum")).build();
    }

    private static MetricDataQuery query(String id, String cacheClusterId, String stat) {
        return MetricDataQuery.builder().id(id).metricStat(s -> s.period(3600).stat(stat).metric(m -> m
                .namespace("AWS/ElastiCache").metricName("CurrConnections").dimensions(
                        Dimension.builder().name("CacheClusterId").value(cacheClusterId).build(),
                        Dimension.builder().name("CacheNodeId").value("0001").build()))).build();
    }

    // ---- child processes

    @Test
    void aChildProcessFindsTheStandInThroughTheStandardEnvironment() throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("AWS_SESSION_TOKEN", null);
        env.put("AWS_PROFILE", null);
        env.put("AWS_ENDPOINT_URL_ELASTICACHE", null);
        env.put("AWS_ENDPOINT_URL_STS", null);

        Process child = ChildJvm.start(ChildMain.class, env);

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.exitValue()).as(ChildJvm.stderr(child)).isZero();
        assertThat(out).isEqualTo("111111111111 orders,sessions");
        assertThat(aws.calls()).extracting(RecordedCall::action)
                .containsExactly("sts:GetCallerIdentity", "elasticache:DescribeReplicationGroups");
        assertThat(aws.calls()).allSatisfy(c -> assertThat(c.accessKeyId())
                .isEqualTo(aws.baseCredentials().accessKeyId()));
    }

    /** A second process: default SDK clients, configured by nothing but the environment. */
    public static final class ChildMain {
        public static void main(String[] args) {
            try (SdkHttpClient http = UrlConnectionHttpClient.create();
                 StsClient sts = StsClient.builder().httpClient(http).build();
                 ElastiCacheClient elastiCache = ElastiCacheClient.builder().httpClient(http).build()) {
                String account = sts.getCallerIdentity().account();
                List<String> groups = elastiCache.describeReplicationGroups().replicationGroups().stream()
                        .map(ReplicationGroup::replicationGroupId).toList();
                System.out.println(account + " " + String.join(",", groups));
            }
        }
    }
}
