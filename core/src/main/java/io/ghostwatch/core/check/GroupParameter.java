package io.ghostwatch.core.check;

import io.ghostwatch.core.elasticache.CacheParameter;
import io.ghostwatch.core.elasticache.ParameterGroupSettings;
import io.ghostwatch.core.elasticache.ServerlessCache;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.redis.Readout;
import java.util.OptionalLong;

/**
 * A whole-number parameter of an ElastiCache cache's parameter group, as a check reads it: the value with where it
 * comes from, or the finding that says why it cannot be judged (a serverless cache has no such setting; the group or
 * the parameter could not be read).
 */
sealed interface GroupParameter {

    record Found(ParameterGroupSettings group, CacheParameter parameter, long value) implements GroupParameter {
        /** The facts behind a verdict: the group, its kind, the parameter's source and ChangeType. */
        Evidence evidence() {
            return Evidence.of(parameter.name(), value).and("parameter_group", group.name())
                    .and("group_kind", group.kindLabel()).and("family", group.family())
                    .and("source", parameter.source()).and("change_type", parameter.changeType())
                    .and("modifiable", parameter.modifiable()).and("read_with", group.readWith())
                    .and("used_by", group.usedBy().size() + " cache(s): " + String.join(", ", group.usedBy()));
        }

        /** Where the value was read, as a verdict says it: {@code parameter group orders-params (custom)}. */
        String where() {
            return "parameter group " + group.name() + " (" + group.kindLabel() + ")";
        }
    }

    record NotJudged(Finding finding) implements GroupParameter {
    }

    static GroupParameter read(ElastiCacheContext ctx, String checkId, String name, String serverlessReason) {
        if (ctx.cache() instanceof ServerlessCache) {
            return new NotJudged(Finding.notApplicable(checkId, ctx.node(), ctx.whoStarts() + " has no " + name
                    + " setting: " + serverlessReason));
        }
        return switch (ctx.snapshot().parameterGroup()) {
            case Readout.Unreadable<ParameterGroupSettings>(String reason) -> new NotJudged(Finding.error(checkId,
                    ctx.node(), "Cannot read " + name + " of " + ctx.who() + ": " + reason + ".",
                    Evidence.of(name, "unreadable").map()));
            case Readout.Known<ParameterGroupSettings>(ParameterGroupSettings group) -> {
                CacheParameter p = group.parameter(name).orElse(null);
                OptionalLong value = p == null ? OptionalLong.empty() : p.longValue();
                if (value.isEmpty()) {
                    yield new NotJudged(Finding.error(checkId, ctx.node(), "Cannot judge " + name + " of " + ctx.who()
                            + ": parameter group " + group.name() + " " + (p == null ? "has no " + name + " parameter"
                            : p.value() == null ? "does not set it" : "gives it the value '" + p.value()
                            + "', not a whole number") + ".",
                            Evidence.of("parameter_group", group.name()).and("read_with", group.readWith()).map()));
                } else {
                    yield new Found(group, p, value.getAsLong());
                }
            }
        };
    }
}
