package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.elasticache.NodeBasedCache;
import io.ghostwatch.core.elasticache.RegionInventory;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code elasticache_inventory_readable}: Ghostwatch could list every Redis OSS / Valkey cache of an account in a region.
 * ERROR names what stopped it (a role that cannot be assumed, a missing permission such as
 * elasticache:DescribeReplicationGroups); PASS says what was found. Reported under the target {@code <account>/<region>},
 * node: the region. A region that cannot be listed never passes silently.
 */
public final class ElastiCacheInventoryCheck {
    public static final String ID = "elasticache_inventory_readable";

    public static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Every cache in the account and region can be listed", Severity.HIGH,
            "A cache Ghostwatch cannot list is never audited: its ghost connections and open ports go unseen.",
            "Grant the listed actions to the role Ghostwatch uses (see infra/iam), or fix the role's trust policy.",
            List.of(), List.of(AwsAction.ASSUME_ROLE, AwsAction.DESCRIBE_REPLICATION_GROUPS,
                    AwsAction.DESCRIBE_CACHE_CLUSTERS, AwsAction.DESCRIBE_SERVERLESS_CACHES));

    public Finding evaluate(RegionInventory inventory) {
        String node = inventory.location().region();
        String where = "account " + inventory.location().account() + " in " + inventory.location().region();
        List<String> problems = new ArrayList<>();
        if (inventory.nodeBased() instanceof Readout.Unreadable<List<NodeBasedCache>>(String reason)) {
            problems.add(reason);
        }
        if (inventory.serverless() instanceof Readout.Unreadable<List<ServerlessCache>>(String reason)
                && !problems.contains(reason)) {
            problems.add(reason);
        }
        if (!problems.isEmpty()) {
            return Finding.error(ID, node, "Cannot list every cache of " + where + ": " + String.join("; ", problems)
                    + ".", Evidence.of("node_based", inventory.nodeBased().isKnown() ? "listed" : "unreadable")
                    .and("serverless", inventory.serverless().isKnown() ? "listed" : "unreadable").map());
        }
        List<NodeBasedCache> nodeBased = inventory.nodeBased().orElse(List.of());
        long groups = nodeBased.stream().filter(c -> c.type() == NodeBasedCache.Type.REPLICATION_GROUP).count();
        long clusters = nodeBased.size() - groups;
        int serverless = inventory.serverless().orElse(List.of()).size();
        return Finding.pass(ID, node, "Listed every Redis OSS / Valkey cache of " + where + ": " + groups
                + " replication group(s), " + clusters + " cache cluster(s) outside them, " + serverless
                + " serverless cache(s)" + (inventory.skipped() > 0 ? "; " + inventory.skipped()
                + " memcached or other cache(s) left out" : "") + ".",
                Evidence.of("replication_groups", groups).and("cache_clusters", clusters)
                        .and("serverless_caches", serverless).and("skipped", inventory.skipped()).map());
    }
}
