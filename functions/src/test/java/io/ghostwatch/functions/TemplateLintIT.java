package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * template.yaml and its state machine definition through real linters (infra/lint: cfn-lint, asl-validator, AWS's
 * Amazon States Language service), installed by infra/setup.sh; offline.
 */
class TemplateLintIT {

    @Test
    void theTemplateAndItsStateMachinePassTheLinters() throws IOException, InterruptedException {
        Path lint = RepoFiles.root().resolve("infra/lint");
        assertThat(lint.resolve("node_modules/cfn-lint")).as("the linters are installed: run infra/setup.sh's"
                + " gw_setup_lint (infra/test.sh does), or infra/lint/run.sh").isDirectory();
        Process p = new ProcessBuilder("node", lint.resolve("lint.js").toString(),
                RepoFiles.file("template.yaml").toString()).directory(RepoFiles.root().toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("lint finished").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("PASS cfn-lint").contains("PASS AuditStateMachine").endsWith("lint: 2 passed, 0 failed\n");
        assertThat(Files.readString(RepoFiles.file("infra/lint/known-noise.json"))).contains("\"why\"");
    }
}
