package io.ghostwatch.core.testing.aws;

import java.time.Instant;

/**
 * What a service handler knows about the request it answers, besides the request itself.
 *
 * @param caller     whose credentials signed it
 * @param fleet      the caller's account's fleet in the request's region
 * @param pageSize   the forced page size (0: the services' own limits)
 * @param datapointsPerPage CloudWatch's GetMetricData page limit, in datapoints
 */
record RequestContext(String requestId, Principal caller, String region, RegionFleet fleet, Identities identities,
                      int pageSize, int datapointsPerPage, Instant now) {

    /** How many records one page holds: what the caller asked for, capped by the forced page size if set. */
    int pageLimit(int requested) {
        return pageSize > 0 ? Math.min(pageSize, requested) : requested;
    }
}
