package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.elasticache.SecurityGroup;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.elasticache.SubnetPlacement;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code elasticache_network_access_restricted}: no security group on the cache lets every address ({@code 0.0.0.0/0}
 * or {@code ::/0}) reach the cache port. Such a rule fails CRITICAL; the same on another port only is noted, as are
 * public subnets (a route to an internet gateway), which make such a rule worse.
 */
public final class ElastiCacheNetworkAccessCheck implements ElastiCacheCheck {
    public static final String ID = "elasticache_network_access_restricted";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "The cache port is not open to every address (security groups)", Severity.CRITICAL,
            "A security group rule admitting 0.0.0.0/0 or ::/0 to the cache port lets anyone who can route to the VPC"
                    + " (peers, VPNs, and the internet from a public subnet) try the cache: one weak or missing AUTH away"
                    + " from a breach.",
            "Replace the rule with one that admits only the application's security group or subnets.",
            List.of(), List.of(AwsAction.DESCRIBE_CACHE_CLUSTERS, AwsAction.DESCRIBE_SERVERLESS_CACHES,
                    AwsAction.DESCRIBE_SECURITY_GROUPS, AwsAction.DESCRIBE_CACHE_SUBNET_GROUPS,
                    AwsAction.DESCRIBE_ROUTE_TABLES));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<Finding> evaluate(ElastiCacheContext ctx) {
        return List.of(judge(ctx));
    }

    /** The rules that admit every address to a cache port, and those that do so on other ports only. */
    private record Exposure(List<String> open, List<String> otherPorts, List<FixStep> revokes) {
    }

    /** True when the cache's security groups are known to admit every address to its port. */
    static boolean openToEveryAddress(ElastiCacheContext ctx) {
        return ctx.snapshot().securityGroups() instanceof Readout.Known<List<SecurityGroup>>(List<SecurityGroup> groups)
                && !exposure(ctx, groups, ports(ctx)).open().isEmpty();
    }

    private static List<Integer> ports(ElastiCacheContext ctx) {
        return ctx.cache() instanceof ServerlessCache s ? s.ports() : List.of(ctx.cache().port());
    }

    private static Exposure exposure(ElastiCacheContext ctx, List<SecurityGroup> groups, List<Integer> ports) {
        List<String> open = new ArrayList<>();
        List<String> otherPorts = new ArrayList<>();
        List<FixStep> steps = new ArrayList<>();
        String region = ctx.cache().location().region();
        for (SecurityGroup g : groups) {
            for (SecurityGroup.IngressRule rule : g.inbound()) {
                List<String> world = rule.worldSources();
                if (world.isEmpty()) {
                    continue;
                }
                String said = g.id() + (g.name() == null ? "" : " (" + g.name() + ")") + " allows "
                        + String.join(" and ", world) + " to " + rule.portLabel();
                if (ports.stream().noneMatch(rule::coversTcpPort)) {
                    otherPorts.add(said);
                    continue;
                }
                open.add(said);
                for (String cidr : world) {
                    steps.add(new FixStep.ManualStep("aws ec2 revoke-security-group-ingress --region " + region
                            + " --group-id " + g.id() + " --ip-permissions 'IpProtocol=" + rule.protocol()
                            + (rule.fromPort() == null ? "" : ",FromPort=" + rule.fromPort() + ",ToPort=" + rule.toPort())
                            + (cidr.contains(":") ? ",Ipv6Ranges=[{CidrIpv6=" + cidr + "}]" : ",IpRanges=[{CidrIp=" + cidr + "}]")
                            + "'", "Remove the rule that admits every address (" + cidr + ") to " + rule.portLabel()
                            + " on " + g.id() + "."));
                }
            }
        }
        return new Exposure(open, otherPorts, steps);
    }

    private static Finding judge(ElastiCacheContext ctx) {
        List<Integer> ports = ports(ctx);
        if (!(ctx.snapshot().securityGroups() instanceof Readout.Known<List<SecurityGroup>>(List<SecurityGroup> groups))) {
            String reason = ((Readout.Unreadable<List<SecurityGroup>>) ctx.snapshot().securityGroups()).reason();
            return Finding.error(ID, ctx.node(), "Cannot read the security groups of " + ctx.who() + ": " + reason + ".",
                    Evidence.of("security_groups", String.join(", ", ctx.cache().securityGroupIds())).map());
        }
        Exposure exposure = exposure(ctx, groups, ports);
        List<String> open = exposure.open();
        List<String> otherPorts = exposure.otherPorts();
        List<FixStep> steps = new ArrayList<>(exposure.revokes());
        String region = ctx.cache().location().region();
        String portText = ports.stream().map(p -> "tcp " + p).collect(Collectors.joining(" and "));
        Evidence evidence = Evidence.of("security_groups", groups.stream().map(SecurityGroup::id)
                .collect(Collectors.joining(", "))).and("cache_ports", portText);
        if (!otherPorts.isEmpty()) {
            evidence.and("open_on_other_ports", String.join("; ", otherPorts));
        }
        String subnets = subnets(ctx, evidence);
        if (open.isEmpty()) {
            return Finding.pass(ID, ctx.node(), ctx.whoStarts() + " admits no rule from every address to " + portText
                    + "." + subnets, evidence.and("open_to_world", "none").map());
        }
        evidence.and("open_to_world", String.join("; ", open));
        for (int port : ports) {
            steps.add(new FixStep.ManualStep("aws ec2 authorize-security-group-ingress --region " + region
                    + " --group-id <the cache's group> --protocol tcp --port " + port
                    + " --source-group <the application's security group>", "Admit only the clients that need the"
                    + " cache on tcp " + port + ": the application's security group (or its subnets' CIDRs)."));
        }
        return Finding.fail(ID, ctx.node(), Severity.CRITICAL, ctx.whoStarts() + " is open to every address: "
                + String.join("; ", open) + "." + subnets, evidence.map(),
                new FixPlan("Admit only the application's clients to the cache port.", steps));
    }

    /** A sentence about public subnets (or none), with the evidence added. */
    private static String subnets(ElastiCacheContext ctx, Evidence evidence) {
        return switch (ctx.snapshot().subnets()) {
            case Readout.Unreadable<List<SubnetPlacement>>(String reason) -> {
                evidence.and("subnets", "unreadable: " + reason);
                yield "";
            }
            case Readout.Known<List<SubnetPlacement>>(List<SubnetPlacement> placements) -> {
                List<SubnetPlacement> public_ = placements.stream().filter(SubnetPlacement::isPublic).toList();
                evidence.and("subnets", placements.stream().map(p -> p.subnetId() + (p.isPublic() ? " (public via "
                        + p.internetGateway() + ")" : " (private)")).collect(Collectors.joining(", ")));
                yield public_.isEmpty() ? "" : " Its subnet group has public subnets ("
                        + public_.stream().map(p -> p.subnetId() + " routes to " + p.internetGateway())
                        .collect(Collectors.joining(", ")) + ").";
            }
        };
    }
}
