package io.ghostwatch.core.storage;

/** A stored record written by a newer Ghostwatch, in a format this one cannot read: left untouched. */
public final class NewerFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public NewerFormatException(long version, int readable) {
        super("format " + version + " (this Ghostwatch reads format " + readable + "); upgrade Ghostwatch");
    }
}
