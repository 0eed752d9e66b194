package io.ghostwatch.cli;

import io.ghostwatch.core.config.ConfigException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ghostwatch} command: {@code audit}, {@code fix}, {@code checks}. */
@Command(name = "ghostwatch", mixinStandardHelpOptions = true, version = "ghostwatch 0.1.0",
        description = "Finds Redis servers that let ghost connections pile up or are open to the network, and fixes them.",
        subcommands = CommandLine.HelpCommand.class)
public final class GhostwatchCli {

    private GhostwatchCli() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        var console = System.console();
        boolean interactive = console != null && console.isTerminal();
        int code = run(args, new Cli(System.getenv(), Clock.systemUTC(), out, err, interactive));
        out.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. */
    static int run(String[] args, Cli cli) {
        CommandLine cmd = new CommandLine(new GhostwatchCli());
        cmd.addSubcommand(new AuditCommand(cli));
        cmd.addSubcommand(new FixCommand(cli));
        cmd.addSubcommand(new TrendCommand(cli));
        cmd.addSubcommand(new ChecksCommand(cli));
        cmd.setOut(cli.out());
        cmd.setErr(cli.err());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cli.err().println("ghostwatch " + commandLine.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int code = cmd.execute(args);
        cli.out().flush();
        return code;
    }
}
