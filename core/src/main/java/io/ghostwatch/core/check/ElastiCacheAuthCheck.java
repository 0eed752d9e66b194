package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.elasticache.CacheResource;
import io.ghostwatch.core.elasticache.NodeBasedCache;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.fix.FixPlan;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import java.util.List;

/**
 * {@code elasticache_auth_enabled}: clients must authenticate, with an AUTH token or an RBAC user group. Without either,
 * anyone who reaches the port runs any command: HIGH, CRITICAL when a security group also admits every address.
 */
public final class ElastiCacheAuthCheck implements ElastiCacheCheck {
    public static final String ID = "elasticache_auth_enabled";

    private static final CheckMetadata METADATA = new CheckMetadata(ID,
            "Clients must authenticate (AUTH token or RBAC user group)", Severity.CRITICAL,
            "Without an AUTH token or user group, whoever reaches the cache port can read, change and delete every key.",
            "Associate an RBAC user group (or set an AUTH token, which needs encryption in transit).",
            List.of(), List.of(AwsAction.DESCRIBE_REPLICATION_GROUPS, AwsAction.DESCRIBE_CACHE_CLUSTERS,
                    AwsAction.DESCRIBE_SERVERLESS_CACHES, AwsAction.DESCRIBE_SECURITY_GROUPS));

    @Override
    public CheckMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<Finding> evaluate(ElastiCacheContext ctx) {
        CacheResource cache = ctx.cache();
        CacheResource.CacheAuth auth = cache.auth();
        Evidence evidence = Evidence.of("auth_token", auth.authToken())
                .and("user_groups", auth.userGroups().isEmpty() ? "none" : String.join(", ", auth.userGroups()));
        if (auth.required()) {
            return List.of(Finding.pass(ID, ctx.node(), ctx.whoStarts() + " requires clients to authenticate ("
                    + (auth.authToken() ? "AUTH token" : "RBAC user group " + String.join(", ", auth.userGroups()))
                    + ").", evidence.map()));
        }
        boolean openToWorld = ElastiCacheNetworkAccessCheck.openToEveryAddress(ctx);
        evidence.and("open_to_every_address", openToWorld);
        String modify = ElastiCacheFixes.modifyCommand(cache);
        FixStep step = switch (cache) {
            case ServerlessCache s -> new FixStep.ManualStep(modify + " --user-group-id <user group>",
                    "Associate an RBAC user group whose default user is disabled or has a password.");
            case NodeBasedCache n when n.type() == NodeBasedCache.Type.REPLICATION_GROUP -> new FixStep.ManualStep(
                    modify + " --user-group-ids-to-add <user group> --apply-immediately",
                    "Associate an RBAC user group (engine 6.0+, encryption in transit on); or set an AUTH token with"
                            + " --auth-token and --auth-token-update-strategy SET.");
            case NodeBasedCache n -> new FixStep.ManualStep(modify + " --auth-token <token>"
                    + " --auth-token-update-strategy SET --apply-immediately",
                    "Set an AUTH token (needs encryption in transit); clients then send AUTH.");
        };
        return List.of(Finding.fail(ID, ctx.node(), openToWorld ? Severity.CRITICAL : Severity.HIGH,
                ctx.whoStarts() + " lets clients run commands without authenticating (no AUTH token, no user group)"
                        + (openToWorld ? ", and a security group admits every address to its port." : "."),
                evidence.map(), new FixPlan("Require clients to authenticate.", List.of(step))));
    }
}
