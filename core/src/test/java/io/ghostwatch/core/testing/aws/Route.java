package io.ghostwatch.core.testing.aws;

/**
 * One route of a route table. A route to an internet gateway ({@code igw-...}) for 0.0.0.0/0 or ::/0 makes the
 * subnets using the table public.
 *
 * @param gatewayId    {@code local}, {@code igw-...}, {@code vgw-...} or null
 * @param natGatewayId {@code nat-...} or null
 * @param origin       {@code CreateRouteTable} (the local route) or {@code CreateRoute}
 */
public record Route(String destinationCidrBlock, String destinationIpv6CidrBlock, String gatewayId,
                    String natGatewayId, String state, String origin) {

    /** The VPC's own route. */
    public static Route local(String vpcCidr) {
        return new Route(vpcCidr, null, "local", null, "active", "CreateRouteTable");
    }

    public static Route internetGateway(String cidr, String igwId) {
        return new Route(cidr, null, igwId, null, "active", "CreateRoute");
    }

    public static Route internetGatewayIpv6(String ipv6Cidr, String igwId) {
        return new Route(null, ipv6Cidr, igwId, null, "active", "CreateRoute");
    }

    public static Route natGateway(String cidr, String natGatewayId) {
        return new Route(cidr, null, null, natGatewayId, "active", "CreateRoute");
    }
}
