package io.ghostwatch.core.trend;

import java.time.Duration;
import java.time.Instant;

/**
 * The fitted rise of a leaking series: the level without the daily cycle, {@code level} at {@code from}, growing
 * {@code slopePerDay}. For drawing and projecting; the numbers a user reads are in {@link TrendResult}.
 */
public record TrendLine(Instant from, double level, double slopePerDay) {

    public double valueAt(Instant t) {
        return level + slopePerDay * Duration.between(from, t).toMillis() / 86_400_000.0;
    }
}
