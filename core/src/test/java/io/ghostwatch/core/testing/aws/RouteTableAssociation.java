package io.ghostwatch.core.testing.aws;

import java.util.Objects;

/**
 * A route table's association: with a subnet, or the VPC's main association (which subnets without one of their own
 * use).
 *
 * @param subnetId null for the main association
 */
public record RouteTableAssociation(String associationId, String subnetId, boolean main) {

    public RouteTableAssociation {
        Objects.requireNonNull(associationId, "associationId");
    }
}
