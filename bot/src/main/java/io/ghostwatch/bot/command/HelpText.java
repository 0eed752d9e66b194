package io.ghostwatch.bot.command;

import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.slack.SlackText;
import java.util.stream.Collectors;

/** The answer to {@code /ghostwatch help}: every form, what it does, the ranges this config allows, the targets. */
public final class HelpText {

    private HelpText() {
    }

    public static String mrkdwn(CommandParser parser) {
        Policy policy = parser.policy();
        String timeout = TunableParameter.TIMEOUT.range(policy);
        String keepalive = TunableParameter.TCP_KEEPALIVE.range(policy);
        String text = "*/ghostwatch* audits the Redis servers in its config and fixes ghost connections, with approval.\n"
                + line(CommandParser.HELP, "this text")
                + line(CommandParser.AUDIT, "audit one target, or every target, now")
                + line(CommandParser.STATUS, "the target's open findings")
                + line(CommandParser.FIX, "propose setting timeout (" + timeout + ") and tcp-keepalive ("
                        + keepalive + "); nothing changes until someone approves")
                + line(CommandParser.FIX_KILL_IDLE, "propose a one-off CLIENT KILL of clients idle longer than this ("
                        + timeout + "), after approval")
                + line(CommandParser.ROLLBACK, "propose undoing an applied change")
                + line(CommandParser.CHANGES, "recent changes, of one target or all")
                + "Targets: " + (parser.targets().isEmpty() ? "none configured"
                        : parser.targets().stream().map(SlackText::code).collect(Collectors.joining(", ")));
        return SlackText.fit(text, SlackText.SECTION_LIMIT);
    }

    private static String line(String form, String what) {
        return "\u2022 " + SlackText.code(form) + " \u2014 " + SlackText.text(what) + "\n";
    }
}
