package io.ghostwatch.core.change;

/** {@link ChangeStore#create} was given a change whose ID is already stored; nothing was written. */
public final class DuplicateChangeException extends ChangeStoreException {

    private static final long serialVersionUID = 1L;

    public DuplicateChangeException(String message) {
        super(message);
    }
}
