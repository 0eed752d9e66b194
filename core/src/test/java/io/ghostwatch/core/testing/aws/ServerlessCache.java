package io.ghostwatch.core.testing.aws;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A serverless cache as DescribeServerlessCaches reports it. {@link RegionFleet#addServerlessCache} builds one with
 * realistic endpoints.
 *
 * @param engine             {@code redis}, {@code valkey} or {@code memcached}
 * @param majorEngineVersion {@code 7}, {@code 8}, ...
 * @param fullEngineVersion  {@code 7.1}, {@code 8.0}, ...
 * @param userGroupId        the RBAC user group, or null
 */
public record ServerlessCache(String serverlessCacheName, String description, String status, String engine,
                              String majorEngineVersion, String fullEngineVersion, Endpoint endpoint,
                              Endpoint readerEndpoint, String userGroupId, List<String> securityGroupIds,
                              List<String> subnetIds, Instant createTime) {

    public ServerlessCache {
        Objects.requireNonNull(serverlessCacheName, "serverlessCacheName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(engine, "engine");
        securityGroupIds = List.copyOf(securityGroupIds);
        subnetIds = List.copyOf(subnetIds);
    }
}
