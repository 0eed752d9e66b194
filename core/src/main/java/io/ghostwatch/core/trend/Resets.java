package io.ghostwatch.core.trend;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds resets: sharp drops after which the count stays down. A server restart (count to ~0, then only the
 * live clients reconnect) and a client redeploy that closes a leaked pool both look like this; either way the
 * connections before the drop are gone and what happened before says little about the trend since.
 *
 * <p>Works on the levels (the daily cycle removed), so an evening fall is not a reset. A drop is a candidate when
 * the median of the three hours from it is lower than the median of the three hours before by at least
 * {@value #MIN_DROP_SHARE} of that level, {@value #MIN_DROP_SIGMAS} hourly noise sigmas and
 * {@value #MIN_DROP_CONNECTIONS} connections; three-hour medians ignore a single-sample dip. A candidate is a dip,
 * not a reset, when the count is back within a fifth of the drop in the next {@value #DIP_HOURS} hours (clients
 * reconnecting after a network blip or a quick restart that cleared no ghosts); it is part of the day when
 * similar drops happen at the same time on the neighbouring days.
 */
final class Resets {

    static final double MIN_DROP_SHARE = 0.05;
    static final double MIN_DROP_SIGMAS = 4;
    static final double MIN_DROP_CONNECTIONS = 10;
    static final int DIP_HOURS = 6;
    private static final int WINDOW_HOURS = 3;

    /**
     * One reset.
     *
     * @param index  the first point after the drop
     * @param before median level in the three hours before
     * @param after  median level in the three hours from the drop
     */
    record Reset(int index, double before, double after) {
        double drop() {
            return before - after;
        }
    }

    private Resets() {
    }

    static List<Reset> find(HourlySeries s, double hourlySigma) {
        List<Reset> candidates = candidates(s, hourlySigma);
        List<Reset> resets = new ArrayList<>();
        for (Reset c : candidates) {
            if (!isDip(s, c) && !recursDaily(s, c, candidates)) {
                resets.add(c);
            }
        }
        return resets;
    }

    /**
     * Robust sigma of the hour-to-hour change of the levels, from consecutive hours only (divided by sqrt 2: a
     * difference holds the noise of two hours).
     */
    static double hourlySigma(HourlySeries s) {
        double[] level = s.levels();
        List<Double> diffs = new ArrayList<>();
        for (int i = 0; i + 1 < s.size(); i++) {
            if (s.hoursBetween(i, i + 1) == 1) {
                diffs.add(level[i + 1] - level[i]);
            }
        }
        double[] d = diffs.stream().mapToDouble(Double::doubleValue).toArray();
        return RobustStats.madSigma(d) / Math.sqrt(2);
    }

    private static List<Reset> candidates(HourlySeries s, double sigma) {
        double[] level = s.levels();
        List<Reset> found = new ArrayList<>();
        for (int i = 1; i < s.size(); i++) {
            if (s.hoursBetween(i - 1, i) > WINDOW_HOURS) {
                continue;
            }
            double before = previousThree(s, level, i);
            double after = windowMedian(s, level, i, WINDOW_HOURS);
            if (Double.isNaN(before) || Double.isNaN(after) || pointsIn(s, i, WINDOW_HOURS) < 2) {
                continue;
            }
            double drop = before - after;
            if (drop >= MIN_DROP_SHARE * before && drop >= MIN_DROP_SIGMAS * sigma && drop >= MIN_DROP_CONNECTIONS) {
                Reset r = new Reset(i, before, after);
                // keep only the deepest of overlapping candidates
                if (!found.isEmpty() && s.hoursBetween(found.getLast().index(), i) <= WINDOW_HOURS) {
                    if (r.drop() > found.getLast().drop()) {
                        found.set(found.size() - 1, r);
                    }
                } else {
                    found.add(r);
                }
            }
        }
        return found;
    }

    /** Median of the points in the clock hours [i, i+hours). */
    private static double windowMedian(HourlySeries s, double[] level, int i, int hours) {
        List<Double> v = new ArrayList<>();
        for (int j = i; j < s.size() && s.hoursBetween(i, j) < hours; j++) {
            v.add(level[j]);
        }
        return RobustStats.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Median of the three points before i, if they lie within twice the window: always three, so one burst
     * cannot raise the level a drop is measured from (a median of two is their mean). NaN otherwise.
     */
    private static double previousThree(HourlySeries s, double[] level, int i) {
        if (i < 3 || s.hoursBetween(i - 3, i) > 2 * WINDOW_HOURS) {
            return Double.NaN;
        }
        return RobustStats.median(new double[] {level[i - 3], level[i - 2], level[i - 1]});
    }

    private static int pointsIn(HourlySeries s, int i, int hours) {
        int n = 0;
        for (int j = i; j < s.size() && s.hoursBetween(i, j) < hours; j++) {
            n++;
        }
        return n;
    }

    /**
     * Whether drops at least half as deep happen at the same time of day (+/-2 h) on consecutive days around
     * this one (the day before and after, or the two days before, or the two after): then it is part of the day
     * (a daily cycle the profile did not fully take out, a nightly job), not a reset. Deploys every other day at
     * the same hour, or two deploys that happen to fall a day apart, are still resets.
     */
    private static boolean recursDaily(HourlySeries s, Reset c, List<Reset> candidates) {
        boolean[] onDay = new boolean[5]; // -2, -1, (this), +1, +2 days
        for (Reset other : candidates) {
            long h = s.hoursBetween(c.index(), other.index());
            long day = Math.round(h / 24.0);
            if (day != 0 && Math.abs(day) <= 2 && Math.abs(h - 24 * day) <= 2 && other.drop() >= c.drop() / 2) {
                onDay[(int) day + 2] = true;
            }
        }
        return onDay[1] && onDay[3] || onDay[0] && onDay[1] || onDay[3] && onDay[4];
    }

    /** Whether a three-hour median within {@link #DIP_HOURS} after the drop is back within a fifth of it. */
    private static boolean isDip(HourlySeries s, Reset c) {
        double[] level = s.levels();
        double threshold = c.before() - c.drop() / 5;
        for (int j = c.index() + 1; j < s.size() && s.hoursBetween(c.index(), j) <= DIP_HOURS; j++) {
            if (windowMedian(s, level, j, WINDOW_HOURS) >= threshold && pointsIn(s, j, WINDOW_HOURS) >= 2) {
                return true;
            }
        }
        return false;
    }
}
