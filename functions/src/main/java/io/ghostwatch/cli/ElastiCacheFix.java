package io.ghostwatch.cli;

import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ElastiCacheConfig;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.elasticache.ParameterGroupChangeEngine;
import io.ghostwatch.core.elasticache.ParameterGroupPlan;
import io.ghostwatch.core.elasticache.ParameterGroupResult;
import io.ghostwatch.core.fix.ChangeRefusedException;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.render.SafeText;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** {@code ghostwatch fix} on an ElastiCache cache: the parameter-group plan, step by step, and with --yes its result. */
final class ElastiCacheFix {

    private final Cli cli;
    private final Policy policy;

    ElastiCacheFix(Cli cli, Policy policy) {
        this.cli = cli;
        this.policy = policy;
    }

    /** Same exit codes as the command: 0 applied (or plan shown), 1 failed and put back, 2 refused, 4 left changed. */
    int run(ElastiCacheConfig config, CacheName cache, List<ParameterChange> changes, boolean planOnly, boolean dryRun) {
        PrintWriter out = cli.out();
        try (AwsClients aws = AwsClients.create(cli.aws())) {
            ParameterGroupChangeEngine engine = new ParameterGroupChangeEngine(config, aws, policy);
            ParameterGroupPlan plan;
            try {
                plan = engine.plan(cache, changes);
            } catch (ChangeRefusedException e) {
                cli.err().println("ghostwatch fix: refused, nothing changed: " + SafeText.terminal(e.getMessage()));
                return 2;
            }
            printPlan(out, plan);
            if (planOnly) {
                out.println(dryRun ? "Dry run: nothing changed." : "Nothing changed: re-run with --yes to apply this plan.");
                return 0;
            }
            if (plan.noOp()) {
                out.println(cache + " already runs with these values: nothing to do.");
                return 0;
            }
            return switch (engine.apply(plan)) {
                case ParameterGroupResult.Applied a -> {
                    out.println("Applied and verified in parameter group " + SafeText.terminal(a.group()) + ": "
                            + a.before().keySet().stream().map(p -> p.redisName() + " " + a.before().get(p) + " -> "
                            + a.verified().get(p)).collect(Collectors.joining(", ")));
                    out.println(SafeText.terminal(a.note()));
                    yield 0;
                }
                case ParameterGroupResult.RolledBack r -> {
                    out.println("FAILED at " + SafeText.terminal(r.failedAt()) + ": " + SafeText.terminal(r.failure()));
                    out.println("Put back: " + SafeText.terminal(r.restored()));
                    yield 1;
                }
                case ParameterGroupResult.Failed f -> {
                    out.println("FAILED: " + SafeText.terminal(f.error()));
                    if (f.leftChanged().isEmpty()) {
                        yield 1;
                    }
                    out.println("These may still hold the new values, check them by hand: "
                            + SafeText.terminal(String.join(", ", f.leftChanged())));
                    yield 4;
                }
            };
        }
    }

    private static void printPlan(PrintWriter out, ParameterGroupPlan plan) {
        String values = plan.after().keySet().stream().map(p -> p.redisName() + " " + plan.before().get(p).value()
                + " (" + plan.before().get(p).source() + ") -> " + plan.after().get(p) + " ("
                + plan.changeTypes().get(p) + ")").collect(Collectors.joining(", "));
        out.println("Plan for " + SafeText.terminal(plan.cache().value()) + ":");
        switch (plan) {
            case ParameterGroupPlan.ModifyGroup m -> {
                out.println("  1. set " + values + " in custom parameter group " + SafeText.terminal(m.group())
                        + " (" + SafeText.terminal(m.family()) + ")");
                out.println("     it reaches every cache using the group: " + m.affected().size() + " ("
                        + SafeText.terminal(String.join(", ", m.affected())) + ")");
                out.println("  2. read the group back to verify; on a mismatch, put the old values back");
            }
            case ParameterGroupPlan.CreateAndAttach c -> {
                out.println("  " + SafeText.terminal(c.cache().cacheId()) + " runs with the default group "
                        + SafeText.terminal(c.currentGroup()) + ", which cannot be modified:");
                out.println("  1. create parameter group " + SafeText.terminal(c.newGroup()) + " in family "
                        + SafeText.terminal(c.family()));
                out.println("  2. set " + values + (c.clusterMode() ? " and cluster-enabled yes" : "") + " in it,"
                        + " and read it back");
                out.println("  3. attach it to " + SafeText.terminal(c.cache().cacheId()) + " ("
                        + (c.replicationGroup() ? "ModifyReplicationGroup" : "ModifyCacheCluster") + ", ApplyImmediately);"
                        + " only this cache changes");
                out.println("  If a step fails, the new group is deleted (and the old one attached again).");
            }
            case ParameterGroupPlan.Reattach r -> out.println("  attach " + SafeText.terminal(r.previousGroup())
                    + " again in place of " + SafeText.terminal(r.currentGroup()) + ": " + values);
        }
    }
}
