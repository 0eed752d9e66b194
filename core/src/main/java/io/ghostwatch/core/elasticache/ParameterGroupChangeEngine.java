package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsCall;
import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ElastiCacheConfig;
import io.ghostwatch.core.fix.ChangeRefusedException;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ParameterNameValue;

/**
 * Changes {@code timeout} / {@code tcp-keepalive} of an ElastiCache cache, where CONFIG is restricted: in its custom
 * parameter group (every cache that uses the group gets it; the plan names them), or, when it runs with a default group
 * (which cannot be modified), by creating a custom group in the same family with the values and attaching it to the
 * cache. Plans first, with the values read fresh; applies only what was planned (refused as stale when the cache moved
 * since); verifies by reading back; and puts back what it changed when a later step fails.
 *
 * <p>AWS actions used: {@link AwsAction#usedFor(AwsAction.Use)} FIX.
 */
public final class ParameterGroupChangeEngine {

    /** How many alternative names are tried when the custom group's name is taken. */
    static final int NAME_ATTEMPTS = 9;

    private final ElastiCacheConfig config;
    private final AwsClients aws;
    private final Policy policy;

    /**
     * @param config the config's {@code elasticache:} section, or null (then every ElastiCache change is refused)
     * @param aws    the AWS clients; may be null only without a config
     */
    public ParameterGroupChangeEngine(ElastiCacheConfig config, AwsClients aws, Policy policy) {
        if (config != null && aws == null) {
            throw new IllegalArgumentException("ElastiCache changes need AWS clients");
        }
        this.config = config;
        this.aws = aws;
        this.policy = policy;
    }

    /** The cache as it is now: where it is, and what is there. */
    private record Found(ElastiCacheConfig.Account account, ElastiCacheClient client, NodeBasedCache cache,
                         RegionInventory inventory) {
    }

    // ---- plan ------------------------------------------------------------------------------------------------------

    /**
     * Reads the cache and its group and describes the change.
     *
     * @throws ChangeRefusedException naming the problem (unknown account or cache, a serverless cache, a value outside
     *                                the policy's range, an unreadable group); nothing was changed
     */
    public ParameterGroupPlan plan(CacheName name, List<ParameterChange> changes) throws ChangeRefusedException {
        if (changes.isEmpty()) {
            throw new ChangeRefusedException("nothing to change: give at least one parameter=value ("
                    + TunableParameter.validNames() + ")");
        }
        for (ParameterChange c : changes) {
            if (!c.parameter().allows(c.value(), policy)) {
                throw new ChangeRefusedException(c.parameter().redisName() + "=" + c.value()
                        + " is outside the allowed range " + c.parameter().range(policy));
            }
        }
        Found found = find(name);
        String group = groupOf(found.cache());
        ParameterGroupReader reader = new ParameterGroupReader(found.client());
        try {
            String family = reader.family(group);
            boolean isDefault = ParameterGroupSettings.isDefaultName(group);
            Map<String, CacheParameter> values = isDefault ? reader.engineDefaults(family) : reader.parameters(group);
            Map<TunableParameter, ParameterValue> before = new EnumMap<>(TunableParameter.class);
            Map<TunableParameter, Long> after = new EnumMap<>(TunableParameter.class);
            Map<TunableParameter, String> changeTypes = new EnumMap<>(TunableParameter.class);
            for (ParameterChange c : changes) {
                CacheParameter p = parameter(values, c.parameter(), group);
                before.put(c.parameter(), new ParameterValue(p.longValue().orElseThrow(), sourceOf(p)));
                after.put(c.parameter(), c.value());
                changeTypes.put(c.parameter(), p.changeType());
            }
            if (!isDefault) {
                return new ParameterGroupPlan.ModifyGroup(name, group, family, before, after, Set.of(), changeTypes,
                        usersOf(group, found.inventory()));
            }
            return new ParameterGroupPlan.CreateAndAttach(name, found.cache().type() == NodeBasedCache.Type.REPLICATION_GROUP,
                    found.cache().clusterMode(), group, freeName(reader, CustomGroupName.of(name.cacheId(), family)),
                    family, before, after, changeTypes);
        } catch (AwsCallException e) {
            throw new ChangeRefusedException("cannot read parameter group " + group + " of " + name + ": " + e.getMessage());
        }
    }

    /**
     * The plan that undoes an applied one, with the values read fresh: the old values put back in the same group (the
     * ones that were defaults by ResetCacheParameterGroup), or the old group attached again.
     */
    public ParameterGroupPlan planRollback(ParameterGroupPlan applied) throws ChangeRefusedException {
        Found found = find(applied.cache());
        String group = groupOf(found.cache());
        ParameterGroupReader reader = new ParameterGroupReader(found.client());
        Map<TunableParameter, Long> restore = new EnumMap<>(TunableParameter.class);
        applied.before().forEach((p, v) -> restore.put(p, v.value()));
        try {
            return switch (applied) {
                case ParameterGroupPlan.ModifyGroup m -> {
                    if (!group.equals(m.group())) {
                        throw new ChangeRefusedException(applied.cache() + " now runs with parameter group " + group
                                + ", not " + m.group() + ": there is nothing of this change to roll back on it");
                    }
                    Set<TunableParameter> reset = EnumSet.noneOf(TunableParameter.class);
                    m.before().forEach((p, v) -> {
                        if (!v.userSet()) {
                            reset.add(p);
                        }
                    });
                    yield new ParameterGroupPlan.ModifyGroup(applied.cache(), group, m.family(),
                            current(reader.parameters(group), m.parameters(), group), restore, reset, m.changeTypes(),
                            usersOf(group, found.inventory()));
                }
                case ParameterGroupPlan.CreateAndAttach c -> {
                    if (!group.equals(c.newGroup())) {
                        throw new ChangeRefusedException(applied.cache() + " now runs with parameter group " + group
                                + ", not " + c.newGroup() + " (the group this change attached): nothing to roll back");
                    }
                    yield new ParameterGroupPlan.Reattach(applied.cache(), c.replicationGroup(), c.newGroup(),
                            c.currentGroup(), current(reader.parameters(group), c.parameters(), group), restore,
                            c.changeTypes());
                }
                case ParameterGroupPlan.Reattach r -> throw new ChangeRefusedException("this change was itself a"
                        + " rollback: propose the fix again instead of rolling back the rollback");
            };
        } catch (AwsCallException e) {
            throw new ChangeRefusedException("cannot read parameter group " + group + ": " + e.getMessage());
        }
    }

    private Found find(CacheName name) throws ChangeRefusedException {
        if (config == null) {
            throw new ChangeRefusedException("ElastiCache is not configured: add an elasticache: section to the config");
        }
        ElastiCacheConfig.Account account = config.account(name.location().account()).orElseThrow(() ->
                new ChangeRefusedException("unknown account '" + name.location().account() + "' in " + name
                        + " (configured: " + config.accounts().stream().map(ElastiCacheConfig.Account::name)
                        .collect(Collectors.joining(", ")) + ")"));
        if (!account.regions().contains(name.location().region())) {
            throw new ChangeRefusedException("region " + name.location().region() + " is not configured for account "
                    + account.name() + " (configured: " + String.join(", ", account.regions()) + ")");
        }
        ElastiCacheClient client;
        try {
            client = aws.in(account, name.location().region()).elastiCache();
        } catch (AwsCallException e) {
            throw new ChangeRefusedException(e.getMessage());
        }
        RegionInventory inventory = new ElastiCacheDiscovery(client, name.location()).discover();
        if (inventory.serverless().orElse(List.of()).stream().anyMatch(s -> s.id().equals(name.cacheId()))) {
            throw new ChangeRefusedException(name + " is a serverless cache: it has no parameter group, so timeout and"
                    + " tcp-keepalive cannot be set (ElastiCache Serverless manages client connections itself)");
        }
        if (inventory.nodeBased() instanceof io.ghostwatch.core.redis.Readout.Unreadable<List<NodeBasedCache>>(var why)) {
            throw new ChangeRefusedException("cannot list the caches of " + name.location() + ": " + why);
        }
        NodeBasedCache cache = inventory.nodeBased().orElse(List.of()).stream()
                .filter(c -> c.id().equals(name.cacheId())).findFirst()
                .orElseThrow(() -> new ChangeRefusedException("no Redis OSS / Valkey cache named " + name.cacheId()
                        + " in " + name.location()));
        return new Found(account, client, cache, inventory);
    }

    private static String groupOf(NodeBasedCache cache) throws ChangeRefusedException {
        List<String> groups = cache.parameterGroups();
        if (groups.size() != 1) {
            throw new ChangeRefusedException(groups.isEmpty() ? "ElastiCache lists no parameter group for " + cache.id()
                    : "the nodes of " + cache.id() + " run with different parameter groups (" + String.join(", ", groups)
                    + "): a change is being applied; propose again once it is in-sync");
        }
        return groups.getFirst();
    }

    private static CacheParameter parameter(Map<String, CacheParameter> values, TunableParameter p, String group)
            throws ChangeRefusedException {
        CacheParameter found = values.get(p.redisName());
        if (found == null || found.longValue().isEmpty()) {
            throw new ChangeRefusedException("parameter group " + group + " has no whole-number " + p.redisName()
                    + " parameter" + (found == null ? "" : " (it says '" + found.value() + "')"));
        }
        if (!found.modifiable()) {
            throw new ChangeRefusedException(p.redisName() + " is not modifiable in parameter group " + group);
        }
        return found;
    }

    private static Map<TunableParameter, ParameterValue> current(Map<String, CacheParameter> values,
                                                                Set<TunableParameter> parameters, String group)
            throws ChangeRefusedException {
        Map<TunableParameter, ParameterValue> now = new EnumMap<>(TunableParameter.class);
        for (TunableParameter p : parameters) {
            CacheParameter c = parameter(values, p, group);
            now.put(p, new ParameterValue(c.longValue().orElseThrow(), sourceOf(c)));
        }
        return now;
    }

    private static String sourceOf(CacheParameter p) {
        return p.source() == null ? "system" : p.source();
    }

    /** Every node-based cache in the region that runs with {@code group}: who an in-place change reaches. */
    private static List<String> usersOf(String group, RegionInventory inventory) {
        return inventory.nodeBased().orElse(List.of()).stream().filter(c -> c.parameterGroups().contains(group))
                .map(NodeBasedCache::id).toList();
    }

    /** {@code name}, or the first of its alternatives that no group has yet. */
    private static String freeName(ParameterGroupReader reader, String name) throws ChangeRefusedException {
        for (int n = 1; n <= NAME_ATTEMPTS; n++) {
            String candidate = n == 1 ? name : CustomGroupName.alternative(name, n);
            try {
                reader.family(candidate);
            } catch (AwsCallException e) {
                if (e.kind() == AwsCallException.Kind.NOT_FOUND) {
                    return candidate;
                }
                throw e;
            }
        }
        throw new ChangeRefusedException("parameter groups " + name + " to " + CustomGroupName.alternative(name,
                NAME_ATTEMPTS) + " all exist already: delete the unused ones, then propose again");
    }

    // ---- apply -----------------------------------------------------------------------------------------------------

    /** Applies a plan; never leaves a partial change without saying so. */
    public ParameterGroupResult apply(ParameterGroupPlan plan) {
        Found found;
        try {
            found = find(plan.cache());
        } catch (ChangeRefusedException e) {
            return new ParameterGroupResult.Failed("could not read the cache again before applying (" + e.getMessage()
                    + "); nothing was changed", List.of());
        }
        ElastiCacheClient client = found.client();
        return switch (plan) {
            case ParameterGroupPlan.ModifyGroup m -> modify(client, found, m);
            case ParameterGroupPlan.CreateAndAttach c -> createAndAttach(client, found, c);
            case ParameterGroupPlan.Reattach r -> reattach(client, found, r);
        };
    }

    private ParameterGroupResult modify(ElastiCacheClient client, Found found, ParameterGroupPlan.ModifyGroup m) {
        ParameterGroupReader reader = new ParameterGroupReader(client);
        try {
            String group = groupOf(found.cache());
            if (!group.equals(m.group())) {
                return stale(m.cache() + " now runs with parameter group " + group + ", not " + m.group());
            }
            Map<TunableParameter, ParameterValue> now = current(reader.parameters(m.group()), m.parameters(), m.group());
            if (!now.equals(m.before())) {
                return stale("parameter group " + m.group() + " had " + render(m.before()) + ", now " + render(now));
            }
        } catch (ChangeRefusedException | AwsCallException e) {
            return new ParameterGroupResult.Failed("could not read parameter group " + m.group() + " again before"
                    + " applying (" + e.getMessage() + "); nothing was changed", List.of());
        }
        try {
            set(client, m.group(), m.after(), m.reset(), false);
        } catch (AwsCallException e) {
            return new ParameterGroupResult.Failed(e.getMessage() + "; nothing was changed", List.of());
        }
        Map<TunableParameter, Long> verified;
        try {
            verified = read(reader, m.group(), m.parameters());
        } catch (AwsCallException | ChangeRefusedException e) {
            return new ParameterGroupResult.Failed("parameter group " + m.group() + " was changed but could not be read"
                    + " back (" + e.getMessage() + "): check it", List.of("parameter group " + m.group()));
        }
        if (!verified.equals(m.after())) {
            return putBack(client, reader, m, "verification failed: parameter group " + m.group() + " shows "
                    + ParameterGroupPlan.values(verified) + ", expected " + ParameterGroupPlan.values(m.after()));
        }
        return new ParameterGroupResult.Applied(m.group(), false, null, values(m.before()), verified, m.changeTypes(),
                m.affected(), rebootNote(m.changeTypes(), m.affected()));
    }

    private ParameterGroupResult putBack(ElastiCacheClient client, ParameterGroupReader reader,
                                         ParameterGroupPlan.ModifyGroup m, String failure) {
        Map<TunableParameter, Long> old = values(m.before());
        Set<TunableParameter> reset = EnumSet.noneOf(TunableParameter.class);
        m.before().forEach((p, v) -> {
            if (!v.userSet()) {
                reset.add(p);
            }
        });
        try {
            set(client, m.group(), old, reset, false);
            Map<TunableParameter, Long> restored = read(reader, m.group(), m.parameters());
            if (restored.equals(old)) {
                return new ParameterGroupResult.RolledBack("parameter group " + m.group(), failure,
                        ParameterGroupPlan.values(restored) + " in " + m.group());
            }
            return new ParameterGroupResult.Failed(failure + "; putting back " + ParameterGroupPlan.values(old)
                    + " left " + ParameterGroupPlan.values(restored), List.of("parameter group " + m.group()));
        } catch (AwsCallException | ChangeRefusedException e) {
            return new ParameterGroupResult.Failed(failure + "; putting back the old values failed too ("
                    + e.getMessage() + ")", List.of("parameter group " + m.group()));
        }
    }

    private ParameterGroupResult createAndAttach(ElastiCacheClient client, Found found,
                                                 ParameterGroupPlan.CreateAndAttach c) {
        try {
            String group = groupOf(found.cache());
            if (!group.equals(c.currentGroup())) {
                return stale(c.cache() + " now runs with parameter group " + group + ", not " + c.currentGroup());
            }
        } catch (ChangeRefusedException e) {
            return new ParameterGroupResult.Failed(e.getMessage() + "; nothing was changed", List.of());
        }
        ParameterGroupReader reader = new ParameterGroupReader(client);
        try {
            AwsCall.run(AwsAction.CREATE_CACHE_PARAMETER_GROUP, () -> client.createCacheParameterGroup(r -> r
                    .cacheParameterGroupName(c.newGroup()).cacheParameterGroupFamily(c.family())
                    .description("Ghostwatch: " + c.cache().cacheId() + " with " + ParameterGroupPlan.values(c.after())
                            + " (replaces " + c.currentGroup() + ")")));
        } catch (AwsCallException e) {
            return new ParameterGroupResult.Failed(e.getMessage() + "; nothing was changed", List.of());
        }
        String created = "parameter group " + c.newGroup() + " was created";
        try {
            set(client, c.newGroup(), c.after(), Set.of(), c.clusterMode());
            Map<TunableParameter, Long> values = read(reader, c.newGroup(), c.parameters());
            if (!values.equals(c.after())) {
                return deleteCreated(client, c.newGroup(), "verification failed: new group " + c.newGroup() + " shows "
                        + ParameterGroupPlan.values(values) + ", expected " + ParameterGroupPlan.values(c.after()));
            }
        } catch (AwsCallException | ChangeRefusedException e) {
            return deleteCreated(client, c.newGroup(), created + " but setting its values failed: " + e.getMessage());
        }
        try {
            attach(client, c.replicationGroup(), c.cache().cacheId(), c.newGroup());
        } catch (AwsCallException e) {
            return deleteCreated(client, c.newGroup(), "attaching " + c.newGroup() + " to " + c.cache().cacheId()
                    + " failed: " + e.getMessage());
        }
        Optional<String> attachedWrong = attachedElsewhere(c.cache(), c.newGroup());
        if (attachedWrong.isPresent()) {
            String failure = "verification failed: " + attachedWrong.get();
            try {
                attach(client, c.replicationGroup(), c.cache().cacheId(), c.currentGroup());
            } catch (AwsCallException e) {
                return new ParameterGroupResult.Failed(failure + "; attaching " + c.currentGroup() + " again failed"
                        + " too (" + e.getMessage() + ")", List.of(c.cache().cacheId()));
            }
            return new ParameterGroupResult.RolledBack(c.cache().cacheId(), failure, c.cache().cacheId() + " runs with "
                    + c.currentGroup() + " again; " + deleteQuietly(client, c.newGroup()));
        }
        return new ParameterGroupResult.Applied(c.newGroup(), true, c.currentGroup(), values(c.before()), c.after(),
                c.changeTypes(), c.affected(), "created " + c.newGroup() + " (family " + c.family() + ")"
                + (c.clusterMode() ? " with cluster-enabled yes" : "") + " and attached it in place of "
                + c.currentGroup() + ". " + rebootNote(c.changeTypes(), c.affected()));
    }

    private ParameterGroupResult reattach(ElastiCacheClient client, Found found, ParameterGroupPlan.Reattach r) {
        try {
            String group = groupOf(found.cache());
            if (!group.equals(r.currentGroup())) {
                return stale(r.cache() + " now runs with parameter group " + group + ", not " + r.currentGroup());
            }
        } catch (ChangeRefusedException e) {
            return new ParameterGroupResult.Failed(e.getMessage() + "; nothing was changed", List.of());
        }
        try {
            attach(client, r.replicationGroup(), r.cache().cacheId(), r.previousGroup());
        } catch (AwsCallException e) {
            return new ParameterGroupResult.Failed(e.getMessage() + "; nothing was changed", List.of());
        }
        Optional<String> wrong = attachedElsewhere(r.cache(), r.previousGroup());
        if (wrong.isPresent()) {
            return new ParameterGroupResult.Failed("verification failed: " + wrong.get(), List.of(r.cache().cacheId()));
        }
        Map<TunableParameter, Long> verified;
        try {
            String family = new ParameterGroupReader(client).family(r.previousGroup());
            ParameterGroupReader reader = new ParameterGroupReader(client);
            Map<String, CacheParameter> values = ParameterGroupSettings.isDefaultName(r.previousGroup())
                    ? reader.engineDefaults(family) : reader.parameters(r.previousGroup());
            verified = values(current(values, r.parameters(), r.previousGroup()));
        } catch (AwsCallException | ChangeRefusedException e) {
            verified = r.after();
        }
        String note = usersOf(r.currentGroup(), find(client, r.cache())).isEmpty()
                ? deleteQuietly(client, r.currentGroup()) : r.currentGroup() + " is kept: other caches use it";
        return new ParameterGroupResult.Applied(r.previousGroup(), false, r.currentGroup(), values(r.before()), verified,
                r.changeTypes(), r.affected(), note);
    }

    private RegionInventory find(ElastiCacheClient client, CacheName name) {
        return new ElastiCacheDiscovery(client, name.location()).discover();
    }

    /** Why the cache's nodes do not all run with {@code group} now, or empty when they do. */
    private Optional<String> attachedElsewhere(CacheName name, String group) {
        Found now;
        try {
            now = find(name);
        } catch (ChangeRefusedException e) {
            return Optional.of("cannot read " + name + " back: " + e.getMessage());
        }
        List<String> elsewhere = now.cache().nodes().stream().filter(n -> !group.equals(n.parameterGroup()))
                .map(n -> n.id() + " runs with " + n.parameterGroup()).toList();
        return elsewhere.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", elsewhere));
    }

    private ParameterGroupResult deleteCreated(ElastiCacheClient client, String group, String failure) {
        return new ParameterGroupResult.RolledBack("parameter group " + group, failure, deleteQuietly(client, group));
    }

    /** Deletes a group Ghostwatch created; says what happened (a failure here leaves an unused group, no harm). */
    private static String deleteQuietly(ElastiCacheClient client, String group) {
        try {
            AwsCall.run(AwsAction.DELETE_CACHE_PARAMETER_GROUP, () -> client.deleteCacheParameterGroup(
                    r -> r.cacheParameterGroupName(group)));
            return "deleted parameter group " + group + ", which Ghostwatch had created";
        } catch (AwsCallException e) {
            return "parameter group " + group + " (created by Ghostwatch, unused now) could not be deleted: "
                    + e.getMessage();
        }
    }

    private static void attach(ElastiCacheClient client, boolean replicationGroup, String cacheId, String group) {
        if (replicationGroup) {
            AwsCall.run(AwsAction.MODIFY_REPLICATION_GROUP, () -> client.modifyReplicationGroup(r -> r
                    .replicationGroupId(cacheId).cacheParameterGroupName(group).applyImmediately(true)));
        } else {
            AwsCall.run(AwsAction.MODIFY_CACHE_CLUSTER, () -> client.modifyCacheCluster(r -> r
                    .cacheClusterId(cacheId).cacheParameterGroupName(group).applyImmediately(true)));
        }
    }

    /** Sets {@code values} (those in {@code reset} by ResetCacheParameterGroup), plus cluster-enabled when asked. */
    private static void set(ElastiCacheClient client, String group, Map<TunableParameter, Long> values,
                            Set<TunableParameter> reset, boolean clusterEnabled) {
        List<ParameterNameValue> modify = new ArrayList<>();
        if (clusterEnabled) {
            modify.add(ParameterNameValue.builder().parameterName("cluster-enabled").parameterValue("yes").build());
        }
        values.forEach((p, v) -> {
            if (!reset.contains(p)) {
                modify.add(ParameterNameValue.builder().parameterName(p.redisName()).parameterValue(Long.toString(v)).build());
            }
        });
        if (!modify.isEmpty()) {
            AwsCall.run(AwsAction.MODIFY_CACHE_PARAMETER_GROUP, () -> client.modifyCacheParameterGroup(r -> r
                    .cacheParameterGroupName(group).parameterNameValues(modify)));
        }
        if (!reset.isEmpty()) {
            AwsCall.run(AwsAction.RESET_CACHE_PARAMETER_GROUP, () -> client.resetCacheParameterGroup(r -> r
                    .cacheParameterGroupName(group).resetAllParameters(false).parameterNameValues(reset.stream()
                            .map(p -> ParameterNameValue.builder().parameterName(p.redisName()).build()).toList())));
        }
    }

    private static Map<TunableParameter, Long> read(ParameterGroupReader reader, String group,
                                                   Set<TunableParameter> parameters) throws ChangeRefusedException {
        return values(current(reader.parameters(group), parameters, group));
    }

    private static Map<TunableParameter, Long> values(Map<TunableParameter, ParameterValue> values) {
        Map<TunableParameter, Long> out = new EnumMap<>(TunableParameter.class);
        values.forEach((p, v) -> out.put(p, v.value()));
        return out;
    }

    private static ParameterGroupResult stale(String what) {
        return new ParameterGroupResult.Failed("stale: " + what + " since it was approved; nothing was changed."
                + " Propose it again to approve the values as they are now", List.of());
    }

    private static String rebootNote(Map<TunableParameter, String> changeTypes, List<String> affected) {
        List<String> reboot = changeTypes.entrySet().stream().filter(e -> !"immediate".equals(e.getValue()))
                .map(e -> e.getKey().redisName()).toList();
        return reboot.isEmpty() ? "Every parameter is immediate: running nodes apply it without a reboot."
                : String.join(", ", reboot) + " take(s) effect only when the nodes of " + String.join(", ", affected)
                + " are rebooted.";
    }

    private static String render(Map<TunableParameter, ParameterValue> values) {
        return values.entrySet().stream().map(e -> e.getKey().redisName() + "=" + e.getValue().value() + " ("
                + e.getValue().source() + ")").collect(Collectors.joining(" "));
    }
}
