package io.ghostwatch.core.trend;

import java.time.Instant;
import java.util.Optional;

/**
 * The detector's verdict with what it was based on.
 *
 * @param result        the verdict
 * @param line          the fitted rise when leaking; empty otherwise
 * @param hourlyPoints  hourly medians the verdict was computed from (after the window and since the last reset)
 * @param judgedFrom    the start of the part of the series that was judged (the last reset, or the first point);
 *                      null when there were no points
 */
public record TrendAnalysis(TrendResult result, Optional<TrendLine> line, int hourlyPoints, Instant judgedFrom) {
}
