package io.ghostwatch.core.storage;

/** A stored record (a JSON line, a file, a DynamoDB item) that is not what it should be; the message says why. */
public final class InvalidRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
