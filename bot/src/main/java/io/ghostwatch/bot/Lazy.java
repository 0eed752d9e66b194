package io.ghostwatch.bot;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once, whichever thread asks first (the others wait for it): what the bot's actions need
 * only to perform work (the stores with their SDK clients, the change workflow and its fix engines, the AWS clients),
 * so a process that only acknowledges, as the bot in Lambda with its SQS queue, never builds them. A build that
 * throws is not kept: the next use tries again. The value may be null (nothing to build, e.g. no ElastiCache).
 * <p>
 * {@link #close()} closes the value (once) if it was built and is {@link AutoCloseable}; after it, {@link #get()} is
 * refused.
 */
final class Lazy<T> implements Supplier<T>, AutoCloseable {

    private final String what;
    private Supplier<? extends T> build;
    private volatile boolean built;
    private T value;
    private volatile boolean closed;

    /** @param what what the value is, for messages */
    private Lazy(String what, Supplier<? extends T> build) {
        this.what = Objects.requireNonNull(what, "what");
        this.build = Objects.requireNonNull(build, "build");
    }

    static <T> Lazy<T> of(String what, Supplier<? extends T> build) {
        return new Lazy<>(what, build);
    }

    /**
     * The value, built now if this is its first use.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public T get() {
        if (built && !closed) {
            return value;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(what + " is closed");
            }
            if (!built) {
                value = build.get();
                built = true;
                build = null; // what the build captured is no longer needed
            }
            return value;
        }
    }

    /** Whether the value has been built yet. */
    boolean isBuilt() {
        return built;
    }

    /**
     * @throws IllegalStateException naming the value when closing it failed with a checked exception (an unchecked
     *                               one is thrown as it is)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (built && value instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("closing " + what + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return what + (built ? "" : " (never built)");
    }
}
