package io.ghostwatch.core.audit;

/** Told as each target finishes, from any thread; for progress bars. */
@FunctionalInterface
public interface AuditProgress {
    AuditProgress NONE = (done, total) -> { };

    void targetFinished(int done, int total);
}
