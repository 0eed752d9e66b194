package io.ghostwatch.core.run;

/** A run's part could not be stored or its parts listed; the message names the table, the run and the cause. */
public final class RunStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
