package io.ghostwatch.core.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One audit run: its identity (the Step Functions execution name, unique per state machine) and when it started, the
 * time every shard records its findings under (to the millisecond, as the finding stores keep it).
 */
public record AuditRun(String id, Instant startedAt) {

    public AuditRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        if (id.isEmpty() || id.length() > 80 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("run ID '" + id.replaceAll("\\p{Cntrl}", "?") + "' is not 1-80 printable"
                    + " characters without spaces (a Step Functions execution name)");
        }
        startedAt = startedAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
