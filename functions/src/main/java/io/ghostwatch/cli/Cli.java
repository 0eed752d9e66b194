package io.ghostwatch.cli;

import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.audit.AuditProgress;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a command needs from the outside world, injectable for tests: environment, clock, streams, and
 * whether a person is watching (colour, progress bar).
 */
record Cli(Map<String, String> environment, Clock clock, PrintWriter out, PrintWriter err, boolean interactive,
           AwsClients.Settings aws) {

    /** With the AWS SDK's own endpoints and credentials. */
    Cli(Map<String, String> environment, Clock clock, PrintWriter out, PrintWriter err, boolean interactive) {
        this(environment, clock, out, err, interactive, AwsClients.Settings.defaults());
    }

    /** Below this many targets a run is quick enough to need no progress bar. */
    static final int PROGRESS_MIN_TARGETS = 10;
    private static final int BAR_WIDTH = 30;

    boolean colour() {
        return interactive && !environment.containsKey("NO_COLOR");
    }

    AuditProgress progressBar(int total) {
        if (!interactive || total < PROGRESS_MIN_TARGETS) {
            return AuditProgress.NONE;
        }
        return (done, all) -> {
            synchronized (err) {
                int filled = (int) ((long) BAR_WIDTH * done / all);
                err.print("\r[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + done + "/" + all);
                err.flush();
            }
        };
    }

    void finishProgress() {
        if (interactive) {
            synchronized (err) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
