package io.ghostwatch.core.elasticache;

import io.ghostwatch.core.fix.TunableParameter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a change to an ElastiCache cache's {@code timeout} / {@code tcp-keepalive} will do, with the values read when
 * it was planned. Exhaustive: the engine, the store and the approval message switch over it.
 */
public sealed interface ParameterGroupPlan {

    /** The cache the change is for. */
    CacheName cache();

    /** The values the cache runs with now, per parameter. */
    Map<TunableParameter, ParameterValue> before();

    /** The values it will run with after, per parameter. */
    Map<TunableParameter, Long> after();

    /** Every cache the change reaches (the group's users for an in-place change; the cache itself otherwise). */
    List<String> affected();

    /** ChangeType per parameter as the group reports it: {@code immediate} or {@code requires-reboot}. */
    Map<TunableParameter, String> changeTypes();

    /** A line for Slack and the CLI. */
    String describe();

    /** The parameters changed, in allow-list order. */
    default Set<TunableParameter> parameters() {
        return after().keySet();
    }

    /** Whether the cache already runs with every value the plan sets: applying it would change nothing. */
    default boolean noOp() {
        return before().entrySet().stream().allMatch(e -> Long.valueOf(e.getValue().value()).equals(after().get(
                e.getKey())));
    }

    /**
     * Sets parameters in the custom group the cache runs with, in place. {@code reset} lists the parameters put back to
     * the family default with ResetCacheParameterGroup (a rollback of a value that was the default before).
     */
    record ModifyGroup(CacheName cache, String group, String family, Map<TunableParameter, ParameterValue> before,
                       Map<TunableParameter, Long> after, Set<TunableParameter> reset,
                       Map<TunableParameter, String> changeTypes, List<String> affected) implements ParameterGroupPlan {
        public ModifyGroup {
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(group, "group");
            if (ParameterGroupSettings.isDefaultName(group)) {
                throw new IllegalArgumentException(group + " is a default parameter group: it cannot be modified");
            }
            before = copy(before);
            after = copy(after);
            reset = reset.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(reset));
            changeTypes = copy(changeTypes);
            affected = List.copyOf(affected);
            checkSameParameters(before, after);
        }

        @Override
        public String describe() {
            return "set " + values(after) + " in parameter group " + group + " (used by " + affected.size() + " cache(s))";
        }
    }

    /**
     * The cache runs with a default group, which cannot be modified: create {@code newGroup} in the same family with the
     * values (and {@code cluster-enabled yes} for a cluster-mode cache), then attach it to the cache.
     */
    record CreateAndAttach(CacheName cache, boolean replicationGroup, boolean clusterMode, String currentGroup,
                           String newGroup, String family, Map<TunableParameter, ParameterValue> before,
                           Map<TunableParameter, Long> after, Map<TunableParameter, String> changeTypes)
            implements ParameterGroupPlan {
        public CreateAndAttach {
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(currentGroup, "currentGroup");
            Objects.requireNonNull(newGroup, "newGroup");
            Objects.requireNonNull(family, "family");
            before = copy(before);
            after = copy(after);
            changeTypes = copy(changeTypes);
            checkSameParameters(before, after);
        }

        @Override
        public List<String> affected() {
            return List.of(cache.cacheId());
        }

        @Override
        public String describe() {
            return "create parameter group " + newGroup + " (" + family + ") with " + values(after) + " and attach it to "
                    + cache.cacheId() + " in place of " + currentGroup;
        }
    }

    /**
     * Undoes a {@link CreateAndAttach}: attach {@code previousGroup} again in place of {@code currentGroup} (the group
     * Ghostwatch created), then delete {@code currentGroup} when no other cache uses it.
     */
    record Reattach(CacheName cache, boolean replicationGroup, String currentGroup, String previousGroup,
                    Map<TunableParameter, ParameterValue> before, Map<TunableParameter, Long> after,
                    Map<TunableParameter, String> changeTypes) implements ParameterGroupPlan {
        public Reattach {
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(currentGroup, "currentGroup");
            Objects.requireNonNull(previousGroup, "previousGroup");
            before = copy(before);
            after = copy(after);
            changeTypes = copy(changeTypes);
            checkSameParameters(before, after);
        }

        @Override
        public List<String> affected() {
            return List.of(cache.cacheId());
        }

        @Override
        public String describe() {
            return "attach parameter group " + previousGroup + " to " + cache.cacheId() + " again in place of "
                    + currentGroup + " (" + values(after) + ")";
        }
    }

    private static <V> Map<TunableParameter, V> copy(Map<TunableParameter, V> values) {
        Objects.requireNonNull(values, "values");
        return values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(values));
    }

    private static void checkSameParameters(Map<TunableParameter, ?> before, Map<TunableParameter, Long> after) {
        if (after.isEmpty()) {
            throw new IllegalArgumentException("a parameter group change sets at least one parameter ("
                    + TunableParameter.validNames() + ")");
        }
        if (!before.keySet().equals(after.keySet())) {
            throw new IllegalArgumentException("values before (" + before.keySet() + ") and after (" + after.keySet()
                    + ") must name the same parameters");
        }
    }

    /** {@code timeout=86400 tcp-keepalive=300}. */
    static String values(Map<TunableParameter, Long> values) {
        return values.entrySet().stream().map(e -> e.getKey().redisName() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
