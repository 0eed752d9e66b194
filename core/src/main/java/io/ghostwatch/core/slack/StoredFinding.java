package io.ghostwatch.core.slack;

import io.ghostwatch.core.model.Severity;
import java.util.Objects;

/**
 * What the finding store remembers of a finding that was open after the previous run: its key, and the severity and
 * detail sentence it last had. Resolved findings are shown from this, since the current run no longer fails them.
 */
public record StoredFinding(FindingKey key, Severity severity, String detail) {
    public StoredFinding {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
    }
}
