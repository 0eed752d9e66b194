package io.ghostwatch.core.history;

/**
 * A store could not keep or read samples: an I/O or service failure, a history file it cannot read, or samples
 * left unstored. The message says which file, table or series, and how many samples were not stored.
 */
public class SampleStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SampleStoreException(String message) {
        super(message);
    }

    public SampleStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
