package io.ghostwatch.bot.work;

/** A work queue could not take an item; the message says why. */
public final class WorkRefusedException extends RuntimeException {
    public WorkRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
