package io.ghostwatch.core.testing.aws;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * EC2 (API 2016-11-15) over the EC2 query protocol: DescribeSecurityGroups and DescribeRouteTables. Requests are
 * form-encoded with lists as {@code GroupId.1} and {@code Filter.1.Name} / {@code Filter.1.Value.1}; answers are
 * {@code <XxxResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>...} with lowerCamel element names
 * and {@code <item>} list members (no Result wrapper); errors are
 * {@code <Response><Errors><Error><Code>...</Code><Message>...</Message></Error></Errors><RequestID>...}.
 */
final class Ec2Service implements AwsService {

    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String VERSION = "2016-11-15";
    private static final Set<String> OPERATIONS = Set.of("DescribeSecurityGroups", "DescribeRouteTables");

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public String iamPrefix() {
        return "ec2";
    }

    @Override
    public ServiceRequest read(String path, Headers headers, byte[] body) {
        QueryParams params = QueryParams.parse(body);
        String action = params.get("Action");
        if (action == null || !OPERATIONS.contains(action)) {
            throw ServiceFault.badRequest("InvalidAction",
                    "The action " + action + " is not valid for this web service.");
        }
        if (!VERSION.equals(params.get("Version"))) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The API version " + params.get("Version") + " is not supported; use " + VERSION);
        }
        return new ServiceRequest(action, params.asMap(), null);
    }

    @Override
    public WireReply error(ServiceError error, String requestId) {
        XmlWriter x = new XmlWriter().start("Response")
                .start("Errors").start("Error")
                .leaf("Code", error.code())
                .leaf("Message", error.message())
                .end().end()
                .leaf("RequestID", requestId)
                .end();
        return new WireReply(error.status(), "text/xml;charset=UTF-8", Map.of(), x.bytes());
    }

    @Override
    public ServiceError accessDenied(String principalArn, String iamAction, String resource) {
        return ServiceError.sender(403, "UnauthorizedOperation", "You are not authorized to perform this operation. "
                + "User: " + principalArn + " is not authorized to perform: " + iamAction
                + " because no identity-based policy allows the " + iamAction + " action");
    }

    @Override
    public ServiceError throttled() {
        return new ServiceError(503, "RequestLimitExceeded", "Request limit exceeded.", false);
    }

    /** EC2 answers an unknown access key with AuthFailure (401), not InvalidClientTokenId. */
    @Override
    public ServiceError unknownAccessKey() {
        return ServiceError.sender(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
    }

    @Override
    public WireReply answer(ServiceRequest request, RequestContext context) {
        QueryParams p = QueryParams.of(request.params());
        return switch (request.operation()) {
            case "DescribeSecurityGroups" -> describeSecurityGroups(p, context);
            case "DescribeRouteTables" -> describeRouteTables(p, context);
            default -> throw new IllegalStateException("read() let through " + request.operation());
        };
    }

    private WireReply describeSecurityGroups(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        List<String> ids = p.list("GroupId");
        Integer maxResults = p.integer("MaxResults");
        if (maxResults != null && !ids.isEmpty()) {
            throw ServiceFault.badRequest("InvalidParameterCombination",
                    "The parameter groupIds cannot be used with the parameter maxResults");
        }
        if (maxResults != null && (maxResults < 5 || maxResults > 1000)) {
            throw ServiceFault.badRequest("InvalidParameterValue", "Value ( " + maxResults
                    + " ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
        }
        for (String id : ids) {
            if (!id.matches("sg-[0-9a-f]{8,17}")) {
                throw ServiceFault.badRequest("InvalidGroupId.Malformed",
                        "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
            }
            if (fleet.securityGroups().stream().noneMatch(g -> g.groupId().equals(id))) {
                throw ServiceFault.badRequest("InvalidGroup.NotFound",
                        "The security group '" + id + "' does not exist");
            }
        }
        Predicate<SecurityGroup> matches = g -> ids.isEmpty() || ids.contains(g.groupId());
        for (QueryParams filter : p.structs("Filter")) {
            List<String> values = filter.list("Value");
            String name = filter.get("Name");
            Predicate<SecurityGroup> f = switch (name == null ? "" : name) {
                case "group-id" -> g -> values.contains(g.groupId());
                case "group-name" -> g -> values.contains(g.groupName());
                case "vpc-id" -> g -> values.contains(g.vpcId());
                default -> throw invalidFilter(name);
            };
            matches = matches.and(f);
        }
        List<SecurityGroup> all = fleet.securityGroups().stream().filter(matches).toList();
        Paging.Page<SecurityGroup> page = Paging.page(all, p.get("NextToken"),
                context.pageLimit(maxResults == null ? Integer.MAX_VALUE : maxResults), invalidToken());
        XmlWriter x = begin("DescribeSecurityGroups", context);
        x.start("securityGroupInfo");
        for (SecurityGroup group : page.items()) {
            x.start("item")
                    .leaf("ownerId", fleet.account())
                    .leaf("groupId", group.groupId())
                    .leaf("groupName", group.groupName())
                    .leaf("groupDescription", group.description())
                    .leaf("vpcId", group.vpcId())
                    .leaf("securityGroupArn", "arn:aws:ec2:" + fleet.region() + ":" + fleet.account()
                            + ":security-group/" + group.groupId());
            writePermissions(x, "ipPermissions", group.ingress(), fleet.account());
            writePermissions(x, "ipPermissionsEgress", group.egress(), fleet.account());
            x.start("tagSet").end().end();
        }
        x.end().leaf("nextToken", page.next());
        return finish(x);
    }

    private WireReply describeRouteTables(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        List<String> ids = p.list("RouteTableId");
        for (String id : ids) {
            if (fleet.routeTables().stream().noneMatch(t -> t.routeTableId().equals(id))) {
                throw ServiceFault.badRequest("InvalidRouteTableID.NotFound",
                        "The routeTable ID '" + id + "' does not exist");
            }
        }
        Integer maxResults = p.integer("MaxResults");
        if (maxResults != null && (maxResults < 5 || maxResults > 100)) {
            throw ServiceFault.badRequest("InvalidParameterValue", "Value ( " + maxResults
                    + " ) for parameter maxResults is invalid. Expecting a value between 5 and 100.");
        }
        Predicate<RouteTable> matches = t -> ids.isEmpty() || ids.contains(t.routeTableId());
        for (QueryParams filter : p.structs("Filter")) {
            List<String> values = filter.list("Value");
            String name = filter.get("Name");
            Predicate<RouteTable> f = switch (name == null ? "" : name) {
                case "vpc-id" -> t -> values.contains(t.vpcId());
                case "route-table-id" -> t -> values.contains(t.routeTableId());
                case "association.subnet-id" -> t -> t.associations().stream()
                        .anyMatch(a -> a.subnetId() != null && values.contains(a.subnetId()));
                case "association.main" -> t -> t.associations().stream()
                        .anyMatch(a -> values.contains(Boolean.toString(a.main())));
                default -> throw invalidFilter(name);
            };
            matches = matches.and(f);
        }
        List<RouteTable> all = fleet.routeTables().stream().filter(matches).toList();
        Paging.Page<RouteTable> page = Paging.page(all, p.get("NextToken"),
                context.pageLimit(maxResults == null ? Integer.MAX_VALUE : maxResults), invalidToken());
        XmlWriter x = begin("DescribeRouteTables", context);
        x.start("routeTableSet");
        for (RouteTable table : page.items()) {
            x.start("item")
                    .leaf("routeTableId", table.routeTableId())
                    .leaf("vpcId", table.vpcId())
                    .leaf("ownerId", fleet.account())
                    .start("routeSet");
            for (Route route : table.routes()) {
                x.start("item")
                        .leaf("destinationCidrBlock", route.destinationCidrBlock())
                        .leaf("destinationIpv6CidrBlock", route.destinationIpv6CidrBlock())
                        .leaf("gatewayId", route.gatewayId())
                        .leaf("natGatewayId", route.natGatewayId())
                        .leaf("state", route.state())
                        .leaf("origin", route.origin())
                        .end();
            }
            x.end().start("associationSet");
            for (RouteTableAssociation association : table.associations()) {
                x.start("item")
                        .leaf("routeTableAssociationId", association.associationId())
                        .leaf("routeTableId", table.routeTableId())
                        .leaf("subnetId", association.subnetId())
                        .leaf("main", association.main())
                        .start("associationState").leaf("state", "associated").end()
                        .end();
            }
            x.end().start("propagatingVgwSet").end().start("tagSet").end().end();
        }
        x.end().leaf("nextToken", page.next());
        return finish(x);
    }

    private static void writePermissions(XmlWriter x, String element, List<IpPermission> permissions,
                                         String account) {
        x.start(element);
        for (IpPermission permission : permissions) {
            x.start("item")
                    .leaf("ipProtocol", permission.ipProtocol())
                    .leaf("fromPort", permission.fromPort())
                    .leaf("toPort", permission.toPort())
                    .start("groups");
            for (String groupId : permission.sourceGroupIds()) {
                x.start("item").leaf("userId", account).leaf("groupId", groupId).end();
            }
            x.end().start("ipRanges");
            for (String cidr : permission.ipv4Ranges()) {
                x.start("item").leaf("cidrIp", cidr).end();
            }
            x.end().start("ipv6Ranges");
            for (String cidr : permission.ipv6Ranges()) {
                x.start("item").leaf("cidrIpv6", cidr).end();
            }
            x.end().start("prefixListIds").end().end();
        }
        x.end();
    }

    private static XmlWriter begin(String operation, RequestContext context) {
        return new XmlWriter().start(operation + "Response", NAMESPACE).leaf("requestId", context.requestId());
    }

    private static WireReply finish(XmlWriter x) {
        x.end();
        return new WireReply(200, "text/xml;charset=UTF-8", Map.of(), x.bytes());
    }

    private static ServiceFault invalidFilter(String name) {
        return ServiceFault.badRequest("InvalidParameterValue", "The filter '" + name + "' is invalid");
    }

    private static ServiceFault invalidToken() {
        return ServiceFault.badRequest("InvalidParameterValue", "Invalid value for parameter nextToken");
    }
}
