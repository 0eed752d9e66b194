package io.ghostwatch.cli;

import io.ghostwatch.core.check.CheckMetadata;
import io.ghostwatch.core.check.RedisCheck;
import io.ghostwatch.core.check.RedisChecks;
import io.ghostwatch.core.policy.PolicyKey;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "checks", description = "List every check (ID, worst severity, risk, fix, Redis commands it needs) and the policy keys.")
final class ChecksCommand implements Callable<Integer> {
    private final Cli cli;

    ChecksCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        PrintWriter out = cli.out();
        for (RedisCheck check : RedisChecks.all()) {
            CheckMetadata m = check.metadata();
            out.println(m.id() + "  (up to " + m.maxSeverity() + ")  " + m.title());
            out.println("  risk: " + m.risk());
            out.println("  fix:  " + m.remediation());
            out.println("  reads: " + String.join(", ", m.redisCommands()));
        }
        out.println();
        out.println("Policy keys (--policy key=value, or policy: in the config file):");
        for (PolicyKey k : PolicyKey.values()) {
            out.println(String.format("  %-28s default %-9d range %d..%d  %s", k.key(), k.defaultValue(), k.min(),
                    k.max(), k.description()));
        }
        return 0;
    }
}
