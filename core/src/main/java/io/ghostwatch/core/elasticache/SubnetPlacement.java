package io.ghostwatch.core.elasticache;

import java.util.Objects;

/**
 * One subnet a cache's nodes may be placed in, and whether it is public: its route table (its own, or the VPC's main
 * one) sends {@code 0.0.0.0/0} or {@code ::/0} to an internet gateway.
 *
 * @param internetGateway the gateway of that route ({@code igw-...}), or null for a private subnet
 */
public record SubnetPlacement(String subnetId, String vpcId, String internetGateway) {
    public SubnetPlacement {
        Objects.requireNonNull(subnetId, "subnetId");
    }

    public boolean isPublic() {
        return internetGateway != null;
    }
}
