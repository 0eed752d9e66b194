package io.ghostwatch.core.check;

import static io.ghostwatch.core.testing.ElastiCacheSnapshots.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.elasticache.ElastiCacheSnapshot;
import io.ghostwatch.core.elasticache.SecurityGroup;
import io.ghostwatch.core.elasticache.SubnetPlacement;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.testing.ElastiCacheSnapshots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElastiCacheNetworkAccessCheckTest {

    private static final String AUTHORIZE = "aws ec2 authorize-security-group-ingress --region us-east-1 --group-id"
            + " <the cache's group> --protocol tcp --port 6379 --source-group <the application's security group>";

    private final ElastiCacheNetworkAccessCheck check = new ElastiCacheNetworkAccessCheck();

    private Finding evaluate(ElastiCacheSnapshot s) {
        List<Finding> findings = check.evaluate(new ElastiCacheContext(s, Policy.defaults()));
        assertThat(findings).hasSize(1);
        return findings.getFirst();
    }

    private static SecurityGroup group(String id, String name, SecurityGroup.IngressRule... rules) {
        return new SecurityGroup(id, name, "vpc-0main", List.of(rules));
    }

    @Test
    void onlyTheApplicationsRulesPass() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().build());

        assertThat(f.checkId()).isEqualTo("elasticache_network_access_restricted");
        assertThat(f.node()).isEqualTo("orders");
        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) admits no rule from every address"
                + " to tcp 6379.");
        assertThat(f.evidence()).isEqualTo(Map.of("security_groups", "sg-0app", "cache_ports", "tcp 6379",
                "subnets", "subnet-0a (private), subnet-0b (private)", "open_to_world", "none"));
    }

    @Test
    void everyIpv4AddressToTheCachePortFailsCriticalWithARevoke() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup()
                .securityGroups(group("sg-0open", "orders-public", tcp(6379, 6379, "0.0.0.0/0"))).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) is open to every address:"
                + " sg-0open (orders-public) allows 0.0.0.0/0 to tcp 6379.");
        assertThat(f.evidence()).containsEntry("security_groups", "sg-0open")
                .containsEntry("open_to_world", "sg-0open (orders-public) allows 0.0.0.0/0 to tcp 6379")
                .doesNotContainKey("open_on_other_ports");
        assertThat(f.fix().steps()).allMatch(s -> s instanceof FixStep.ManualStep);
        assertThat(f.fix().commands()).containsExactly(
                "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-0open --ip-permissions"
                        + " 'IpProtocol=tcp,FromPort=6379,ToPort=6379,IpRanges=[{CidrIp=0.0.0.0/0}]'",
                AUTHORIZE);
        assertThat(f.fix().steps().getFirst().explanation()).isEqualTo("Remove the rule that admits every address"
                + " (0.0.0.0/0) to tcp 6379 on sg-0open.");
        assertThat(f.fix().automatable()).isFalse();
    }

    @Test
    void everyIpv6AddressThroughAllTrafficFailsCriticalWithAnIpv6Revoke() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().securityGroups(group("sg-0v6", "dual-stack",
                new SecurityGroup.IngressRule("-1", null, null, List.of("::/0")))).build());

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).contains("sg-0v6 (dual-stack) allows ::/0 to all traffic.");
        assertThat(f.fix().commands()).containsExactly(
                "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-0v6 --ip-permissions"
                        + " 'IpProtocol=-1,Ipv6Ranges=[{CidrIpv6=::/0}]'",
                AUTHORIZE);
    }

    @Test
    void aRuleOpenToBothFamiliesGetsOneRevokePerCidr() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().securityGroups(group("sg-0open", null,
                tcp(6379, 6379, "0.0.0.0/0", "::/0"))).build());

        assertThat(f.detail()).contains("sg-0open allows 0.0.0.0/0 and ::/0 to tcp 6379.");
        assertThat(f.fix().commands()).containsExactly(
                "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-0open --ip-permissions"
                        + " 'IpProtocol=tcp,FromPort=6379,ToPort=6379,IpRanges=[{CidrIp=0.0.0.0/0}]'",
                "aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-0open --ip-permissions"
                        + " 'IpProtocol=tcp,FromPort=6379,ToPort=6379,Ipv6Ranges=[{CidrIpv6=::/0}]'",
                AUTHORIZE);
    }

    @Test
    void everyAddressOnAnotherPortOnlyPassesAndIsNoted() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().securityGroups(
                group("sg-0app", "orders-cache", tcp(6379, 6379, "10.0.0.0/16")),
                group("sg-0ssh", "bastion", tcp(22, 22, "0.0.0.0/0"))).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.evidence()).containsEntry("security_groups", "sg-0app, sg-0ssh")
                .containsEntry("open_on_other_ports", "sg-0ssh (bastion) allows 0.0.0.0/0 to tcp 22")
                .containsEntry("open_to_world", "none");
    }

    @Test
    void udpToTheCachePortIsNotTcp() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().securityGroups(group("sg-0udp", null,
                new SecurityGroup.IngressRule("udp", 6379, 6379, List.of("0.0.0.0/0")))).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.evidence()).containsEntry("open_on_other_ports", "sg-0udp allows 0.0.0.0/0 to udp 6379");
    }

    @Test
    void aPortRangeCoveringTheCachePortFailsCritical() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().securityGroups(group("sg-0wide", "wide",
                tcp(6000, 7000, "0.0.0.0/0"))).build());

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).contains("sg-0wide (wide) allows 0.0.0.0/0 to tcp 6000-7000.");
        assertThat(f.fix().commands().getFirst()).isEqualTo("aws ec2 revoke-security-group-ingress --region us-east-1"
                + " --group-id sg-0wide --ip-permissions 'IpProtocol=tcp,FromPort=6000,ToPort=7000,"
                + "IpRanges=[{CidrIp=0.0.0.0/0}]'");
    }

    @Test
    void aRuleAdmittingOnlyAPrivateCidrPasses() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().securityGroups(group("sg-0vpc", "vpc-wide",
                new SecurityGroup.IngressRule("-1", null, null, List.of("10.0.0.0/8", "fd00::/8")))).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.evidence()).containsEntry("open_to_world", "none").doesNotContainKey("open_on_other_ports");
    }

    @Test
    void publicSubnetsAreNamedWhenTheCacheIsOpen() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup()
                .securityGroups(group("sg-0open", "orders-public", tcp(6379, 6379, "0.0.0.0/0")))
                .subnets(new SubnetPlacement("subnet-0a", "vpc-0main", "igw-0abc"),
                        new SubnetPlacement("subnet-0b", "vpc-0main", null))
                .build());

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).isEqualTo("Replication group orders (prod/us-east-1) is open to every address:"
                + " sg-0open (orders-public) allows 0.0.0.0/0 to tcp 6379. Its subnet group has public subnets"
                + " (subnet-0a routes to igw-0abc).");
        assertThat(f.evidence()).containsEntry("subnets", "subnet-0a (public via igw-0abc), subnet-0b (private)");
    }

    @Test
    void publicSubnetsAreNamedEvenWhenTheRulesAreTight() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup()
                .subnets(new SubnetPlacement("subnet-0a", "vpc-0main", "igw-0abc")).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).endsWith(" to tcp 6379. Its subnet group has public subnets (subnet-0a routes to"
                + " igw-0abc).");
        assertThat(f.evidence()).containsEntry("subnets", "subnet-0a (public via igw-0abc)");
    }

    @Test
    void unreadableSubnetsAreEvidenceNotAnError() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup()
                .securityGroups(group("sg-0open", null, tcp(6379, 6379, "0.0.0.0/0")))
                .subnetsUnreadable("not allowed: ec2:DescribeRouteTables").build());

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).doesNotContain("subnet");
        assertThat(f.evidence()).containsEntry("subnets", "unreadable: not allowed: ec2:DescribeRouteTables");
    }

    @Test
    void unreadableSecurityGroupsAreAnError() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup()
                .securityGroupsUnreadable("not allowed: ec2:DescribeSecurityGroups (UnauthorizedOperation)").build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Cannot read the security groups of replication group orders"
                + " (prod/us-east-1): not allowed: ec2:DescribeSecurityGroups (UnauthorizedOperation).");
        assertThat(f.evidence()).isEqualTo(Map.of("security_groups", "sg-0app"));
    }

    @Test
    void aServerlessCacheIsAlsoExposedThroughItsReaderPort() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().serverless("orders-users")
                .securityGroups(group("sg-0reader", "readers", tcp(6380, 6380, "0.0.0.0/0"))).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).startsWith("Serverless cache orders (prod/us-east-1) is open to every address:"
                + " sg-0reader (readers) allows 0.0.0.0/0 to tcp 6380.");
        assertThat(f.evidence()).containsEntry("cache_ports", "tcp 6379 and tcp 6380");
        assertThat(f.fix().commands().getFirst()).isEqualTo("aws ec2 revoke-security-group-ingress --region us-east-1"
                + " --group-id sg-0reader --ip-permissions 'IpProtocol=tcp,FromPort=6380,ToPort=6380,"
                + "IpRanges=[{CidrIp=0.0.0.0/0}]'");
    }

    @Test
    void aServerlessCacheWithTightRulesPassesOnBothPorts() {
        Finding f = evaluate(ElastiCacheSnapshots.replicationGroup().serverless(null).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("Serverless cache orders (prod/us-east-1) admits no rule from every address to"
                + " tcp 6379 and tcp 6380.");
    }

    @Test
    void openToEveryAddressIsFalseWhenTheGroupsCannotBeRead() {
        ElastiCacheSnapshot s = ElastiCacheSnapshots.replicationGroup().securityGroupsUnreadable("throttled").build();
        ElastiCacheSnapshot open = ElastiCacheSnapshots.replicationGroup()
                .securityGroups(group("sg-0open", null, tcp(6379, 6379, "0.0.0.0/0"))).build();

        assertThat(ElastiCacheNetworkAccessCheck.openToEveryAddress(new ElastiCacheContext(s, Policy.defaults())))
                .isFalse();
        assertThat(ElastiCacheNetworkAccessCheck.openToEveryAddress(new ElastiCacheContext(open, Policy.defaults())))
                .isTrue();
    }
}
