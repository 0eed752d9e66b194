package io.ghostwatch.core.testing.aws;

import com.sun.net.httpserver.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ElastiCache (API 2015-02-02) over awsQuery: the Describe operations the audit reads the fleet with, and the
 * parameter-group changes it makes (Create/Modify/Reset/DeleteCacheParameterGroup, ModifyReplicationGroup and
 * ModifyCacheCluster with a new CacheParameterGroupName). List element names are the SDK model's: {@code CacheCluster},
 * {@code CacheNode}, {@code ReplicationGroup}, {@code NodeGroup}, {@code NodeGroupMember}, {@code ClusterId},
 * {@code Parameter}, {@code CacheParameterGroup}, {@code CacheSubnetGroup}, {@code Subnet}, {@code CacheNodeId},
 * {@code SecurityGroupId}, {@code SubnetId}; plain {@code member} for SecurityGroups (SecurityGroupMembership),
 * ServerlessCaches and UserGroupIds.
 */
final class ElastiCacheService implements AwsService {

    static final String NAMESPACE = "http://elasticache.amazonaws.com/doc/2015-02-02/";

    private static final AwsQueryProtocol PROTOCOL = new AwsQueryProtocol(NAMESPACE, "2015-02-02");
    private static final Set<String> OPERATIONS = Set.of("DescribeReplicationGroups", "DescribeCacheClusters",
            "DescribeServerlessCaches", "DescribeCacheParameterGroups", "DescribeCacheParameters",
            "DescribeEngineDefaultParameters", "DescribeCacheSubnetGroups", "CreateCacheParameterGroup",
            "ModifyCacheParameterGroup", "ResetCacheParameterGroup", "DeleteCacheParameterGroup",
            "ModifyReplicationGroup", "ModifyCacheCluster");
    private static final int MAX_PARAMETERS_PER_MODIFY = 20;

    @Override
    public String signingName() {
        return "elasticache";
    }

    @Override
    public String iamPrefix() {
        return "elasticache";
    }

    @Override
    public ServiceRequest read(String path, Headers headers, byte[] body) {
        return PROTOCOL.read(body, OPERATIONS);
    }

    @Override
    public WireReply error(ServiceError error, String requestId) {
        return PROTOCOL.error(error, requestId);
    }

    @Override
    public String resource(ServiceRequest request, String region, String account) {
        Map<String, String> p = request == null ? Map.of() : request.params();
        String prefix = "arn:aws:elasticache:" + region + ":" + account + ":";
        if (p.containsKey("ReplicationGroupId")) {
            return prefix + "replicationgroup:" + p.get("ReplicationGroupId");
        }
        if (p.containsKey("CacheClusterId")) {
            return prefix + "cluster:" + p.get("CacheClusterId");
        }
        if (p.containsKey("CacheParameterGroupName")) {
            return prefix + "parametergroup:" + p.get("CacheParameterGroupName");
        }
        if (p.containsKey("ServerlessCacheName")) {
            return prefix + "serverlesscache:" + p.get("ServerlessCacheName");
        }
        return prefix + "*";
    }

    @Override
    public WireReply answer(ServiceRequest request, RequestContext context) {
        QueryParams p = QueryParams.of(request.params());
        return switch (request.operation()) {
            case "DescribeReplicationGroups" -> describeReplicationGroups(p, context);
            case "DescribeCacheClusters" -> describeCacheClusters(p, context);
            case "DescribeServerlessCaches" -> describeServerlessCaches(p, context);
            case "DescribeCacheParameterGroups" -> describeCacheParameterGroups(p, context);
            case "DescribeCacheParameters" -> describeCacheParameters(p, context);
            case "DescribeEngineDefaultParameters" -> describeEngineDefaultParameters(p, context);
            case "DescribeCacheSubnetGroups" -> describeCacheSubnetGroups(p, context);
            case "CreateCacheParameterGroup" -> createCacheParameterGroup(p, context);
            case "ModifyCacheParameterGroup" -> modifyCacheParameterGroup(p, context);
            case "ResetCacheParameterGroup" -> resetCacheParameterGroup(p, context);
            case "DeleteCacheParameterGroup" -> deleteCacheParameterGroup(p, context);
            case "ModifyReplicationGroup" -> modifyReplicationGroup(p, context);
            case "ModifyCacheCluster" -> modifyCacheCluster(p, context);
            default -> throw new IllegalStateException("read() let through " + request.operation());
        };
    }

    // ---- Describe

    private WireReply describeReplicationGroups(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        String id = p.get("ReplicationGroupId");
        List<ReplicationGroup> all = id == null ? fleet.replicationGroups() : List.of(replicationGroup(fleet, id));
        Paging.Page<ReplicationGroup> page = page(all, p, context);
        return PROTOCOL.result("DescribeReplicationGroups", context.requestId(), x -> {
            x.leaf("Marker", page.next());
            x.start("ReplicationGroups");
            page.items().forEach(group -> writeReplicationGroup(x, group, fleet));
            x.end();
        });
    }

    private WireReply describeCacheClusters(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        String id = p.get("CacheClusterId");
        List<CacheCluster> all = id == null ? fleet.cacheClusters() : List.of(cacheCluster(fleet, id));
        if (p.bool("ShowCacheClustersNotInReplicationGroups")) {
            all = all.stream().filter(CacheCluster::standalone).toList();
        }
        boolean showNodes = p.bool("ShowCacheNodeInfo");
        Paging.Page<CacheCluster> page = page(all, p, context);
        return PROTOCOL.result("DescribeCacheClusters", context.requestId(), x -> {
            x.leaf("Marker", page.next());
            x.start("CacheClusters");
            page.items().forEach(cluster -> writeCacheCluster(x, cluster, showNodes, fleet));
            x.end();
        });
    }

    private WireReply describeServerlessCaches(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        String name = p.get("ServerlessCacheName");
        List<ServerlessCache> all = fleet.serverlessCaches();
        if (name != null) {
            all = all.stream().filter(c -> c.serverlessCacheName().equals(name)).toList();
            if (all.isEmpty()) {
                throw ServiceFault.notFound("ServerlessCacheNotFoundFault", "Serverless cache " + name
                        + " not found.");
            }
        }
        Integer maxResults = p.integer("MaxResults");
        if (maxResults != null && (maxResults < 1 || maxResults > 100)) {
            throw ServiceFault.badRequest("InvalidParameterValue", "MaxResults must be between 1 and 100.");
        }
        Paging.Page<ServerlessCache> page = Paging.page(all, p.get("NextToken"),
                context.pageLimit(maxResults == null ? 50 : maxResults), invalidToken("NextToken"));
        return PROTOCOL.result("DescribeServerlessCaches", context.requestId(), x -> {
            x.leaf("NextToken", page.next());
            x.start("ServerlessCaches");
            for (ServerlessCache cache : page.items()) {
                x.start("member")
                        .leaf("ServerlessCacheName", cache.serverlessCacheName())
                        .leaf("Description", cache.description())
                        .leaf("CreateTime", cache.createTime())
                        .leaf("Status", cache.status())
                        .leaf("Engine", cache.engine())
                        .leaf("MajorEngineVersion", cache.majorEngineVersion())
                        .leaf("FullEngineVersion", cache.fullEngineVersion())
                        .list("SecurityGroupIds", "SecurityGroupId", cache.securityGroupIds())
                        .endpoint("Endpoint", cache.endpoint())
                        .endpoint("ReaderEndpoint", cache.readerEndpoint())
                        .leaf("ARN", fleet.arn("serverlesscache", cache.serverlessCacheName()))
                        .leaf("UserGroupId", cache.userGroupId())
                        .list("SubnetIds", "SubnetId", cache.subnetIds())
                        .leaf("SnapshotRetentionLimit", 0)
                        .leaf("DailySnapshotTime", "04:00")
                        .end();
            }
            x.end();
        });
    }

    private WireReply describeCacheParameterGroups(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        String name = p.get("CacheParameterGroupName");
        List<CacheParameterGroup> all = name == null ? fleet.parameterGroups() : List.of(parameterGroup(fleet, name));
        Paging.Page<CacheParameterGroup> page = page(all, p, context);
        return PROTOCOL.result("DescribeCacheParameterGroups", context.requestId(), x -> {
            x.leaf("Marker", page.next());
            x.start("CacheParameterGroups");
            page.items().forEach(group -> writeParameterGroup(x, group, fleet));
            x.end();
        });
    }

    private WireReply describeCacheParameters(QueryParams p, RequestContext context) {
        CacheParameterGroup group = parameterGroup(context.fleet(), p.required("CacheParameterGroupName"));
        String source = p.get("Source");
        if (source != null && !Set.of("user", "system", "engine-default").contains(source)) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "Invalid value for Source: " + source + ". Valid values are user, system, engine-default.");
        }
        List<CacheParameter> all = source == null ? group.parameters()
                : group.parameters().stream().filter(x -> x.source().equals(source)).toList();
        Paging.Page<CacheParameter> page = page(all, p, context);
        return PROTOCOL.result("DescribeCacheParameters", context.requestId(), x -> {
            x.leaf("Marker", page.next());
            x.start("Parameters");
            page.items().forEach(parameter -> writeParameter(x, parameter));
            x.end();
            x.start("CacheNodeTypeSpecificParameters").end();
        });
    }

    private WireReply describeEngineDefaultParameters(QueryParams p, RequestContext context) {
        String family = p.required("CacheParameterGroupFamily");
        if (!EngineDefaults.known(family)) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The parameter CacheParameterGroupFamily has an invalid value: " + family);
        }
        Paging.Page<CacheParameter> page = page(EngineDefaults.parameters(family), p, context);
        return PROTOCOL.result("DescribeEngineDefaultParameters", context.requestId(), x -> {
            x.start("EngineDefaults");
            x.leaf("CacheParameterGroupFamily", family);
            x.leaf("Marker", page.next());
            x.start("Parameters");
            page.items().forEach(parameter -> writeParameter(x, parameter));
            x.end();
            x.start("CacheNodeTypeSpecificParameters").end();
            x.end();
        });
    }

    private WireReply describeCacheSubnetGroups(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        String name = p.get("CacheSubnetGroupName");
        List<CacheSubnetGroup> all = fleet.subnetGroups();
        if (name != null) {
            all = all.stream().filter(g -> g.name().equals(name)).toList();
            if (all.isEmpty()) {
                throw ServiceFault.badRequest("CacheSubnetGroupNotFoundFault",
                        "Cache subnet group " + name + " not found.");
            }
        }
        Paging.Page<CacheSubnetGroup> page = page(all, p, context);
        return PROTOCOL.result("DescribeCacheSubnetGroups", context.requestId(), x -> {
            x.leaf("Marker", page.next());
            x.start("CacheSubnetGroups");
            for (CacheSubnetGroup group : page.items()) {
                x.start("CacheSubnetGroup")
                        .leaf("CacheSubnetGroupName", group.name())
                        .leaf("CacheSubnetGroupDescription", group.description())
                        .leaf("VpcId", group.vpcId())
                        .start("Subnets");
                for (int i = 0; i < group.subnetIds().size(); i++) {
                    x.start("Subnet")
                            .leaf("SubnetIdentifier", group.subnetIds().get(i))
                            .start("SubnetAvailabilityZone").leaf("Name", fleet.availabilityZone(i)).end()
                            .list("SupportedNetworkTypes", "member", List.of("ipv4"))
                            .end();
                }
                x.end()
                        .leaf("ARN", fleet.arn("subnetgroup", group.name()))
                        .list("SupportedNetworkTypes", "member", List.of("ipv4"))
                        .end();
            }
            x.end();
        });
    }

    // ---- parameter group changes

    private WireReply createCacheParameterGroup(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        String name = p.required("CacheParameterGroupName");
        String family = p.required("CacheParameterGroupFamily");
        String description = p.required("Description");
        if (!name.matches("[a-zA-Z][a-zA-Z0-9-]{0,254}") || name.endsWith("-") || name.contains("--")) {
            throw ServiceFault.badRequest("InvalidParameterValue", "Parameter group name " + name + " is invalid: it "
                    + "must begin with a letter, contain only ASCII letters, digits and hyphens, and must not end "
                    + "with a hyphen or contain two consecutive hyphens.");
        }
        if (!EngineDefaults.known(family)) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The parameter CacheParameterGroupFamily has an invalid value: " + family);
        }
        if (fleet.parameterGroup(name).isPresent()) {
            throw ServiceFault.badRequest("CacheParameterGroupAlreadyExists",
                    "Cache parameter group " + name + " already exists.");
        }
        CacheParameterGroup group = fleet.addParameterGroup(name, family, description);
        return PROTOCOL.result("CreateCacheParameterGroup", context.requestId(),
                x -> writeParameterGroup(x, group, fleet));
    }

    private WireReply modifyCacheParameterGroup(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        CacheParameterGroup group = modifiableGroup(fleet, p.required("CacheParameterGroupName"));
        List<QueryParams> changes = p.structs("ParameterNameValues");
        if (changes.isEmpty()) {
            throw ServiceFault.badRequest("MissingParameter",
                    "The request must contain the parameter ParameterNameValues");
        }
        if (changes.size() > MAX_PARAMETERS_PER_MODIFY) {
            throw ServiceFault.badRequest("InvalidParameterCombination",
                    "Cannot modify more than " + MAX_PARAMETERS_PER_MODIFY + " parameters in a single request");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (QueryParams change : changes) {
            String name = change.required("ParameterName");
            String value = change.get("ParameterValue") == null ? "" : change.get("ParameterValue");
            CacheParameter parameter = knownParameter(group, name);
            if (!parameter.modifiable()) {
                throw ServiceFault.badRequest("InvalidParameterValue",
                        "The parameter " + name + " cannot be modified.");
            }
            if (!parameter.allows(value)) {
                throw ServiceFault.badRequest("InvalidParameterValue", "Invalid parameter value: " + value
                        + " for: " + name + " allowed values are: " + parameter.allowedValues());
            }
            values.put(name, value);
        }
        apply(fleet, group, values, "user");
        return PROTOCOL.result("ModifyCacheParameterGroup", context.requestId(),
                x -> x.leaf("CacheParameterGroupName", group.name()));
    }

    private WireReply resetCacheParameterGroup(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        CacheParameterGroup group = modifiableGroup(fleet, p.required("CacheParameterGroupName"));
        boolean all = p.bool("ResetAllParameters");
        List<String> names = p.structs("ParameterNameValues").stream().map(s -> s.required("ParameterName")).toList();
        if (all == !names.isEmpty()) {
            throw ServiceFault.badRequest("InvalidParameterCombination", all
                    ? "ParameterNameValues cannot be specified when ResetAllParameters is true."
                    : "Either ResetAllParameters must be true or ParameterNameValues must be specified.");
        }
        names.forEach(name -> knownParameter(group, name));
        Map<String, String> values = new LinkedHashMap<>();
        for (CacheParameter defaults : EngineDefaults.parameters(group.family())) {
            if (all || names.contains(defaults.name())) {
                values.put(defaults.name(), defaults.value());
            }
        }
        apply(fleet, group, values, "system");
        return PROTOCOL.result("ResetCacheParameterGroup", context.requestId(),
                x -> x.leaf("CacheParameterGroupName", group.name()));
    }

    private WireReply deleteCacheParameterGroup(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        CacheParameterGroup group = parameterGroup(fleet, p.required("CacheParameterGroupName"));
        if (group.isDefault()) {
            throw ServiceFault.badRequest("InvalidCacheParameterGroupState",
                    "Default parameter group " + group.name() + " cannot be deleted.");
        }
        boolean inUse = fleet.cacheClusters().stream()
                .anyMatch(c -> c.parameterGroup().name().equals(group.name()));
        if (inUse) {
            throw ServiceFault.badRequest("InvalidCacheParameterGroupState", "One or more cache clusters are still "
                    + "members of cache parameter group " + group.name()
                    + ", please modify those clusters to use a different cache parameter group.");
        }
        fleet.removeParameterGroup(group.name());
        return PROTOCOL.result("DeleteCacheParameterGroup", context.requestId(), null);
    }

    private WireReply modifyReplicationGroup(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        ReplicationGroup group = replicationGroup(fleet, p.required("ReplicationGroupId"));
        String newGroup = p.get("CacheParameterGroupName");
        if (newGroup == null) {
            throw ServiceFault.badRequest("InvalidParameterCombination", "No modifications were requested.");
        }
        CacheParameterGroup parameters = parameterGroup(fleet, newGroup);
        List<CacheCluster> members = group.memberClusters().stream().map(id -> cacheCluster(fleet, id)).toList();
        for (CacheCluster member : members) {
            requireFamily(parameters, member, "replication group " + group.replicationGroupId());
        }
        String clusterEnabled = parameters.parameter("cluster-enabled").map(CacheParameter::value).orElse("no");
        if (!clusterEnabled.equals(group.clusterEnabled() ? "yes" : "no")) {
            throw ServiceFault.badRequest("InvalidParameterCombination", "The parameter group " + parameters.name()
                    + " has cluster-enabled " + clusterEnabled + ", which does not match the cluster mode of"
                    + " replication group " + group.replicationGroupId() + ".");
        }
        members.forEach(m -> fleet.putCacheCluster(m.withParameterGroup(
                CacheCluster.ParameterGroupStatus.inSync(newGroup))));
        return PROTOCOL.result("ModifyReplicationGroup", context.requestId(),
                x -> writeReplicationGroup(x, group, fleet));
    }

    private WireReply modifyCacheCluster(QueryParams p, RequestContext context) {
        RegionFleet fleet = context.fleet();
        CacheCluster cluster = cacheCluster(fleet, p.required("CacheClusterId"));
        String newGroup = p.get("CacheParameterGroupName");
        if (newGroup == null) {
            throw ServiceFault.badRequest("InvalidParameterCombination", "No modifications were requested.");
        }
        if (!cluster.standalone()) {
            throw ServiceFault.badRequest("InvalidParameterCombination", "Cache cluster " + cluster.cacheClusterId()
                    + " is a member of replication group " + cluster.replicationGroupId()
                    + "; modify the replication group instead.");
        }
        CacheParameterGroup parameters = parameterGroup(fleet, newGroup);
        requireFamily(parameters, cluster, "cache cluster " + cluster.cacheClusterId());
        CacheCluster updated = cluster.withParameterGroup(CacheCluster.ParameterGroupStatus.inSync(newGroup));
        fleet.putCacheCluster(updated);
        return PROTOCOL.result("ModifyCacheCluster", context.requestId(),
                x -> writeCacheCluster(x, updated, false, fleet));
    }

    /**
     * Sets the values in the group with {@code source}; clusters using the group get {@code pending-reboot} (with
     * their nodes to reboot) when a changed parameter only takes effect after a reboot.
     */
    private static void apply(RegionFleet fleet, CacheParameterGroup group, Map<String, String> values,
                              String source) {
        CacheParameterGroup updated = group;
        boolean needsReboot = false;
        for (Map.Entry<String, String> change : values.entrySet()) {
            CacheParameter current = updated.parameter(change.getKey()).orElseThrow();
            needsReboot |= current.requiresReboot() && !current.value().equals(change.getValue());
            updated = updated.with(current.withValue(change.getValue(), source));
        }
        fleet.putParameterGroup(updated);
        if (needsReboot) {
            for (CacheCluster cluster : fleet.cacheClusters()) {
                if (cluster.parameterGroup().name().equals(group.name())) {
                    List<String> nodes = cluster.nodes().stream().map(CacheNode::cacheNodeId).toList();
                    fleet.putCacheCluster(cluster.withParameterGroup(
                            new CacheCluster.ParameterGroupStatus(group.name(), "pending-reboot", nodes)));
                }
            }
        }
    }

    // ---- lookups and checks

    private static ReplicationGroup replicationGroup(RegionFleet fleet, String id) {
        return fleet.replicationGroup(id).orElseThrow(() -> ServiceFault.notFound("ReplicationGroupNotFoundFault",
                "ReplicationGroup not found: " + id));
    }

    private static CacheCluster cacheCluster(RegionFleet fleet, String id) {
        return fleet.cacheCluster(id).orElseThrow(() -> ServiceFault.notFound("CacheClusterNotFound",
                "CacheCluster not found: " + id));
    }

    private static CacheParameterGroup parameterGroup(RegionFleet fleet, String name) {
        return fleet.parameterGroup(name).orElseThrow(() -> ServiceFault.notFound("CacheParameterGroupNotFound",
                "CacheParameterGroup not found: " + name));
    }

    private static CacheParameterGroup modifiableGroup(RegionFleet fleet, String name) {
        CacheParameterGroup group = parameterGroup(fleet, name);
        if (group.isDefault()) {
            throw ServiceFault.badRequest("InvalidParameterValue", "Cannot modify a default parameter group.");
        }
        return group;
    }

    private static CacheParameter knownParameter(CacheParameterGroup group, String name) {
        return group.parameter(name).orElseThrow(() -> ServiceFault.badRequest("InvalidParameterValue",
                "Could not find parameter with name: " + name));
    }

    private static void requireFamily(CacheParameterGroup group, CacheCluster cluster, String what) {
        String family = EngineDefaults.family(cluster.engine(), cluster.engineVersion());
        if (!family.equals(group.family())) {
            throw ServiceFault.badRequest("InvalidParameterCombination", "The parameter group " + group.name()
                    + " of family " + group.family() + " is not compatible with " + what + " (engine "
                    + cluster.engine() + " " + cluster.engineVersion() + ", family " + family + ").");
        }
    }

    private static <T> Paging.Page<T> page(List<T> all, QueryParams p, RequestContext context) {
        Integer maxRecords = p.integer("MaxRecords");
        if (maxRecords != null && (maxRecords < 20 || maxRecords > 100)) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "The value of MaxRecords must be between 20 and 100.");
        }
        return Paging.page(all, p.get("Marker"), context.pageLimit(maxRecords == null ? 100 : maxRecords),
                invalidToken("Marker"));
    }

    private static ServiceFault invalidToken(String parameter) {
        return ServiceFault.badRequest("InvalidParameterValue", "Invalid " + parameter + " value.");
    }

    // ---- XML

    private static void writeReplicationGroup(XmlWriter x, ReplicationGroup group, RegionFleet fleet) {
        x.start("ReplicationGroup")
                .leaf("ReplicationGroupId", group.replicationGroupId())
                .leaf("Description", group.description())
                .leaf("Status", group.status())
                .start("PendingModifiedValues").end()
                .list("MemberClusters", "ClusterId", group.memberClusters())
                .start("NodeGroups");
        for (NodeGroup nodeGroup : group.nodeGroups()) {
            x.start("NodeGroup")
                    .leaf("NodeGroupId", nodeGroup.nodeGroupId())
                    .leaf("Status", nodeGroup.status())
                    .endpoint("PrimaryEndpoint", nodeGroup.primaryEndpoint())
                    .endpoint("ReaderEndpoint", nodeGroup.readerEndpoint())
                    .leaf("Slots", nodeGroup.slots())
                    .start("NodeGroupMembers");
            for (NodeGroupMember member : nodeGroup.members()) {
                x.start("NodeGroupMember")
                        .leaf("CacheClusterId", member.cacheClusterId())
                        .leaf("CacheNodeId", member.cacheNodeId())
                        .endpoint("ReadEndpoint", member.readEndpoint())
                        .leaf("PreferredAvailabilityZone", member.preferredAvailabilityZone())
                        .leaf("CurrentRole", member.currentRole())
                        .end();
            }
            x.end().end();
        }
        x.end()
                .leaf("AutomaticFailover", group.automaticFailover())
                .leaf("MultiAZ", group.multiAz())
                .endpoint("ConfigurationEndpoint", group.configurationEndpoint())
                .leaf("SnapshotRetentionLimit", 0)
                .leaf("ClusterEnabled", group.clusterEnabled())
                .leaf("CacheNodeType", group.cacheNodeType())
                .leaf("AuthTokenEnabled", group.authTokenEnabled())
                .leaf("TransitEncryptionEnabled", group.transitEncryptionEnabled())
                .leaf("AtRestEncryptionEnabled", group.atRestEncryptionEnabled())
                .leaf("ARN", fleet.arn("replicationgroup", group.replicationGroupId()))
                .list("UserGroupIds", "member", group.userGroupIds())
                .leaf("ReplicationGroupCreateTime", RegionFleet.FIXTURE_TIME)
                .leaf("AutoMinorVersionUpgrade", true)
                .leaf("NetworkType", "ipv4")
                .leaf("IpDiscovery", "ipv4")
                .leaf("TransitEncryptionMode", group.transitEncryptionMode())
                .leaf("ClusterMode", group.clusterMode())
                .leaf("Engine", group.engine())
                .end();
    }

    private static void writeCacheCluster(XmlWriter x, CacheCluster cluster, boolean showNodes, RegionFleet fleet) {
        x.start("CacheCluster")
                .leaf("CacheClusterId", cluster.cacheClusterId())
                .endpoint("ConfigurationEndpoint", cluster.configurationEndpoint())
                .leaf("ClientDownloadLandingPage", "https://console.aws.amazon.com/elasticache/home#client-download:")
                .leaf("CacheNodeType", cluster.cacheNodeType())
                .leaf("Engine", cluster.engine())
                .leaf("EngineVersion", cluster.engineVersion())
                .leaf("CacheClusterStatus", cluster.status())
                .leaf("NumCacheNodes", cluster.numCacheNodes())
                .leaf("PreferredAvailabilityZone", cluster.preferredAvailabilityZone())
                .leaf("CacheClusterCreateTime", cluster.createTime())
                .leaf("PreferredMaintenanceWindow", "sun:05:00-sun:06:00")
                .start("PendingModifiedValues").end()
                .start("CacheSecurityGroups").end()
                .start("CacheParameterGroup")
                .leaf("CacheParameterGroupName", cluster.parameterGroup().name())
                .leaf("ParameterApplyStatus", cluster.parameterGroup().applyStatus())
                .list("CacheNodeIdsToReboot", "CacheNodeId", cluster.parameterGroup().nodeIdsToReboot())
                .end()
                .leaf("CacheSubnetGroupName", cluster.cacheSubnetGroupName());
        if (showNodes) {
            x.start("CacheNodes");
            for (CacheNode node : cluster.nodes()) {
                x.start("CacheNode")
                        .leaf("CacheNodeId", node.cacheNodeId())
                        .leaf("CacheNodeStatus", node.status())
                        .leaf("CacheNodeCreateTime", node.createTime())
                        .endpoint("Endpoint", node.endpoint())
                        .leaf("ParameterGroupStatus", node.parameterGroupStatus())
                        .leaf("CustomerAvailabilityZone", node.availabilityZone())
                        .end();
            }
            x.end();
        }
        x.leaf("AutoMinorVersionUpgrade", true).start("SecurityGroups");
        for (String groupId : cluster.securityGroupIds()) {
            x.start("member").leaf("SecurityGroupId", groupId).leaf("Status", "active").end();
        }
        x.end()
                .leaf("ReplicationGroupId", cluster.replicationGroupId())
                .leaf("SnapshotRetentionLimit", 0)
                .leaf("AuthTokenEnabled", cluster.authTokenEnabled())
                .leaf("TransitEncryptionEnabled", cluster.transitEncryptionEnabled())
                .leaf("AtRestEncryptionEnabled", cluster.atRestEncryptionEnabled())
                .leaf("ARN", fleet.arn("cluster", cluster.cacheClusterId()))
                .leaf("ReplicationGroupLogDeliveryEnabled", false)
                .leaf("NetworkType", "ipv4")
                .leaf("IpDiscovery", "ipv4")
                .leaf("TransitEncryptionMode", cluster.transitEncryptionMode())
                .end();
    }

    private static void writeParameterGroup(XmlWriter x, CacheParameterGroup group, RegionFleet fleet) {
        x.start("CacheParameterGroup")
                .leaf("CacheParameterGroupName", group.name())
                .leaf("CacheParameterGroupFamily", group.family())
                .leaf("Description", group.description())
                .leaf("IsGlobal", group.isGlobal())
                .leaf("ARN", fleet.arn("parametergroup", group.name()))
                .end();
    }

    private static void writeParameter(XmlWriter x, CacheParameter parameter) {
        x.start("Parameter")
                .leaf("ParameterName", parameter.name())
                .leaf("ParameterValue", parameter.value().isEmpty() ? null : parameter.value())
                .leaf("Description", parameter.description())
                .leaf("Source", parameter.source())
                .leaf("DataType", parameter.dataType())
                .leaf("AllowedValues", emptyToNull(parameter.allowedValues()))
                .leaf("IsModifiable", parameter.modifiable())
                .leaf("MinimumEngineVersion", parameter.minimumEngineVersion())
                .leaf("ChangeType", parameter.changeType())
                .end();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
