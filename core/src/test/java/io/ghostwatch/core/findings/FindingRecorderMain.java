package io.ghostwatch.core.findings;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The other process of FileFindingStoreTest's multi-process tests: prints "ready", waits for a line on standard
 * input, then records {@code runs} runs of target {@code target}, each failing {@code findings} checks with the detail
 * "run I", one second apart from {@code first}, printing "run I" after each; then "done". With {@code runs} = 0 it
 * records until killed (the crash test). Exits 3 if the store warned about anything.
 *
 * <p>Arguments: DIR TARGET RUNS FIRST_EPOCH_MILLIS FINDINGS
 */
public final class FindingRecorderMain {

    private FindingRecorderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String target = args[1];
        int runs = Integer.parseInt(args[2]);
        long first = Long.parseLong(args[3]);
        int findings = Integer.parseInt(args[4]);
        boolean[] warned = {false};
        FileFindingStore store = new FileFindingStore(dir, w -> {
            System.err.println("warning: " + w);
            warned[0] = true;
        });
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
        for (int i = 0; runs == 0 || i < runs; i++) {
            Finding[] failing = new Finding[findings];
            for (int f = 0; f < findings; f++) {
                failing[f] = Runs.fail(String.format("redis_check_%03d", f), Severity.HIGH, "run " + i);
            }
            store.record(Runs.run(Instant.ofEpochMilli(first + i * 1000L), Runs.target(target, failing)));
            System.out.println("run " + i);
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
        System.exit(warned[0] ? 3 : 0);
    }
}
