package io.ghostwatch.cli;

import io.ghostwatch.core.check.CheckMetadata;
import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.check.CheckCatalogue;
import io.ghostwatch.core.policy.PolicyKey;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "checks", description = "List every check (ID, worst severity, risk, fix, the Redis commands and AWS"
        + " actions it needs) and the policy keys.")
final class ChecksCommand implements Callable<Integer> {
    private final Cli cli;

    ChecksCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        PrintWriter out = cli.out();
        for (CheckMetadata m : CheckCatalogue.all()) {
            out.println(m.id() + "  (up to " + m.maxSeverity() + ")  " + m.title());
            out.println("  risk: " + m.risk());
            out.println("  fix:  " + m.remediation());
            if (!m.redisCommands().isEmpty()) {
                out.println("  reads: " + String.join(", ", m.redisCommands()));
            }
            if (!m.awsActions().isEmpty()) {
                out.println("  AWS actions: " + m.awsActions().stream().map(AwsAction::iamName)
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
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
