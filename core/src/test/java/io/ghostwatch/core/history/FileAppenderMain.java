package io.ghostwatch.core.history;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The other process of FileSampleStoreTest's two-process test: prints "ready", waits for a line on standard
 * input, then appends {@code count} samples one append at a time, at {@code first + i * step} milliseconds, and
 * prints "done COUNT". Exits 3 if the store warned about anything.
 *
 * <p>Arguments: DIR TARGET NODE COUNT FIRST_EPOCH_MILLIS STEP_MILLIS
 */
public final class FileAppenderMain {

    private FileAppenderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String target = args[1];
        String node = args[2];
        int count = Integer.parseInt(args[3]);
        long first = Long.parseLong(args[4]);
        long step = Long.parseLong(args[5]);
        boolean[] warned = {false};
        // samples at any time, kept: pruning is not what two processes appending at once is about
        FileSampleStore store = new FileSampleStore(dir, java.time.Duration.ofDays(365L * 10_000),
                java.time.Clock.systemUTC(), w -> {
            System.err.println("warning: " + w);
            warned[0] = true;
        });
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
        for (int i = 0; i < count; i++) {
            store.append(List.of(new ServerSample(target, node, Instant.ofEpochMilli(first + i * step), i, 10_000, 0, i,
                    List.of(new ServerSample.AddressSample("child", i, 0, 0, i)))));
        }
        System.out.println("done " + count);
        System.out.flush();
        System.exit(warned[0] ? 3 : 0);
    }
}
