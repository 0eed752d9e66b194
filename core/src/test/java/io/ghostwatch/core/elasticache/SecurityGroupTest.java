package io.ghostwatch.core.elasticache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityGroupTest {

    private static SecurityGroup.IngressRule rule(String protocol, Integer from, Integer to, String... sources) {
        return new SecurityGroup.IngressRule(protocol, from, to, List.of(sources));
    }

    @Test
    void aTcpRuleCoversItsOwnPortOnly() {
        SecurityGroup.IngressRule r = rule("tcp", 6379, 6379, "10.0.0.0/16");

        assertThat(r.coversTcpPort(6379)).isTrue();
        assertThat(r.coversTcpPort(6380)).isFalse();
        assertThat(r.coversTcpPort(6378)).isFalse();
    }

    @Test
    void aTcpRangeCoversEveryPortInsideItInclusive() {
        SecurityGroup.IngressRule r = rule("tcp", 6000, 7000, "0.0.0.0/0");

        assertThat(r.coversTcpPort(6000)).isTrue();
        assertThat(r.coversTcpPort(6379)).isTrue();
        assertThat(r.coversTcpPort(7000)).isTrue();
        assertThat(r.coversTcpPort(7001)).isFalse();
        assertThat(r.coversTcpPort(5999)).isFalse();
    }

    @Test
    void protocolMinusOneIsAllTrafficOnEveryPort() {
        SecurityGroup.IngressRule r = rule("-1", null, null, "::/0");

        assertThat(r.coversTcpPort(6379)).isTrue();
        assertThat(r.coversTcpPort(1)).isTrue();
        assertThat(r.portLabel()).isEqualTo("all traffic");
    }

    @Test
    void tcpByNumberIsTcp() {
        assertThat(rule("6", 6379, 6379).coversTcpPort(6379)).isTrue();
        assertThat(rule("6", 22, 22).coversTcpPort(6379)).isFalse();
    }

    @Test
    void udpIcmpAndOtherProtocolsNeverCoverTcp() {
        assertThat(rule("udp", 6379, 6379).coversTcpPort(6379)).isFalse();
        assertThat(rule("17", 0, 65535).coversTcpPort(6379)).isFalse();
        assertThat(rule("icmp", -1, -1).coversTcpPort(6379)).isFalse();
    }

    @Test
    void tcpWithoutPortsOrWithMinusOneCoversEveryPort() {
        assertThat(rule("tcp", null, null).coversTcpPort(6379)).isTrue();
        assertThat(rule("tcp", -1, -1).coversTcpPort(6379)).isTrue();
        assertThat(rule("tcp", 0, 65535).coversTcpPort(6379)).isTrue();
    }

    @Test
    void worldSourcesAreExactlyTheWholeInternet() {
        SecurityGroup.IngressRule r = rule("tcp", 6379, 6379, "10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", "::/0",
                "192.168.0.0/16");

        assertThat(r.worldSources()).containsExactly("0.0.0.0/0", "::/0");
        assertThat(rule("tcp", 6379, 6379, "10.0.0.0/8", "0.0.0.0/32").worldSources()).isEmpty();
        assertThat(rule("tcp", 6379, 6379).worldSources()).isEmpty();
    }

    @Test
    void portLabelsReadAsPeopleSayThem() {
        assertThat(rule("tcp", 6379, 6379).portLabel()).isEqualTo("tcp 6379");
        assertThat(rule("tcp", 6000, 7000).portLabel()).isEqualTo("tcp 6000-7000");
        assertThat(rule("udp", null, null).portLabel()).isEqualTo("udp");
    }

    @Test
    void theInboundRulesAreACopy() {
        ArrayList<SecurityGroup.IngressRule> rules = new ArrayList<>(List.of(rule("tcp", 22, 22)));
        SecurityGroup g = new SecurityGroup("sg-0a", "bastion", "vpc-0main", rules);
        rules.add(rule("tcp", 6379, 6379, "0.0.0.0/0"));

        assertThat(g.inbound()).hasSize(1);
    }
}
