package io.ghostwatch.core.check;

import io.ghostwatch.core.elasticache.CacheParameter;
import io.ghostwatch.core.elasticache.CacheResource;
import io.ghostwatch.core.elasticache.CustomGroupName;
import io.ghostwatch.core.elasticache.NodeBasedCache;
import io.ghostwatch.core.elasticache.ParameterGroupSettings;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fix steps the ElastiCache checks share, worded once: the parameter-group steps, and the CLI command that modifies
 * a cache. A custom group is modified in place (every cache that uses it gets the change: the plan names them); a
 * default group cannot be modified, so a custom group is created in the same family, given the change, and attached to
 * the cache.
 */
final class ElastiCacheFixes {

    /** How many users of a group are named in the plan before "and N more". */
    private static final int NAMED_USERS = 5;

    private ElastiCacheFixes() {
    }

    /** The timeout to propose: from the largest census over a direct connection, else the policy's safe first step. */
    static ParameterChange timeout(ElastiCacheContext ctx) {
        Readout<ClientCensus> census = ctx.census().<Readout<ClientCensus>>map(Readout::known)
                .orElse(Readout.unreadable("no direct connection to this cache"));
        return new ParameterChange(TunableParameter.TIMEOUT, TimeoutRecommendation.from(census, ctx.policy()).seconds());
    }

    /** The tcp-keepalive to propose: the same value as for a self-hosted server. */
    static ParameterChange keepalive(Policy policy) {
        return new ParameterChange(TunableParameter.TCP_KEEPALIVE, Fixes.recommendedKeepalive(policy));
    }

    /** The steps that give the cache the proposed {@link #timeout}. */
    static List<FixStep> setTimeout(ElastiCacheContext ctx, ParameterGroupSettings group) {
        return setParameters(ctx, group, List.of(timeout(ctx)));
    }

    /** The steps that give the cache the proposed {@link #keepalive}. */
    static List<FixStep> setKeepalive(ElastiCacheContext ctx, ParameterGroupSettings group) {
        return setParameters(ctx, group, List.of(keepalive(ctx.policy())));
    }

    /**
     * The AWS CLI command that modifies the cache, before its options: modify-replication-group, modify-cache-cluster or
     * modify-serverless-cache, with the region and the cache's ID.
     */
    static String modifyCommand(CacheResource cache) {
        String region = cache.location().region();
        return switch (cache) {
            case ServerlessCache s -> "aws elasticache modify-serverless-cache --region " + region
                    + " --serverless-cache-name " + s.id();
            case NodeBasedCache n when n.type() == NodeBasedCache.Type.REPLICATION_GROUP ->
                    "aws elasticache modify-replication-group --region " + region + " --replication-group-id " + n.id();
            case NodeBasedCache n -> "aws elasticache modify-cache-cluster --region " + region + " --cache-cluster-id "
                    + n.id();
        };
    }

    /**
     * The steps that give the cache these values: on its custom group, or on a new custom group attached to it. When
     * the policy's own range refuses a value (its min key above its max key), the same commands as manual steps.
     */
    static List<FixStep> setParameters(ElastiCacheContext ctx, ParameterGroupSettings group,
                                       List<ParameterChange> changes) {
        CacheResource cache = ctx.cache();
        String region = cache.location().region();
        String why = changes.stream().map(c -> explain(c, group)).collect(Collectors.joining(" "));
        Optional<ParameterChange> refused = changes.stream().filter(c -> !c.parameter().allows(c.value(), ctx.policy()))
                .findFirst();
        List<FixStep> steps = new ArrayList<>();
        if (!group.isDefault()) {
            FixStep.ModifyParameterGroup modify = new FixStep.ModifyParameterGroup(region, group.name(), changes, false,
                    why + " " + blastRadius(group));
            steps.add(modify);
        } else {
            String created = CustomGroupName.of(cache.id(), group.family());
            boolean clusterMode = cache instanceof NodeBasedCache n && n.clusterMode();
            steps.add(new FixStep.CreateParameterGroup(region, created, group.family(), "Ghostwatch: " + cache.id()
                    + " with " + changes.stream().map(c -> c.parameter().redisName() + " " + c.value())
                    .collect(Collectors.joining(", ")), "The default group " + group.name() + " cannot be modified (and"
                    + " " + (group.usedBy().size() - 1) + " other cache(s) use it), so create a custom group in family "
                    + group.family() + "; it starts with the family's defaults."));
            steps.add(new FixStep.ModifyParameterGroup(region, created, changes, clusterMode, why
                    + (clusterMode ? " cluster-enabled yes keeps the new group fit for this cluster-mode cache, as its"
                    + " default group " + group.name() + " was." : "")));
            steps.add(new FixStep.AttachParameterGroup(region, cache instanceof NodeBasedCache n
                    && n.type() == NodeBasedCache.Type.REPLICATION_GROUP, cache.id(), created, "Make " + cache.id()
                    + " run with " + created + " now (ApplyImmediately); only this cache changes, other users of "
                    + group.name() + " keep it."));
        }
        if (refused.isPresent()) {
            ParameterChange r = refused.get();
            return steps.stream().<FixStep>map(s -> new FixStep.ManualStep(s.command(), s.explanation()
                    + " Ghostwatch will not apply it: the policy's range " + r.parameter().range(ctx.policy())
                    + " for " + r.parameter().redisName() + " is empty; fix the policy.")).toList();
        }
        return steps;
    }

    private static String explain(ParameterChange c, ParameterGroupSettings group) {
        String name = c.parameter().redisName();
        Optional<CacheParameter> p = group.parameter(name);
        String when = p.map(x -> x.immediate() ? name + " changes immediately: running nodes apply it without a reboot."
                : name + " is " + x.changeType() + ": nodes apply it when rebooted.").orElse("");
        return switch (c.parameter()) {
            case TIMEOUT -> "Close clients idle for more than " + c.value() + " s. " + when;
            case TCP_KEEPALIVE -> "Probe idle peers every " + c.value() + " s so a vanished client is dropped after about "
                    + (2 * c.value()) + " s (new connections only; existing ghosts need timeout). " + when;
        };
    }

    static String blastRadius(ParameterGroupSettings group) {
        List<String> users = group.usedBy();
        String named = users.stream().limit(NAMED_USERS).collect(Collectors.joining(", "))
                + (users.size() > NAMED_USERS ? " and " + (users.size() - NAMED_USERS) + " more" : "");
        return "Parameter group " + group.name() + " is used by " + users.size() + " cache(s) (" + named + "): every one"
                + " of them gets this change.";
    }
}
