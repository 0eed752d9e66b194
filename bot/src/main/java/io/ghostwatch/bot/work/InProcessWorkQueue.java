package io.ghostwatch.bot.work;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs work on an executor in this process: for the local server. (In Lambda, work must go to a queue of its own:
 * the execution environment may be frozen as soon as the response is returned.) One virtual thread per item by
 * default.
 */
public final class InProcessWorkQueue implements WorkQueue, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(InProcessWorkQueue.class.getName());

    private final BotActions actions;
    private final ExecutorService executor;

    public InProcessWorkQueue(BotActions actions, ExecutorService executor) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** A virtual thread per item. */
    public static InProcessWorkQueue create(BotActions actions) {
        return new InProcessWorkQueue(actions, Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("ghostwatch-work-", 1).factory()));
    }

    @Override
    public void submit(WorkItem item) {
        Objects.requireNonNull(item, "item");
        try {
            executor.execute(() -> run(item));
        } catch (RejectedExecutionException e) {
            throw new WorkRefusedException("the in-process work queue is shut down", e);
        }
    }

    private void run(WorkItem item) {
        try {
            actions.perform(item);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "work item failed: " + item, e);
        }
    }

    /** Stops taking work and waits up to {@code seconds} for running items. */
    public boolean shutdown(long seconds) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.close();
    }
}
