package io.ghostwatch.core.audit;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Starts a task on its own virtual thread. Unlike an executor's close(), nobody waits for a task whose
 * result is no longer wanted: cancelling it interrupts the thread, which closes the socket it is blocked on.
 */
final class VirtualTasks {
    private VirtualTasks() {
    }

    static <T> Future<T> start(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread.ofVirtual().name("ghostwatch-audit").start(future);
        return future;
    }
}
