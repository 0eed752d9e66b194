package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsCall;
import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.aws.Ec2QueryClient;
import io.ghostwatch.core.aws.Ec2QueryClient.Association;
import io.ghostwatch.core.aws.Ec2QueryClient.IpPermission;
import io.ghostwatch.core.aws.Ec2QueryClient.Route;
import io.ghostwatch.core.aws.Ec2QueryClient.RouteTable;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroup;
import software.amazon.awssdk.services.elasticache.model.Subnet;

/**
 * Reads what decides who can reach a cache, for one account and region: security groups and their inbound rules
 * (EC2 DescribeSecurityGroups, many groups per call), the subnets of a cache subnet group (DescribeCacheSubnetGroups),
 * and whether each subnet is public (EC2 DescribeRouteTables of its VPC: a route to an internet gateway, in its own
 * route table or, without one, the VPC's main table). Each is read once per audit.
 */
public final class NetworkReader {

    /** EC2 takes up to 200 IDs per filter; keep well under it. */
    static final int GROUPS_PER_CALL = 100;

    private final ElastiCacheClient elastiCache;
    private final Ec2QueryClient ec2;
    private final Map<String, Readout<SecurityGroup>> groups = new ConcurrentHashMap<>();
    private final Map<String, Readout<CacheSubnetGroup>> subnetGroups = new ConcurrentHashMap<>();
    private final Map<String, Readout<List<RouteTable>>> routeTables = new ConcurrentHashMap<>();

    public NetworkReader(ElastiCacheClient elastiCache, Ec2QueryClient ec2) {
        this.elastiCache = elastiCache;
        this.ec2 = ec2;
    }

    /** Reads every group in {@code ids} that is not read yet, in as few calls as possible. */
    public void prefetchSecurityGroups(Collection<String> ids) {
        List<String> missing = ids.stream().distinct().filter(id -> !groups.containsKey(id)).toList();
        for (int from = 0; from < missing.size(); from += GROUPS_PER_CALL) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + GROUPS_PER_CALL));
            try {
                AwsCall.run(AwsAction.DESCRIBE_SECURITY_GROUPS, () -> ec2.describeSecurityGroups(chunk))
                        .forEach(g -> groups.put(g.groupId(), Readout.known(securityGroup(g))));
            } catch (AwsCallException e) {
                if (e.kind() == AwsCallException.Kind.NOT_FOUND && chunk.size() > 1) {
                    chunk.forEach(id -> prefetchSecurityGroups(List.of(id))); // find the one that is gone
                    continue;
                }
                chunk.forEach(id -> groups.putIfAbsent(id, Readout.unreadable(e.getMessage())));
            }
            chunk.forEach(id -> groups.putIfAbsent(id, Readout.unreadable("security group " + id + " does not exist")));
        }
    }

    /** The groups, in the order given, or why one of them could not be read. */
    public Readout<List<SecurityGroup>> securityGroups(List<String> ids) {
        prefetchSecurityGroups(ids);
        List<SecurityGroup> found = new ArrayList<>();
        for (String id : ids) {
            Readout<SecurityGroup> g = groups.get(id);
            if (g instanceof Readout.Unreadable<SecurityGroup>(String reason)) {
                return Readout.unreadable(reason);
            }
            found.add(g.orElse(null));
        }
        return Readout.known(found);
    }

    /** The subnets of a node-based cache's subnet group, each public or not. */
    public Readout<List<SubnetPlacement>> subnetsOfGroup(String subnetGroup) {
        if (subnetGroup == null) {
            return Readout.unreadable("the cache names no cache subnet group");
        }
        Readout<CacheSubnetGroup> group = subnetGroups.computeIfAbsent(subnetGroup, name -> {
            try {
                List<CacheSubnetGroup> found = AwsCall.run(AwsAction.DESCRIBE_CACHE_SUBNET_GROUPS,
                        () -> elastiCache.describeCacheSubnetGroups(r -> r.cacheSubnetGroupName(name)).cacheSubnetGroups());
                return found.isEmpty() ? Readout.unreadable("cache subnet group " + name + " does not exist")
                        : Readout.known(found.getFirst());
            } catch (AwsCallException e) {
                return Readout.unreadable(e.getMessage());
            }
        });
        if (group instanceof Readout.Unreadable<CacheSubnetGroup>(String reason)) {
            return Readout.unreadable(reason);
        }
        CacheSubnetGroup g = group.orElse(null);
        return placements(g.vpcId(), g.subnets().stream().map(Subnet::subnetIdentifier).toList());
    }

    /** The given subnets of a VPC (a serverless cache's, whose VPC its security groups tell), each public or not. */
    public Readout<List<SubnetPlacement>> placements(String vpcId, List<String> subnetIds) {
        if (vpcId == null) {
            return Readout.unreadable("the cache's VPC is not known (no security group to read it from)");
        }
        Readout<List<RouteTable>> tables = routeTables.computeIfAbsent(vpcId, vpc -> {
            try {
                return Readout.known(AwsCall.run(AwsAction.DESCRIBE_ROUTE_TABLES, () -> ec2.describeRouteTables(vpc)));
            } catch (AwsCallException e) {
                return Readout.unreadable(e.getMessage());
            }
        });
        return tables.map(t -> subnetIds.stream().map(id -> new SubnetPlacement(id, vpcId, internetGateway(t, id)))
                .toList());
    }

    /** The internet gateway the subnet's default route goes to, or null (private). */
    static String internetGateway(List<RouteTable> tables, String subnetId) {
        RouteTable own = null;
        RouteTable main = null;
        for (RouteTable t : tables) {
            for (Association a : t.associations()) {
                if (subnetId.equals(a.subnetId())) {
                    own = t;
                }
                if (a.main()) {
                    main = t;
                }
            }
        }
        RouteTable table = own != null ? own : main;
        if (table == null) {
            return null;
        }
        for (Route r : table.routes()) {
            boolean defaultRoute = "0.0.0.0/0".equals(r.destinationCidrBlock()) || "::/0".equals(r.destinationIpv6CidrBlock());
            if (defaultRoute && r.gatewayId() != null && r.gatewayId().startsWith("igw-")) {
                return r.gatewayId();
            }
        }
        return null;
    }

    private static SecurityGroup securityGroup(Ec2QueryClient.SecurityGroup g) {
        List<SecurityGroup.IngressRule> rules = new ArrayList<>();
        for (IpPermission p : g.ipPermissions()) {
            List<String> sources = new ArrayList<>(p.ipRanges());
            sources.addAll(p.ipv6Ranges());
            rules.add(new SecurityGroup.IngressRule(p.ipProtocol(), p.fromPort(), p.toPort(), sources));
        }
        return new SecurityGroup(g.groupId(), g.groupName(), g.vpcId(), rules);
    }

    /** For a serverless cache: the VPC of its first readable security group. */
    public static String vpcOf(Readout<List<SecurityGroup>> groups) {
        return groups.orElse(List.of()).stream().map(SecurityGroup::vpcId).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }
}
