package io.ghostwatch.core.testing.aws;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a security group, as EC2 reports it in ipPermissions / ipPermissionsEgress.
 *
 * @param ipProtocol     {@code tcp}, {@code udp}, {@code icmp} or {@code -1} (all traffic; no ports)
 * @param fromPort       null for {@code -1}
 * @param sourceGroupIds security groups allowed as sources (EC2's {@code groups})
 */
public record IpPermission(String ipProtocol, Integer fromPort, Integer toPort, List<String> ipv4Ranges,
                           List<String> ipv6Ranges, List<String> sourceGroupIds) {

    public IpPermission {
        Objects.requireNonNull(ipProtocol, "ipProtocol");
        ipv4Ranges = List.copyOf(ipv4Ranges);
        ipv6Ranges = List.copyOf(ipv6Ranges);
        sourceGroupIds = List.copyOf(sourceGroupIds);
    }

    /** TCP on one port from IPv4 CIDRs. */
    public static IpPermission tcp(int port, String... cidrs) {
        return new IpPermission("tcp", port, port, List.of(cidrs), List.of(), List.of());
    }

    /** TCP on a port range from IPv4 CIDRs. */
    public static IpPermission tcp(int fromPort, int toPort, String... cidrs) {
        return new IpPermission("tcp", fromPort, toPort, List.of(cidrs), List.of(), List.of());
    }

    /** TCP on one port from IPv6 CIDRs. */
    public static IpPermission tcpIpv6(int port, String... cidrs) {
        return new IpPermission("tcp", port, port, List.of(), List.of(cidrs), List.of());
    }

    /** TCP on one port from other security groups. */
    public static IpPermission tcpFromGroups(int port, String... groupIds) {
        return new IpPermission("tcp", port, port, List.of(), List.of(), List.of(groupIds));
    }

    /** All traffic (protocol -1) from IPv4 CIDRs. */
    public static IpPermission allTraffic(String... cidrs) {
        return new IpPermission("-1", null, null, List.of(cidrs), List.of(), List.of());
    }
}
