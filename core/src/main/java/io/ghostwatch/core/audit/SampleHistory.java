package io.ghostwatch.core.audit;

import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.redis.Readout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit's view of the history store: one node's samples over the window, ending with this audit's own, and this
 * audit's samples appended. Without a store, the history is this audit's sample alone.
 */
final class SampleHistory {

    private final SampleStore store;
    private final Duration window;

    /** @param store null to keep no history */
    SampleHistory(SampleStore store, Duration window) {
        this.store = store;
        this.window = window;
    }

    /** The node's stored samples over the window, then {@code current}; or why they cannot be read. */
    Readout<List<ServerSample>> of(ServerSample current) {
        if (store == null) {
            return Readout.known(List.of(current));
        }
        Instant since = current.time().minus(window);
        try {
            List<ServerSample> all = new ArrayList<>(store.history(current.target(), current.node(), since));
            all.add(current);
            return Readout.known(all);
        } catch (RuntimeException e) {
            return Readout.unreadable("the history store failed: " + e.getMessage());
        }
    }

    /** Stores this audit's samples; a failure becomes a warning of the target, never a failed audit. */
    void append(List<ServerSample> samples, List<String> warnings) {
        if (store == null || samples.isEmpty()) {
            return;
        }
        try {
            store.append(samples);
        } catch (RuntimeException e) {
            warnings.add("this audit's samples were not stored: " + e.getMessage());
        }
    }
}
