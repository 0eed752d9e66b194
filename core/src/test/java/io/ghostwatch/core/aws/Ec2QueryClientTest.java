package io.ghostwatch.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.aws.Ec2QueryClient.Association;
import io.ghostwatch.core.aws.Ec2QueryClient.IpPermission;
import io.ghostwatch.core.aws.Ec2QueryClient.Route;
import io.ghostwatch.core.aws.Ec2QueryClient.RouteTable;
import io.ghostwatch.core.aws.Ec2QueryClient.SecurityGroup;
import io.ghostwatch.core.testing.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** EC2's XML answers read into records ({@link Ec2Xml}), and where EC2 is ({@link Ec2QueryClient#endpoint}). */
class Ec2QueryClientTest {

    private static Ec2Xml.Page fixture(String name) {
        return Ec2Xml.page(Fixtures.text(name).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void securityGroupsKeepTheirInboundCidrRulesAndTheNextPageToken() {
        Ec2Xml.Page page = fixture("ec2-describe-security-groups.xml");

        assertThat(page.nextToken()).isEqualTo("eyJ2IjoiMiIsImMiOiJFWEFNUExFIn0=");
        assertThat(Ec2Xml.securityGroups(page)).containsExactly(
                new SecurityGroup("sg-1a2b3c4d", "WebServers", "vpc-614cc409", List.of(
                        new IpPermission("tcp", 80, 80, List.of("0.0.0.0/0"), List.of("::/0")),
                        new IpPermission("tcp", 6379, 6380, List.of(), List.of()))),
                new SecurityGroup("sg-9a8d7f5c", "All", "vpc-614cc409", List.of(
                        new IpPermission("-1", null, null, List.of("10.0.0.0/8", "192.168.0.0/16"), List.of()))));
    }

    @Test
    void routeTablesKeepTheirAssociationsAndGatewayRoutes() {
        Ec2Xml.Page page = fixture("ec2-describe-route-tables.xml");

        assertThat(page.nextToken()).isNull();
        assertThat(Ec2Xml.routeTables(page)).containsExactly(
                new RouteTable("rtb-13ad487a", "vpc-11ad4878", List.of(new Association(null, true)),
                        List.of(new Route("10.0.0.0/22", null, "local"))),
                new RouteTable("rtb-f9ad4890", "vpc-11ad4878", List.of(new Association("subnet-15ad487c", false)),
                        List.of(new Route("10.0.0.0/22", null, "local"), new Route("0.0.0.0/0", null, "igw-eaad4883"),
                                new Route(null, "::/0", null))));
    }

    @Test
    void anErrorAnswerGivesItsCodeMessageAndRequestId() {
        Ec2Xml.Error error = Ec2Xml.error(Fixtures.text("ec2-error-unauthorized.xml").getBytes(StandardCharsets.UTF_8));

        assertThat(error).isEqualTo(new Ec2Xml.Error("UnauthorizedOperation",
                "You are not authorized to perform this operation.", "ea966190-f9aa-478e-9ede-example"));
        assertThat(Ec2Xml.error("<html>Bad Gateway</html".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Ec2Xml.Error(null, null, null));
        assertThat(Ec2Xml.error(new byte[0])).isEqualTo(new Ec2Xml.Error(null, null, null));
    }

    @Test
    void anAnswerThatIsNotXmlOrCarriesADoctypeIsRefused() {
        assertThatThrownBy(() -> Ec2Xml.page("Service Unavailable".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SdkClientException.class).hasMessageContaining("not XML: Service Unavailable");
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<DescribeRouteTablesResponse><routeTableSet><item><routeTableId>&x;</routeTableId></item>"
                + "</routeTableSet></DescribeRouteTablesResponse>";
        assertThatThrownBy(() -> Ec2Xml.page(entity.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SdkClientException.class);
    }

    @Test
    void theEndpointFollowsTheSdksRules() {
        URI override = URI.create("http://127.0.0.1:4566");
        Map<String, String> both = Map.of("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:1001",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1002");

        assertThat(Ec2QueryClient.endpoint(override, both, "us-east-1")).isEqualTo(override);
        assertThat(Ec2QueryClient.endpoint(null, both, "us-east-1")).hasToString("http://127.0.0.1:1001");
        assertThat(Ec2QueryClient.endpoint(null, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1002"), "us-east-1"))
                .hasToString("http://127.0.0.1:1002");
        assertThat(Ec2QueryClient.endpoint(null, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1002",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), "eu-west-1"))
                .hasToString("https://ec2.eu-west-1.amazonaws.com");
        assertThat(Ec2QueryClient.endpoint(null, Map.of(), "cn-north-1"))
                .hasToString("https://ec2.cn-north-1.amazonaws.com.cn");
        assertThat(Ec2QueryClient.endpoint(null, Map.of(), "us-gov-west-1"))
                .hasToString("https://ec2.us-gov-west-1.amazonaws.com");
    }

    @Test
    void formValuesAreEncodedAsTheSdkEncodesThem() {
        assertThat(Ec2QueryClient.encode("a b*c~d/e=f")).isEqualTo("a%20b%2Ac~d%2Fe%3Df");
    }
}
