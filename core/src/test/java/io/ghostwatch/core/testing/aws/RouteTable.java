package io.ghostwatch.core.testing.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A VPC route table with its associations and routes, as DescribeRouteTables reports it. */
public record RouteTable(String routeTableId, String vpcId, List<RouteTableAssociation> associations,
                         List<Route> routes) {

    public RouteTable {
        Objects.requireNonNull(routeTableId, "routeTableId");
        Objects.requireNonNull(vpcId, "vpcId");
        associations = List.copyOf(associations);
        routes = List.copyOf(routes);
    }

    /** The VPC's main route table. */
    public static RouteTable main(String routeTableId, String vpcId, Route... routes) {
        return new RouteTable(routeTableId, vpcId,
                List.of(new RouteTableAssociation("rtbassoc-" + suffix(routeTableId) + "m", null, true)),
                List.of(routes));
    }

    /** A table explicitly associated with the given subnets. */
    public static RouteTable forSubnets(String routeTableId, String vpcId, List<String> subnetIds, Route... routes) {
        List<RouteTableAssociation> associations = new ArrayList<>();
        for (int i = 0; i < subnetIds.size(); i++) {
            associations.add(new RouteTableAssociation("rtbassoc-" + suffix(routeTableId) + i, subnetIds.get(i),
                    false));
        }
        return new RouteTable(routeTableId, vpcId, associations, List.of(routes));
    }

    private static String suffix(String routeTableId) {
        return routeTableId.startsWith("rtb-") ? routeTableId.substring(4) : routeTableId;
    }
}
