package io.ghostwatch.core.elasticache;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.aws.Ec2QueryClient.Association;
import io.ghostwatch.core.aws.Ec2QueryClient.Route;
import io.ghostwatch.core.aws.Ec2QueryClient.RouteTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a subnet is public: {@link NetworkReader#internetGateway}, over route tables as DescribeRouteTables gives them. */
class NetworkReaderTest {

    private static final Route LOCAL = new Route("10.0.0.0/16", null, "local");
    private static final Route TO_IGW = new Route("0.0.0.0/0", null, "igw-0main");
    /** A NAT gateway route has no gatewayId (its natGatewayId is not read). */
    private static final Route TO_NAT = new Route("0.0.0.0/0", null, null);

    private static RouteTable table(String id, List<Association> associations, Route... routes) {
        return new RouteTable(id, "vpc-0main", associations, List.of(routes));
    }

    private static Association subnet(String subnetId) {
        return new Association(subnetId, false);
    }

    private static final Association MAIN = new Association(null, true);

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
        Route v6 = new Route(null, "::/0", "igw-0v6");

        assertThat(NetworkReader.internetGateway(List.of(table("rtb-a", List.of(subnet("subnet-0a")), LOCAL, v6)),
                "subnet-0a")).isEqualTo("igw-0v6");
    }

    @Test
    void onlyADefaultRouteToAnInternetGatewayCounts() {
        Route egressOnly = new Route(null, "::/0", null); // egressOnlyInternetGatewayId, not read
        Route vpn = new Route("0.0.0.0/0", null, "vgw-0a");
        Route partial = new Route("203.0.113.0/24", null, "igw-0main");

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
