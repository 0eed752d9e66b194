package io.ghostwatch.bot.bench;

import java.util.Collections;
import java.util.List;

/** The few statistics the benchmarks print: median (lower of the middle two), min / median / max, nearest-rank percentiles. */
final class Stats {

    private Stats() {
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    static long max(List<Long> values) {
        return Collections.max(values);
    }

    /** "min / median / max". */
    static String summary(List<Long> values) {
        return Collections.min(values) + " / " + median(values) + " / " + max(values);
    }

    /** "median / max". */
    static String medMax(List<Long> values) {
        return median(values) + " / " + max(values);
    }

    /**
     * Against a target: {@code MET} when every value is within it, {@code MEDIAN} when the median is but not every
     * value, {@code NOT MET} when the median is over it.
     */
    static String verdict(List<Long> values, long target) {
        return max(values) <= target ? "MET" : median(values) <= target ? "MEDIAN" : "NOT MET";
    }

    /** Nearest-rank percentile of sorted values. */
    static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
