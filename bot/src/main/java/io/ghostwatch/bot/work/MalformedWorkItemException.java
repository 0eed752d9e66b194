package io.ghostwatch.bot.work;

import java.util.Objects;

/**
 * A queued work item that cannot be read back: not JSON, a missing or mistyped field, a version this build does not
 * know, or a command the config no longer allows. {@link #field()} names the field ({@code $} for the document).
 */
public final class MalformedWorkItemException extends IllegalArgumentException {

    private final String field;

    public MalformedWorkItemException(String field, String message) {
        this(field, message, null);
    }

    public MalformedWorkItemException(String field, String message, Throwable cause) {
        super("work item field '" + Objects.requireNonNull(field, "field") + "' " + message, cause);
        this.field = field;
    }

    /** The field that could not be read, as a dotted path ({@code requester.userId}); {@code $} is the document. */
    public String field() {
        return field;
    }
}
