package io.ghostwatch.core.change;

/**
 * A change store could not keep or read a change: an I/O or service failure, a damaged file or item, a record in a
 * newer format. The message names the file or table and the change.
 */
public class ChangeStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChangeStoreException(String message) {
        super(message);
    }

    public ChangeStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
