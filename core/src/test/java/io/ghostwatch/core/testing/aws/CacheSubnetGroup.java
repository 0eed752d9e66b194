package io.ghostwatch.core.testing.aws;

import java.util.List;
import java.util.Objects;

/**
 * A cache subnet group: the VPC subnets a cluster's nodes are placed in. Each subnet is reported in an availability
 * zone of the region ({@code a}, {@code b}, {@code c}, ... in order).
 */
public record CacheSubnetGroup(String name, String description, String vpcId, List<String> subnetIds) {

    public CacheSubnetGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vpcId, "vpcId");
        subnetIds = List.copyOf(subnetIds);
    }

    public static CacheSubnetGroup of(String name, String vpcId, String... subnetIds) {
        return new CacheSubnetGroup(name, "Subnets for " + name, vpcId, List.of(subnetIds));
    }
}
