package io.ghostwatch.core.elasticache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/** Whether a subnet is public: {@link NetworkReader#internetGateway}, over route tables as DescribeRouteTables gives them. */
class NetworkReaderTest {

    private static final Route LOCAL = Route.builder().destinationCidrBlock("10.0.0.0/16").gatewayId("local").build();
    private static final Route TO_IGW = Route.builder().destinationCidrBlock("0.0.0.0/0").gatewayId("igw-0main").build();
    private static final Route TO_NAT = Route.builder().destinationCidrBlock("0.0.0.0/0").natGatewayId("nat-0a").build();

    private static RouteTable table(String id, List<RouteTableAssociation> associations, Route... routes) {
        return RouteTable.builder().routeTableId(id).vpcId("vpc-0main").associations(associations).routes(routes)
                .build();
    }

    private static RouteTableAssociation subnet(String subnetId) {
        return RouteTableAssociation.builder().subnetId(subnetId).main(false).build();
    }

    private static final RouteTableAssociation MAIN = RouteTableAssociation.builder().main(true).build();

    @Test
    void aSubnetWhoseOwnTableRoutesToAnInternetGatewayIsPublic() {
        List<RouteTable> tables = List.of(
                table("rtb-main", List.of(MAIN), LOCAL, TO_NAT),
                table("rtb-public", List.of(subnet("subnet-0a")), LOCAL, TO_IGW));

        assertThat(NetworkReader.internetGateway(tables, "subnet-0a")).isEqualTo("igw-0main");
    }

    @Test
    void aSubnetWithoutItsOwnTableFollowsTheMainTable() {
        List<RouteTable> tables = List.of(
                table("rtb-main", List.of(MAIN), LOCAL, TO_IGW),
                table("rtb-private", List.of(subnet("subnet-0b")), LOCAL, TO_NAT));

        assertThat(NetworkReader.internetGateway(tables, "subnet-0a")).isEqualTo("igw-0main");
        assertThat(NetworkReader.internetGateway(tables, "subnet-0b")).isNull();
    }

    @Test
    void itsOwnPrivateTableWinsOverAPublicMainTable() {
        List<RouteTable> tables = List.of(
                table("rtb-private", List.of(subnet("subnet-0a")), LOCAL, TO_NAT),
                table("rtb-main", List.of(MAIN), LOCAL, TO_IGW));

        assertThat(NetworkReader.internetGateway(tables, "subnet-0a")).isNull();
    }

    @Test
    void anIpv6DefaultRouteToAnInternetGatewayIsPublicToo() {
        Route v6 = Route.builder().destinationIpv6CidrBlock("::/0").gatewayId("igw-0v6").build();

        assertThat(NetworkReader.internetGateway(List.of(table("rtb-a", List.of(subnet("subnet-0a")), LOCAL, v6)),
                "subnet-0a")).isEqualTo("igw-0v6");
    }

    @Test
    void onlyADefaultRouteToAnInternetGatewayCounts() {
        Route egressOnly = Route.builder().destinationIpv6CidrBlock("::/0").egressOnlyInternetGatewayId("eigw-0a")
                .build();
        Route vpn = Route.builder().destinationCidrBlock("0.0.0.0/0").gatewayId("vgw-0a").build();
        Route partial = Route.builder().destinationCidrBlock("203.0.113.0/24").gatewayId("igw-0main").build();

        assertThat(NetworkReader.internetGateway(List.of(table("rtb-a", List.of(subnet("subnet-0a")), LOCAL,
                egressOnly, vpn, partial)), "subnet-0a")).isNull();
    }

    @Test
    void noTableAtAllIsPrivate() {
        assertThat(NetworkReader.internetGateway(List.of(), "subnet-0a")).isNull();
        assertThat(NetworkReader.internetGateway(List.of(table("rtb-b", List.of(subnet("subnet-0b")), TO_IGW)),
                "subnet-0a")).isNull();
    }
}
