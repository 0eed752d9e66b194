package io.ghostwatch.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak Java heap used while some code runs, GC-aware: a platform thread samples {@code MemoryMXBean} heap
 * usage every millisecond, and every GC notification contributes the heap used just before that collection
 * (the true high point a sampler can miss). Also reports bytes allocated (all threads; virtual threads'
 * allocations are counted on their carriers) and the heap still live after a full GC at the end. {@link #lap()}
 * splits a watched run into phases (peak, allocation and collections per phase) without collecting in between.
 */
final class HeapWatch {

    /** @param gcMillis time the collections took ({@code GarbageCollectorMXBean.getCollectionTime}, summed) */
    record Result(long baselineBytes, long peakBytes, long allocatedBytes, long gcCount, long liveAfterGcBytes,
                  long gcMillis) {
    }

    /** One phase of a watched run: from {@link #start()} or the previous lap to this one. */
    record Lap(long peakBytes, long allocatedBytes, long gcCount, long gcMillis) {
    }

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong lapPeak = new AtomicLong();
    private final NotificationListener gcListener = this::onGc;
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long baseline;
    private long allocatedAtStart;
    private long gcAtStart;
    private long gcMillisAtStart;
    private long allocatedAtLap;
    private long gcAtLap;
    private long gcMillisAtLap;
    private volatile boolean running;
    private Thread sampler;

    /** Collects garbage first, so the baseline is what is live before the measured code runs. */
    static HeapWatch start() {
        HeapWatch w = new HeapWatch();
        System.gc();
        w.baseline = heapUsed();
        w.peak.set(w.baseline);
        w.lapPeak.set(w.baseline);
        for (GarbageCollectorMXBean gc : w.collectors) {
            ((NotificationEmitter) gc).addNotificationListener(w.gcListener, null, null);
        }
        w.gcAtStart = w.gcCount();
        w.gcAtLap = w.gcAtStart;
        w.gcMillisAtStart = w.gcMillis();
        w.gcMillisAtLap = w.gcMillisAtStart;
        w.allocatedAtStart = w.threads.getTotalThreadAllocatedBytes();
        w.allocatedAtLap = w.allocatedAtStart;
        w.running = true;
        w.sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (w.running) {
                w.record(heapUsed());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return w;
    }

    /**
     * Ends the current phase and starts the next: the phase's peak (the next one starts from the heap used now),
     * bytes allocated, collections and their accumulated time ({@code GarbageCollectorMXBean.getCollectionTime}).
     */
    Lap lap() {
        long allocated = threads.getTotalThreadAllocatedBytes();
        long used = heapUsed();
        long phasePeak = Math.max(lapPeak.getAndSet(used), used);
        peak.accumulateAndGet(used, Math::max);
        long gcs = gcCount();
        long gcMs = gcMillis();
        Lap lap = new Lap(phasePeak, allocated - allocatedAtLap, gcs - gcAtLap, gcMs - gcMillisAtLap);
        allocatedAtLap = allocated;
        gcAtLap = gcs;
        gcMillisAtLap = gcMs;
        return lap;
    }

    /** Stops sampling; {@code keepAlive} is what the measured code produced (held so live-after-GC counts it). */
    Result stop(Object keepAlive) throws InterruptedException {
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedAtStart;
        peak.accumulateAndGet(heapUsed(), Math::max);
        running = false;
        sampler.join();
        long gcs = gcCount() - gcAtStart;
        long gcMs = gcMillis() - gcMillisAtStart;
        for (GarbageCollectorMXBean gc : collectors) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(gcListener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // never registered on this bean: nothing to remove
            }
        }
        long live = liveAfterGc();
        java.lang.ref.Reference.reachabilityFence(keepAlive);
        return new Result(baseline, peak.get(), allocated, gcs, live, gcMs);
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()) || !running) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long before = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                before += e.getValue().getUsed();
            }
        }
        record(before);
    }

    private void record(long used) {
        peak.accumulateAndGet(used, Math::max);
        lapPeak.accumulateAndGet(used, Math::max);
    }

    private long gcCount() {
        return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    /**
     * Heap used after a full GC: what is still reachable now. Two collections: objects that a {@code Cleaner} still
     * has to see (closed sockets, gzip streams) go only in the second.
     */
    static long liveAfterGc() {
        System.gc();
        System.gc();
        return heapUsed();
    }

    private long gcMillis() {
        return collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
