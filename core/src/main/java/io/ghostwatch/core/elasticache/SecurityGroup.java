package io.ghostwatch.core.elasticache;

import java.util.List;
import java.util.Objects;

/** An EC2 security group on a cache, with its inbound rules (DescribeSecurityGroups). */
public record SecurityGroup(String id, String name, String vpcId, List<IngressRule> inbound) {

    public SecurityGroup {
        Objects.requireNonNull(id, "id");
        inbound = List.copyOf(inbound);
    }

    /** Every source anywhere on the internet, IPv4 and IPv6. */
    public static final List<String> WORLD = List.of("0.0.0.0/0", "::/0");

    /**
     * One inbound permission. {@code protocol} is EC2's ipProtocol: {@code tcp}, {@code udp}, {@code icmp}, a number,
     * or {@code -1} (all traffic, every port). Ports are inclusive; for {@code -1} they do not apply.
     *
     * @param sources CIDR blocks (IPv4 and IPv6) the rule admits; other security groups and prefix lists are not
     *                listed (they never mean "the whole internet")
     */
    public record IngressRule(String protocol, Integer fromPort, Integer toPort, List<String> sources) {
        public IngressRule {
            Objects.requireNonNull(protocol, "protocol");
            sources = List.copyOf(sources);
        }

        /** True when the rule lets TCP reach {@code port}. */
        public boolean coversTcpPort(int port) {
            if (protocol.equals("-1") || protocol.equals("all")) {
                return true;
            }
            if (!(protocol.equals("tcp") || protocol.equals("6"))) {
                return false;
            }
            if (fromPort == null || toPort == null) {
                return true;
            }
            int from = fromPort == -1 ? 0 : fromPort;
            int to = toPort == -1 ? 65535 : toPort;
            return from <= port && port <= to;
        }

        /** The internet-wide sources this rule admits ({@code 0.0.0.0/0}, {@code ::/0}), if any. */
        public List<String> worldSources() {
            return sources.stream().filter(WORLD::contains).toList();
        }

        /** {@code tcp 6379}, {@code tcp 0-65535}, {@code all traffic}. */
        public String portLabel() {
            if (protocol.equals("-1") || protocol.equals("all")) {
                return "all traffic";
            }
            if (fromPort == null || toPort == null) {
                return protocol;
            }
            return protocol + " " + (fromPort.equals(toPort) ? String.valueOf(fromPort) : fromPort + "-" + toPort);
        }
    }
}
