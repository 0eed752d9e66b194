package io.ghostwatch.core.fix;

/** A change that will not be made (bad request, unreadable node, stale values); nothing was changed. */
public final class ChangeRefusedException extends Exception {
    public ChangeRefusedException(String message) {
        super(message);
    }
}
