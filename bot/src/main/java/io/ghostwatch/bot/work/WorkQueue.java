package io.ghostwatch.bot.work;

/** Where listeners hand off work so they can acknowledge at once. */
public interface WorkQueue {

    /**
     * Queues the item and returns at once.
     *
     * @throws WorkRefusedException when the queue cannot take it (full, shut down); the listener says so in its ack
     */
    void submit(WorkItem item);
}
