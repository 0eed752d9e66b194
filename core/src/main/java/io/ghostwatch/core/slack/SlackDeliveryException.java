package io.ghostwatch.core.slack;

/** Thrown when a Slack call fails for good; {@link #failure()} says which call, Slack's error and what to do. */
public final class SlackDeliveryException extends RuntimeException {
    private final transient SlackFailure failure;

    public SlackDeliveryException(SlackFailure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    public SlackDeliveryException(SlackFailure failure) {
        this(failure, null);
    }

    public SlackFailure failure() {
        return failure;
    }

    public boolean permanent() {
        return failure.kind() == SlackFailure.Kind.PERMANENT;
    }
}
