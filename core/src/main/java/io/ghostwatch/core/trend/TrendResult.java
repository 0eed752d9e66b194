package io.ghostwatch.core.trend;

import java.time.Instant;

/**
 * What the detector concluded about one series.
 *
 * @param leaking     a steady rise that is not explained by daily cycles, deploy sawtooth, one-off steps or noise
 * @param slopePerDay connections per day of the rise (or of the whole series when not leaking); null when too few points
 * @param confidence  how strongly the data support this verdict (leaking or not), 0..1; 0 when there was too little
 *                    data to judge (see {@link LeakDetector} for how it is computed)
 * @param startedAt   when the rise started; null when not leaking
 * @param exhaustsAt  when maxclients is projected to be reached; null when not leaking or maxclients unknown
 * @param reason      one sentence explaining the verdict (e.g. "Too few samples: 5 (5 hourly medians) over 4 h; need at least 8
 *                    hourly medians over 23 h (a full daily cycle) to tell a leak from daily traffic.")
 */
public record TrendResult(boolean leaking, Double slopePerDay, double confidence, Instant startedAt, Instant exhaustsAt,
                          String reason) {
}
