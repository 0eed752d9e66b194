package io.ghostwatch.core.fix;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One step of a fix plan. Ghostwatch itself only ever performs {@link SetParameter} and {@link PersistConfig} on a
 * self-hosted server, and the parameter-group steps on ElastiCache ({@link ModifyParameterGroup},
 * {@link CreateParameterGroup}, {@link AttachParameterGroup}), each after a second person approved it;
 * {@link ManualStep}s are instructions for a person (passwords, bind addresses, capacity, security groups).
 */
public sealed interface FixStep {

    /** The exact command or action, as an operator would type it. */
    String command();

    /** What the step does and why. */
    String explanation();

    record SetParameter(ParameterChange change, String explanation) implements FixStep {
        @Override
        public String command() {
            return change.command();
        }
    }

    record PersistConfig(String explanation) implements FixStep {
        @Override
        public String command() {
            return "CONFIG REWRITE";
        }
    }

    record ManualStep(String command, String explanation) implements FixStep {
    }

    /**
     * Sets allow-listed parameters in a custom cache parameter group; every cache that uses the group gets them.
     *
     * @param clusterEnabled also sets {@code cluster-enabled yes}: only for a group just created for a cache with
     *                       cluster mode, whose default group had it (a new group starts with {@code no})
     */
    record ModifyParameterGroup(String region, String group, List<ParameterChange> changes, boolean clusterEnabled,
                                String explanation) implements FixStep {
        public ModifyParameterGroup {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(group, "group");
            changes = List.copyOf(changes);
        }

        @Override
        public String command() {
            String values = changes.stream().map(c -> "ParameterName=" + c.parameter().redisName() + ",ParameterValue="
                    + c.value()).collect(Collectors.joining(" "));
            return "aws elasticache modify-cache-parameter-group --region " + region + " --cache-parameter-group-name "
                    + group + " --parameter-name-values " + (clusterEnabled ? "ParameterName=cluster-enabled,"
                    + "ParameterValue=yes " : "") + values;
        }
    }

    /** Creates a custom cache parameter group in a family (it starts with the family's engine defaults). */
    record CreateParameterGroup(String region, String group, String family, String description, String explanation)
            implements FixStep {
        public CreateParameterGroup {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(family, "family");
        }

        @Override
        public String command() {
            return "aws elasticache create-cache-parameter-group --region " + region + " --cache-parameter-group-name "
                    + group + " --cache-parameter-group-family " + family + " --description '" + description + "'";
        }
    }

    /**
     * Makes a node-based cache run with another parameter group, at once: ModifyReplicationGroup (or ModifyCacheCluster
     * for a cache cluster outside any replication group) with ApplyImmediately.
     */
    record AttachParameterGroup(String region, boolean replicationGroup, String cacheId, String group,
                                String explanation) implements FixStep {
        public AttachParameterGroup {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(cacheId, "cacheId");
            Objects.requireNonNull(group, "group");
        }

        @Override
        public String command() {
            return replicationGroup
                    ? "aws elasticache modify-replication-group --region " + region + " --replication-group-id " + cacheId
                    + " --cache-parameter-group-name " + group + " --apply-immediately"
                    : "aws elasticache modify-cache-cluster --region " + region + " --cache-cluster-id " + cacheId
                    + " --cache-parameter-group-name " + group + " --apply-immediately";
        }
    }
}
