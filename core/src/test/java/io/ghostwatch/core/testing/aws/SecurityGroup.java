package io.ghostwatch.core.testing.aws;

import java.util.List;
import java.util.Objects;

/**
 * A VPC security group with its inbound and outbound rules, as DescribeSecurityGroups reports it. IDs are EC2-shaped
 * ({@code sg-} and 8 to 17 hex digits): EC2 refuses others as malformed, and so does the stand-in.
 */
public record SecurityGroup(String groupId, String groupName, String description, String vpcId,
                            List<IpPermission> ingress, List<IpPermission> egress) {

    public SecurityGroup {
        Objects.requireNonNull(groupId, "groupId");
        if (!groupId.matches("sg-[0-9a-f]{8,17}")) {
            throw new IllegalArgumentException("EC2 would call " + groupId + " malformed: use sg- and 8 to 17 hex "
                    + "digits, e.g. sg-0a1b2c3d4e5f60718");
        }
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(vpcId, "vpcId");
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /** A group with the given inbound rules and the default outbound rule (all traffic to 0.0.0.0/0). */
    public static SecurityGroup of(String groupId, String groupName, String vpcId, IpPermission... ingress) {
        return new SecurityGroup(groupId, groupName, groupName, vpcId, List.of(ingress),
                List.of(IpPermission.allTraffic("0.0.0.0/0")));
    }
}
