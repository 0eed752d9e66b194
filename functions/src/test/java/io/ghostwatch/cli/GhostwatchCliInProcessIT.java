package io.ghostwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.RedisServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a person at a terminal sees: colour and a progress bar, which the jar-based tests cannot show. */
class GhostwatchCliInProcessIT {

    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(boolean interactive, Map<String, String> environment, String... args) throws java.io.IOException {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("XDG_DATA_HOME", java.nio.file.Files.createTempDirectory("ghostwatch-data").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = GhostwatchCli.run(args, new Cli(env, Clock.systemUTC(), new PrintWriter(out), new PrintWriter(err),
                interactive));
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void aTerminalGetsColourAndALongRunGetsAProgressBarOnStderr() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            List<String> args = new ArrayList<>(List.of("audit", "--policy", "connectTimeoutMs=200"));
            args.addAll(List.of("--target", redis.uri()));
            for (int i = 0; i < 10; i++) {
                args.addAll(List.of("--target", "redis://127.0.0.1:" + RedisServerProcess.freePort()));
            }
            Outcome tty = run(true, Map.of(), args.toArray(String[]::new));
            assertThat(tty.exit()).isEqualTo(3);
            assertThat(tty.out()).contains("\u001b[31mFAIL HIGH\u001b[0m");
            assertThat(tty.err()).contains("[##############################] 11/11").contains("\r");

            Outcome noColor = run(true, Map.of("NO_COLOR", "1"), args.toArray(String[]::new));
            assertThat(noColor.out()).doesNotContain("\u001b[").contains("FAIL HIGH");

            Outcome piped = run(false, Map.of(), args.toArray(String[]::new));
            assertThat(piped.out()).doesNotContain("\u001b[");
            assertThat(piped.err()).isEmpty();
        }
    }

    @Test
    void aShortRunNeedsNoProgressBar() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Outcome tty = run(true, Map.of(), "audit", "--target", redis.uri());
            assertThat(tty.exit()).isZero();
            assertThat(tty.err()).doesNotContain("[#");
        }
    }
}
