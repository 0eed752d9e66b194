package io.ghostwatch.core.aws;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every AWS action Ghostwatch calls besides its own tables and queue (the ElastiCache audit, its fixes, the config's
 * {@code secret:} references), and who needs it. This is the one list: the IAM policies in {@code template.yaml} (the
 * audit function's and the bot worker's) and the cross-account role policies in {@code infra/iam/} grant exactly these,
 * and tests compare them.
 */
public enum AwsAction {
    // discovery
    DESCRIBE_REPLICATION_GROUPS("elasticache:DescribeReplicationGroups", Use.AUDIT, Use.FIX),
    DESCRIBE_CACHE_CLUSTERS("elasticache:DescribeCacheClusters", Use.AUDIT, Use.FIX),
    DESCRIBE_SERVERLESS_CACHES("elasticache:DescribeServerlessCaches", Use.AUDIT, Use.FIX),
    // parameter groups
    DESCRIBE_CACHE_PARAMETER_GROUPS("elasticache:DescribeCacheParameterGroups", Use.AUDIT, Use.FIX),
    DESCRIBE_CACHE_PARAMETERS("elasticache:DescribeCacheParameters", Use.AUDIT, Use.FIX),
    DESCRIBE_ENGINE_DEFAULT_PARAMETERS("elasticache:DescribeEngineDefaultParameters", Use.AUDIT, Use.FIX),
    // network
    DESCRIBE_CACHE_SUBNET_GROUPS("elasticache:DescribeCacheSubnetGroups", Use.AUDIT),
    DESCRIBE_SECURITY_GROUPS("ec2:DescribeSecurityGroups", Use.AUDIT),
    DESCRIBE_ROUTE_TABLES("ec2:DescribeRouteTables", Use.AUDIT),
    // connections
    GET_METRIC_DATA("cloudwatch:GetMetricData", Use.AUDIT),
    // other accounts
    ASSUME_ROLE("sts:AssumeRole", Use.AUDIT, Use.FIX),
    // fixes (bot worker only, after a second person approved)
    CREATE_CACHE_PARAMETER_GROUP("elasticache:CreateCacheParameterGroup", Use.FIX),
    MODIFY_CACHE_PARAMETER_GROUP("elasticache:ModifyCacheParameterGroup", Use.FIX),
    RESET_CACHE_PARAMETER_GROUP("elasticache:ResetCacheParameterGroup", Use.FIX),
    DELETE_CACHE_PARAMETER_GROUP("elasticache:DeleteCacheParameterGroup", Use.FIX),
    MODIFY_REPLICATION_GROUP("elasticache:ModifyReplicationGroup", Use.FIX),
    MODIFY_CACHE_CLUSTER("elasticache:ModifyCacheCluster", Use.FIX),
    // the config's secret: references (Redis passwords, slack.botToken), with the functions' own role
    GET_SECRET_VALUE("secretsmanager:GetSecretValue", Use.SECRETS);

    /**
     * Who calls an action and on what: the scheduled audit (read only: ElastiCache and EC2 describes, account-wide),
     * the fix worker (parameter groups and caches), or every function that resolves the config's {@code secret:}
     * references ({@link io.ghostwatch.core.config.Secrets}: the scheduled audit and the bot worker), granted on the
     * secrets the config names only, never on {@code "*"}.
     */
    public enum Use { AUDIT, FIX, SECRETS }

    private final String iamName;
    private final Set<Use> uses;

    AwsAction(String iamName, Use first, Use... more) {
        this.iamName = iamName;
        this.uses = EnumSet.of(first, more);
    }

    /** The IAM action, e.g. {@code elasticache:DescribeCacheParameters}. */
    public String iamName() {
        return iamName;
    }

    /** The service prefix, e.g. {@code elasticache}. */
    public String service() {
        return iamName.substring(0, iamName.indexOf(':'));
    }

    public boolean usedFor(Use use) {
        return uses.contains(use);
    }

    /** The IAM action names a use needs, sorted: what its policy must grant, and all it may grant. */
    public static SortedSet<String> iamNames(Use use) {
        SortedSet<String> names = new TreeSet<>();
        Arrays.stream(values()).filter(a -> a.usedFor(use)).forEach(a -> names.add(a.iamName));
        return names;
    }

    /** Every action, for documentation. */
    public static List<AwsAction> all() {
        return List.of(values());
    }

    @Override
    public String toString() {
        return iamName;
    }
}
