package io.ghostwatch.core.run;

import io.ghostwatch.core.findings.RecordedPart;
import java.util.Map;

/** Where the shards of a run leave their parts of the digest until the run is published. */
public interface RunStore {

    /**
     * Keeps one shard's part; a shard that runs again (a retry) replaces what it left before.
     *
     * @throws RunStoreException when it cannot be kept: the shard failed, and says why
     */
    void put(AuditRun run, int shard, RecordedPart part);

    /**
     * Every part the run's shards left, by shard index. A part that cannot be read back whole is left out and named in
     * {@link Parts#unreadable}, so the digest can say its targets were not reported.
     */
    Parts parts(AuditRun run);

    /** @param unreadable shard index to why its part could not be read */
    record Parts(Map<Integer, RecordedPart> parts, Map<Integer, String> unreadable) {
        public Parts {
            parts = Map.copyOf(parts);
            unreadable = Map.copyOf(unreadable);
        }
    }
}
