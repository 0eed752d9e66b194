package io.ghostwatch.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

    private static final CommandParser PARSER = new CommandParser(List.of("web", "cache", "orders_pool"), Policy.defaults());

    private static ParameterChange timeout(long s) {
        return new ParameterChange(TunableParameter.TIMEOUT, s);
    }

    private static ParameterChange keepalive(long s) {
        return new ParameterChange(TunableParameter.TCP_KEEPALIVE, s);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("", new BotCommand.Help()),
                arguments("   ", new BotCommand.Help()),
                arguments("help", new BotCommand.Help()),
                arguments("HELP", new BotCommand.Help()),
                arguments("audit web", new BotCommand.Audit("web")),
                arguments("  audit \t cache  ", new BotCommand.Audit("cache")),
                arguments("audit all", new BotCommand.AuditAll()),
                arguments("audit ALL", new BotCommand.AuditAll()),
                arguments("status orders_pool", new BotCommand.Status("orders_pool")),
                arguments("fix web timeout=86400", new BotCommand.Fix("web", List.of(timeout(86400)))),
                arguments("fix web timeout=300", new BotCommand.Fix("web", List.of(timeout(300)))),
                arguments("fix web timeout=604800", new BotCommand.Fix("web", List.of(timeout(604800)))),
                arguments("fix web timeout=86400 tcp-keepalive=300",
                        new BotCommand.Fix("web", List.of(timeout(86400), keepalive(300)))),
                arguments("fix web tcp-keepalive=60 timeout=7200",
                        new BotCommand.Fix("web", List.of(timeout(7200), keepalive(60)))),
                arguments("fix web TIMEOUT=7200", new BotCommand.Fix("web", List.of(timeout(7200)))),
                arguments("fix cache kill-idle=86400", new BotCommand.KillIdle("cache", 86400)),
                arguments("fix cache kill-idle=300", new BotCommand.KillIdle("cache", 300)),
                arguments("rollback chg-20261121-0001", new BotCommand.Rollback("chg-20261121-0001")),
                arguments("changes", new BotCommand.Changes()),
                arguments("changes web", new BotCommand.TargetChanges("web")));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("valid")
    void parses(String text, BotCommand expected) throws CommandError {
        assertThat(PARSER.parse(text)).isEqualTo(expected);
    }

    /** text, the bad part the error must name (empty: something missing), words the problem must contain, valid form. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("hello", "hello", "is not a subcommand", "audit <target>|all"),
                arguments("config set dir /tmp", "config", "is not a subcommand", "help"),
                arguments("help me", "me", "one word too many", "help"),
                arguments("audit", "", "audit needs a target, or all (valid: web, cache, orders_pool)", "audit <target>|all"),
                arguments("audit db", "db", "is not a target in the config (valid: web, cache, orders_pool)", "audit <target>|all"),
                arguments("audit Web", "Web", "is not a target", "audit <target>|all"),
                arguments("audit web cache", "cache", "one word too many", "audit <target>|all"),
                arguments("status", "", "status needs a target", "status <target>"),
                arguments("status nope", "nope", "is not a target", "status <target>"),
                arguments("fix", "", "fix needs a target", CommandParser.FIX),
                arguments("fix nope timeout=300", "nope", "is not a target", CommandParser.FIX),
                arguments("fix web", "", "fix web names no parameter", CommandParser.FIX),
                arguments("fix web timeout=abc", "timeout=abc", "is not a whole number of seconds (valid: 300..604800",
                        CommandParser.FIX),
                arguments("fix web timeout=-5", "timeout=-5", "is not a whole number of seconds", CommandParser.FIX),
                arguments("fix web timeout=+300", "timeout=+300", "is not a whole number of seconds", CommandParser.FIX),
                arguments("fix web timeout=3e5", "timeout=3e5", "is not a whole number of seconds", CommandParser.FIX),
                arguments("fix web timeout=99999999999999999999", "timeout=99999999999999999999",
                        "is not a whole number of seconds", CommandParser.FIX),
                arguments("fix web timeout=0", "timeout=0", "is outside the allowed range 300..604800 (policy "
                        + "minTimeoutSeconds..maxTimeoutSeconds)", CommandParser.FIX),
                arguments("fix web timeout=299", "timeout=299", "is outside the allowed range", CommandParser.FIX),
                arguments("fix web timeout=604801", "timeout=604801", "is outside the allowed range", CommandParser.FIX),
                arguments("fix web timeout=86400 tcp-keepalive=0", "tcp-keepalive=0",
                        "is outside the allowed range 60..300 (policy minKeepaliveSeconds..maxKeepaliveSeconds)",
                        CommandParser.FIX),
                arguments("fix web timeout=86400 tcp-keepalive=301", "tcp-keepalive=301", "outside the allowed range",
                        CommandParser.FIX),
                arguments("fix web tcp-keepalive=300", "", "fix web needs timeout=<seconds>", CommandParser.FIX),
                arguments("fix web dir=/tmp", "dir", "is not a parameter Ghostwatch changes (valid: timeout,"
                        + " tcp-keepalive, or kill-idle alone)", CommandParser.FIX),
                arguments("fix web timeout=300 dbfilename=x.rdb", "dbfilename", "is not a parameter", CommandParser.FIX),
                arguments("fix web maxclients=100000", "maxclients", "is not a parameter", CommandParser.FIX),
                arguments("fix web timeout", "timeout", "is not parameter=value", CommandParser.FIX),
                arguments("fix web timeout=", "timeout=", "is not parameter=value", CommandParser.FIX),
                arguments("fix web =300", "=300", "is not parameter=value", CommandParser.FIX),
                arguments("fix web timeout=300 timeout=400", "timeout=400", "sets timeout a second time", CommandParser.FIX),
                arguments("fix web timeout=300 TIMEOUT=400", "TIMEOUT=400", "sets timeout a second time", CommandParser.FIX),
                arguments("fix web kill-idle=300 kill-idle=400", "kill-idle=400", "sets kill-idle a second time",
                        CommandParser.FIX_KILL_IDLE),
                arguments("fix web timeout=300 kill-idle=400", "kill-idle=400", "cannot be combined with timeout=300",
                        CommandParser.FIX_KILL_IDLE),
                arguments("fix web kill-idle=400 timeout=300", "timeout=300", "cannot be combined with kill-idle=400",
                        CommandParser.FIX_KILL_IDLE),
                arguments("fix web kill-idle=400 tcp-keepalive=300", "tcp-keepalive=300", "cannot be combined",
                        CommandParser.FIX_KILL_IDLE),
                arguments("fix web kill-idle=10", "kill-idle=10", "is outside the allowed range 300..604800 (the timeout"
                        + " range, policy minTimeoutSeconds..maxTimeoutSeconds)", CommandParser.FIX_KILL_IDLE),
                arguments("fix web kill-idle=abc", "kill-idle=abc", "is not a whole number of seconds",
                        CommandParser.FIX_KILL_IDLE),
                arguments("rollback", "", "rollback needs the ID of the change", "rollback <change-id>"),
                arguments("rollback a;b", "a;b", "is not a change ID", "rollback <change-id>"),
                arguments("rollback chg-1 chg-2", "chg-2", "one word too many", "rollback <change-id>"),
                arguments("changes nope", "nope", "is not a target", "changes [target]"),
                arguments("changes web cache", "cache", "one word too many", "changes [target]"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("malformed")
    void refuses(String text, String part, String problem, String validForm) {
        assertThatThrownBy(() -> PARSER.parse(text))
                .isInstanceOfSatisfying(CommandError.class, e -> {
                    assertThat(e.part()).isEqualTo(part);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.validForms()).contains(validForm);
                    assertThat(e.getMessage()).contains(part).contains(validForm);
                    if (!part.isEmpty()) {
                        assertThat(e.mrkdwn()).contains("`" + part.replace("&", "&amp;").replace("<", "&lt;")
                                .replace(">", "&gt;") + "`");
                    }
                });
    }

    @Test
    void noTextReachesAnyParameterOutsideTheAllowList() throws CommandError {
        // every fix the parser produces names only TunableParameters, within the policy's ranges
        for (String text : List.of("fix web timeout=300 tcp-keepalive=60", "fix web timeout=604800 tcp-keepalive=300")) {
            BotCommand.Fix fix = (BotCommand.Fix) PARSER.parse(text);
            for (ParameterChange c : fix.changes()) {
                assertThat(c.parameter().allows(c.value(), PARSER.policy())).isTrue();
            }
        }
        for (String forbidden : List.of("dir", "dbfilename", "bind", "requirepass", "protected-mode", "save",
                "enable-protected-configs", "rename-command")) {
            assertThatThrownBy(() -> PARSER.parse("fix web timeout=300 " + forbidden + "=x"))
                    .isInstanceOf(CommandError.class).hasMessageContaining(forbidden);
        }
    }

    @Test
    void rangesComeFromThePolicy() throws CommandError {
        Policy tight = Policy.defaults().with(PolicyKey.MIN_TIMEOUT_SECONDS, 3600).with(PolicyKey.MAX_TIMEOUT_SECONDS, 7200);
        CommandParser parser = new CommandParser(List.of("web"), tight);
        assertThat(parser.parse("fix web timeout=7200")).isEqualTo(new BotCommand.Fix("web", List.of(timeout(7200))));
        assertThatThrownBy(() -> parser.parse("fix web timeout=86400"))
                .hasMessageContaining("'timeout=86400' is outside the allowed range 3600..7200");
        assertThatThrownBy(() -> parser.parse("fix web kill-idle=600"))
                .hasMessageContaining("'kill-idle=600' is outside the allowed range 3600..7200");
    }

    @Test
    void aTargetNamedAllIsStillAudited() throws CommandError {
        CommandParser parser = new CommandParser(List.of("all", "web"), Policy.defaults());
        assertThat(parser.parse("audit all")).isEqualTo(new BotCommand.Audit("all"));
    }

    @Test
    void elastiCacheCachesAreTargetsInTheAccountsAndRegionsTheConfigSearches() throws CommandError {
        CommandParser parser = new CommandParser(List.of("web"), Policy.defaults(), List.of(
                new io.ghostwatch.core.elasticache.CacheLocation("prod", "us-east-1"),
                new io.ghostwatch.core.elasticache.CacheLocation("prod", "eu-west-1")));
        assertThat(parser.parse("fix prod/eu-west-1/orders timeout=86400")).isEqualTo(new BotCommand.Fix(
                "prod/eu-west-1/orders", List.of(timeout(86400))));
        assertThat(parser.parse("status prod/us-east-1/orders")).isEqualTo(new BotCommand.Status("prod/us-east-1/orders"));
        assertThatThrownBy(() -> parser.parse("fix stage/us-east-1/orders timeout=86400")).isInstanceOf(CommandError.class)
                .hasMessageContaining("is in stage/us-east-1, which the config's elasticache section does not search"
                        + " (prod/us-east-1, prod/eu-west-1)");
        assertThatThrownBy(() -> parser.parse("audit prod/us-east-1")).isInstanceOf(CommandError.class)
                .hasMessageContaining("is not a target in the config (valid: web; ElastiCache caches as"
                        + " <account>/<region>/<cache id>, e.g. prod/us-east-1/orders)");
        assertThatThrownBy(() -> PARSER.parse("fix prod/us-east-1/orders timeout=86400"))
                .as("no elasticache section: a cache name is just an unknown target")
                .hasMessageContaining("is not a target in the config (valid: web, cache, orders_pool)");
    }

    @Test
    void withNoTargetsTheErrorSaysSo() {
        CommandParser parser = new CommandParser(List.of(), Policy.defaults());
        assertThatThrownBy(() -> parser.parse("status web")).hasMessageContaining("the config has no targets");
    }

    @Test
    void canonicalTextRoundTrips() throws CommandError {
        for (Arguments a : valid().toList()) {
            BotCommand command = (BotCommand) a.get()[1];
            assertThat(PARSER.parse(command.text())).isEqualTo(command);
        }
    }

    // ---- escaping: the user's text comes back inert

    static Stream<Arguments> hostile() {
        return Stream.of(
                arguments("audit <!channel>", "&lt;!channel&gt;"),
                arguments("status <@U0BOSS>", "&lt;@U0BOSS&gt;"),
                arguments("audit <https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
                arguments("rollback <!here>", "&lt;!here&gt;"),
                arguments("fix web <!everyone>=1", "&lt;!everyone&gt;"),
                arguments("fix web timeout=<!channel>", "timeout=&lt;!channel&gt;"),
                arguments("<!channel>", "&lt;!channel&gt;"),
                arguments("audit a&b", "a&amp;b"),
                arguments("audit x`y", "x\u02cby"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("hostile")
    void echoedTextIsEscaped(String text, String escaped) {
        assertThatThrownBy(() -> PARSER.parse(text)).isInstanceOfSatisfying(CommandError.class, e -> {
            assertThat(e.mrkdwn()).contains(escaped).doesNotContain("<!").doesNotContain("<@").doesNotContain("<http");
            long ticks = e.mrkdwn().chars().filter(c -> c == '`').count();
            assertThat(ticks % 2).as("code spans are balanced").isZero();
        });
    }

    @Test
    void aLongBadPartIsCut() {
        String word = "x".repeat(500);
        assertThatThrownBy(() -> PARSER.parse(word)).isInstanceOfSatisfying(CommandError.class, e -> {
            assertThat(e.mrkdwn()).contains("x".repeat(CommandError.MAX_ECHOED) + "\u2026`")
                    .doesNotContain("x".repeat(CommandError.MAX_ECHOED + 1));
            assertThat(e.getMessage()).hasSizeLessThan(400);
        });
    }

    @Test
    void helpListsEveryFormTheRangesAndTheTargets() {
        String help = HelpText.mrkdwn(PARSER);
        for (String form : CommandParser.FORMS) {
            assertThat(help).contains("`" + form.replace("<", "&lt;").replace(">", "&gt;") + "`");
        }
        assertThat(help).contains("300..604800").contains("60..300").contains("`web`, `cache`, `orders_pool`");
    }
}
