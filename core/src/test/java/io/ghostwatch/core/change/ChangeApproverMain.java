package io.ghostwatch.core.change;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The other process of FileChangeStoreTest's race: prints "ready", waits for a line on standard input, then tries to
 * approve each change (from version 1) as APPROVER, printing "won ID" or "lost ID to WINNER" for each; then "done".
 * Exits 3 if the store warned about anything.
 *
 * <p>Arguments: DIR APPROVER AT_EPOCH_MILLIS ID...
 */
public final class ChangeApproverMain {

    private ChangeApproverMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String approver = args[1];
        Instant at = Instant.ofEpochMilli(Long.parseLong(args[2]));
        boolean[] warned = {false};
        FileChangeStore store = new FileChangeStore(dir, w -> {
            System.err.println("warning: " + w);
            warned[0] = true;
        });
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
        StringBuilder out = new StringBuilder();
        for (int i = 3; i < args.length; i++) {
            ChangeId id = new ChangeId(args[i]);
            switch (store.transition(id, 1, ChangeState.APPROVED, approver, at, "from another process")) {
                case TransitionOutcome.Done d -> out.append("won ").append(id).append('\n');
                case TransitionOutcome.Conflict c -> out.append("lost ").append(id).append(" to ")
                        .append(c.current().movedTo(ChangeState.APPROVED).orElseThrow().actor()).append('\n');
                case TransitionOutcome.Missing m -> out.append("missing ").append(id).append('\n');
            }
        }
        System.out.print(out);
        System.out.println("done");
        System.out.flush();
        System.exit(warned[0] ? 3 : 0);
    }
}
