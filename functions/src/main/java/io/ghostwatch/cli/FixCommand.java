package io.ghostwatch.cli;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ElastiCacheConfig;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.fix.ChangePlan;
import io.ghostwatch.core.fix.ChangeRefusedException;
import io.ghostwatch.core.fix.ChangeResult;
import io.ghostwatch.core.fix.ConfigChangeEngine;
import io.ghostwatch.core.fix.NodeChange;
import io.ghostwatch.core.fix.NodeOutcome;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.render.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fix", description = {
        "Change timeout / tcp-keepalive on every node of one target: CONFIG SET, CONFIG REWRITE where the server",
        "has a config file, verify with CONFIG GET, and roll back the nodes already changed if a later one fails.",
        "On an ElastiCache cache (--target <account>/<region>/<cache id>): set them in its custom parameter group",
        "(every cache using the group gets them), or create a custom group and attach it in place of a default one.",
        "Without --yes it only shows the plan."},
        footerHeading = "%nExit codes:%n", footer = {
                "  0  applied and verified (or, without --yes / with --dry-run, the plan was shown)",
                "  1  a node (or parameter group step) failed; everything already changed was restored",
                "  2  bad usage, or refused before anything changed (the message says why)",
                "  4  a node failed AND restoring failed: the nodes listed still hold the new values"})
final class FixCommand implements Callable<Integer> {

    @Mixin
    TargetOptions targets;

    @Option(names = "--set", paramLabel = "PARAM=SECONDS", required = true,
            description = "timeout=N or tcp-keepalive=N, within the policy's range (repeatable)")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--dry-run", description = "show the plan and change nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "apply the plan (without it, only the plan is shown)")
    boolean yes;

    @Mixin
    ElastiCacheOptions elasticache;

    private final Cli cli;

    FixCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        GhostwatchConfig config = targets.loadConfig(cli.environment());
        Policy policy = targets.policy(config);
        if (targets.targets.size() != 1) {
            throw new ConfigException("fix works on exactly one --target (a URI or a configured name); got "
                    + targets.targets.size());
        }
        List<ParameterChange> changes = new ArrayList<>();
        for (String a : assignments) {
            try {
                ParameterChange c = ParameterChange.parse(a, policy);
                if (changes.stream().anyMatch(x -> x.parameter() == c.parameter())) {
                    throw new IllegalArgumentException(c.parameter().redisName() + " is given twice");
                }
                changes.add(c);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--set: " + e.getMessage());
            }
        }
        List<CacheName> caches = ElastiCacheOptions.caches(targets.targets);
        if (!caches.isEmpty()) {
            ElastiCacheConfig managed = elasticache.resolve(config, cli.environment())
                    .orElseThrow(() -> ElastiCacheOptions.notEnabled(caches.getFirst()));
            return new ElastiCacheFix(cli, policy).run(managed, caches.getFirst(), changes, dryRun || !yes, dryRun);
        }
        TargetSpec target = targets.resolveTargets(config).getFirst();
        // the target's password reference: secret: through Secrets Manager with the SDK's defaults (AWS_ENDPOINT_URL)
        try (Secrets secrets = Secrets.create(cli.environment(), cli.aws())) {
            return fix(target, changes, new ConfigChangeEngine(policy, secrets, cli.clock()));
        }
    }

    private int fix(TargetSpec target, List<ParameterChange> changes, ConfigChangeEngine engine) {
        PrintWriter out = cli.out();
        ChangePlan plan;
        try {
            plan = engine.plan(target, changes);
        } catch (ChangeRefusedException e) {
            cli.err().println("ghostwatch fix: refused, nothing changed: " + SafeText.terminal(e.getMessage()));
            return 2;
        }
        printPlan(out, plan);
        if (dryRun || !yes) {
            out.println(dryRun ? "Dry run: nothing changed." : "Nothing changed: re-run with --yes to apply this plan.");
            return 0;
        }
        if (plan.noOp()) {
            out.println("Every node already has these values: nothing to do.");
            return 0;
        }
        ChangeResult result = engine.apply(plan);
        return switch (result) {
            case ChangeResult.Applied applied -> {
                out.println("Applied and verified on " + applied.nodes().size() + " node(s):");
                applied.nodes().forEach(n -> out.println("  " + outcome(n)));
                yield 0;
            }
            case ChangeResult.RolledBack rb -> {
                out.println("FAILED on " + rb.failedNode() + ": " + SafeText.terminal(rb.failure()));
                out.println("Rolled back " + rb.restored().size() + " node(s) to their previous values:");
                rb.restored().forEach(n -> out.println("  " + outcome(n)));
                yield 1;
            }
            case ChangeResult.RollbackFailed rf -> {
                out.println("FAILED on " + rf.failedNode() + ": " + SafeText.terminal(rf.failure()));
                out.println("ROLLBACK FAILED: " + SafeText.terminal(rf.rollbackFailure()));
                out.println("These nodes may still hold the new values, check them by hand: "
                        + rf.leftChanged().stream().map(Object::toString).collect(Collectors.joining(", ")));
                yield 4;
            }
        };
    }

    private static void printPlan(PrintWriter out, ChangePlan plan) {
        out.println("Plan for " + SafeText.terminal(plan.target().name()) + " (" + plan.target().uri() + "), "
                + plan.nodes().size() + " node(s):");
        for (NodeChange n : plan.nodes()) {
            out.println("  " + String.format("%-22s %-8s", n.node(), n.role().label()) + " "
                    + values(n.before(), n.after())
                    + (n.configFile() != null ? "   persists to " + SafeText.terminal(n.configFile())
                    : "   no config file: live only, lost on restart"));
        }
        out.println("Per node: " + plan.changes().stream().map(ParameterChange::command).collect(Collectors.joining("; "))
                + "; CONFIG REWRITE; CONFIG GET to verify. A failure restores the nodes already changed.");
    }

    private static String values(Map<TunableParameter, Long> before, Map<TunableParameter, Long> after) {
        return after.keySet().stream().map(p -> p.redisName() + " " + before.get(p) + " -> " + after.get(p))
                .collect(Collectors.joining(", "));
    }

    private static String outcome(NodeOutcome n) {
        String values = n.verified().entrySet().stream().map(e -> e.getKey().redisName() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        String persisted = switch (n.persistence()) {
            case NodeOutcome.Persistence.Persisted p -> "persisted to " + SafeText.terminal(p.configFile());
            case NodeOutcome.Persistence.NotPersisted np -> "NOT persisted: " + SafeText.terminal(np.reason());
        };
        return String.format("%-22s", n.node()) + " " + values + " (verified)  " + persisted;
    }
}
