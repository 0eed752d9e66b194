package io.ghostwatch.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ghostwatch.core.aws.Ec2QueryClient.Association;
import io.ghostwatch.core.aws.Ec2QueryClient.IpPermission;
import io.ghostwatch.core.aws.Ec2QueryClient.Route;
import io.ghostwatch.core.testing.aws.AwsStandIn;
import io.ghostwatch.core.testing.aws.RouteTable;
import io.ghostwatch.core.testing.aws.SecurityGroup;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * {@link Ec2QueryClient} against the AWS stand-in, whose EC2 side the SDK's own EC2 client checks ({@code AwsStandInIT}):
 * signed requests, answers read across pages, throttling retried, refusals reported as {@link AwsCall} reports any SDK
 * client's.
 */
class Ec2QueryClientIT {

    private static final String VPC = "vpc-0aaaaaaaaaaaaaaa1";
    private static final String SG_CACHE = "sg-0aaaaaaaaaaaaaaa1";
    private static final String SG_OPEN = "sg-0aaaaaaaaaaaaaaa2";

    private AwsStandIn aws;
    private SdkHttpClient http;

    @BeforeEach
    void start() {
        aws = AwsStandIn.start();
        http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build();
        var fleet = aws.fleet();
        fleet.add(SecurityGroup.of(SG_CACHE, "caches", VPC, io.ghostwatch.core.testing.aws.IpPermission.tcp(6379,
                "10.0.0.0/8"), io.ghostwatch.core.testing.aws.IpPermission.tcpFromGroups(6379, SG_OPEN)));
        fleet.add(SecurityGroup.of(SG_OPEN, "open", VPC, io.ghostwatch.core.testing.aws.IpPermission.tcpIpv6(6380,
                "::/0"), io.ghostwatch.core.testing.aws.IpPermission.allTraffic("0.0.0.0/0")));
        fleet.add(RouteTable.main("rtb-0main000000000001", VPC, io.ghostwatch.core.testing.aws.Route.local("10.0.0.0/16"),
                io.ghostwatch.core.testing.aws.Route.natGateway("0.0.0.0/0", "nat-0123456789abcdef0")));
        fleet.add(RouteTable.forSubnets("rtb-0public0000000001", VPC, List.of("subnet-0pub"),
                io.ghostwatch.core.testing.aws.Route.local("10.0.0.0/16"),
                io.ghostwatch.core.testing.aws.Route.internetGateway("0.0.0.0/0", "igw-0123456789abcdef0"),
                io.ghostwatch.core.testing.aws.Route.internetGatewayIpv6("::/0", "igw-0123456789abcdef0")));
        fleet.add(RouteTable.main("rtb-0other00000000001", "vpc-0bbbbbbbbbbbbbbb1"));
    }

    @AfterEach
    void stop() {
        http.close();
        aws.close();
        assertThat(aws.failures()).isEmpty();
    }

    private Ec2QueryClient ec2(AwsCredentialsProvider credentials, URI endpoint) {
        AwsClients.Settings settings = aws.clientSettings();
        return new Ec2QueryClient(http, credentials, AwsStandIn.DEFAULT_REGION, endpoint, settings.retry(),
                settings.apiCallTimeout());
    }

    private Ec2QueryClient ec2() {
        return ec2(aws.baseCredentialsProvider(), aws.endpoint());
    }

    @Test
    void securityGroupsComeBackWithTheirCidrRulesAcrossPages() {
        aws.pageSize(1);

        var groups = ec2().describeSecurityGroups(List.of(SG_CACHE, SG_OPEN));

        assertThat(groups).containsExactly(
                new Ec2QueryClient.SecurityGroup(SG_CACHE, "caches", VPC, List.of(
                        new IpPermission("tcp", 6379, 6379, List.of("10.0.0.0/8"), List.of()),
                        new IpPermission("tcp", 6379, 6379, List.of(), List.of()))),
                new Ec2QueryClient.SecurityGroup(SG_OPEN, "open", VPC, List.of(
                        new IpPermission("tcp", 6380, 6380, List.of(), List.of("::/0")),
                        new IpPermission("-1", null, null, List.of("0.0.0.0/0"), List.of()))));
        var calls = aws.calls("ec2:DescribeSecurityGroups");
        assertThat(calls).hasSize(2);
        assertThat(calls.getFirst().param("GroupId.2")).isEqualTo(SG_OPEN);
        assertThat(calls.getLast().param("NextToken")).isNotBlank();
    }

    @Test
    void routeTablesOfOneVpcAcrossPages() {
        aws.pageSize(1);

        var tables = ec2().describeRouteTables(VPC);

        assertThat(tables).extracting(Ec2QueryClient.RouteTable::routeTableId)
                .containsExactly("rtb-0main000000000001", "rtb-0public0000000001");
        assertThat(tables.getFirst().associations()).containsExactly(new Association(null, true));
        assertThat(tables.getFirst().routes()).containsExactly(new Route("10.0.0.0/16", null, "local"),
                new Route("0.0.0.0/0", null, null));
        assertThat(tables.getLast().associations()).containsExactly(new Association("subnet-0pub", false));
        assertThat(tables.getLast().routes()).containsExactly(new Route("10.0.0.0/16", null, "local"),
                new Route("0.0.0.0/0", null, "igw-0123456789abcdef0"), new Route(null, "::/0", "igw-0123456789abcdef0"));
        assertThat(aws.calls("ec2:DescribeRouteTables").getFirst().param("Filter.1.Value.1")).isEqualTo(VPC);
    }

    @Test
    void throttlingIsRetriedWithTheSettingsRetryStrategy() {
        aws.throttle("ec2:DescribeRouteTables", 2);

        assertThat(ec2().describeRouteTables(VPC)).hasSize(2);
        assertThat(aws.calls("ec2:DescribeRouteTables")).hasSize(3);

        aws.throttle("ec2:DescribeRouteTables", 10);
        AwsCallException stillThrottled = catchThrowableOfType(AwsCallException.class,
                () -> AwsCall.run(AwsAction.DESCRIBE_ROUTE_TABLES, () -> ec2().describeRouteTables(VPC)));
        assertThat(stillThrottled.kind()).isEqualTo(AwsCallException.Kind.THROTTLED);
        assertThat(stillThrottled.errorCode()).isEqualTo("RequestLimitExceeded");
    }

    @Test
    void refusalsAreNamedAsForAnySdkClient() {
        aws.denyAction(AwsStandIn.DEFAULT_ACCOUNT, "ec2:DescribeSecurityGroups");
        AwsCallException denied = catchThrowableOfType(AwsCallException.class,
                () -> AwsCall.run(AwsAction.DESCRIBE_SECURITY_GROUPS, () -> ec2().describeSecurityGroups(List.of(SG_CACHE))));
        assertThat(denied.kind()).isEqualTo(AwsCallException.Kind.ACCESS_DENIED);
        assertThat(denied.getMessage()).startsWith("not allowed: ec2:DescribeSecurityGroups (UnauthorizedOperation:");

        aws.allowAction(AwsStandIn.DEFAULT_ACCOUNT, "ec2:DescribeSecurityGroups");
        AwsCallException missing = catchThrowableOfType(AwsCallException.class, () -> AwsCall.run(
                AwsAction.DESCRIBE_SECURITY_GROUPS, () -> ec2().describeSecurityGroups(List.of("sg-0000000000000dead"))));
        assertThat(missing.kind()).isEqualTo(AwsCallException.Kind.NOT_FOUND);
        assertThat(missing.errorCode()).isEqualTo("InvalidGroup.NotFound");

        var unknownKey = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN000000000", "secret"));
        AwsCallException refused = catchThrowableOfType(AwsCallException.class, () -> AwsCall.run(
                AwsAction.DESCRIBE_ROUTE_TABLES, () -> ec2(unknownKey, aws.endpoint()).describeRouteTables(VPC)));
        // EC2 says AuthFailure with a 401, whose body the JDK's URL connection drops (the SDK's clients get the same)
        assertThat(refused.getMessage()).isEqualTo("ec2:DescribeRouteTables: the AWS credentials were refused (HTTP 401);"
                + " check the keys or role Ghostwatch runs with");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsUnreachable() {
        AwsCallException unreachable = catchThrowableOfType(AwsCallException.class, () -> AwsCall.run(
                AwsAction.DESCRIBE_ROUTE_TABLES,
                () -> ec2(aws.baseCredentialsProvider(), URI.create("http://127.0.0.1:1")).describeRouteTables(VPC)));
        assertThat(unreachable.kind()).isEqualTo(AwsCallException.Kind.UNREACHABLE);
        assertThat(unreachable.getMessage()).startsWith("ec2:DescribeRouteTables: the ec2 API could not be reached");
    }
}
