package io.ghostwatch.core.findings;

/**
 * A finding store could not keep or read finding state: an I/O or service failure, a file it cannot read, a record
 * in a newer format, or updates left unstored. The message says which file or table and how many updates were not
 * stored.
 */
public class FindingStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FindingStoreException(String message) {
        super(message);
    }

    public FindingStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
