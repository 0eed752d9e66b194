package io.ghostwatch.core.trend;

import java.util.function.IntFunction;

/**
 * Four shapes a de-seasonalised connection series can take, each fitted robustly (least absolute deviations,
 * medians, Theil-Sen) so that bursts and single bad samples do not steer it:
 * <ul>
 *   <li>{@link Kind#FLAT}: one level (nothing happening);</li>
 *   <li>{@link Kind#LINE}: a steady rise or fall from the start (Theil-Sen);</li>
 *   <li>{@link Kind#STEP}: one level, then another (a service added or retired its pool once);</li>
 *   <li>{@link Kind#HINGE}: one level, then a steady rise or fall from a change point (a leak that began).</li>
 * </ul>
 * They are compared by BIC with Laplace errors, {@code n ln(SAD/n) + k ln n}: the step and the hinge pay for
 * their change point, so a wiggle does not become a step, and a one-off step is not mistaken for a rise when
 * a step explains the data better than a slope.
 */
final class TrendModels {

    /** Each side of a change point keeps at least this many points. */
    static final int MIN_SIDE = 3;
    /** Change points tried on a coarse grid of about this many, then refined around the best. */
    private static final int COARSE_CANDIDATES = 96;

    enum Kind { FLAT, LINE, STEP, HINGE }

    /**
     * A fitted model.
     *
     * @param sad    sum of absolute residuals
     * @param slope  per day (LINE, HINGE; 0 otherwise)
     * @param level  the level at t=0 (FLAT, LINE), before the change (STEP, HINGE)
     * @param level2 the level after the step (STEP)
     * @param split  index of the first point after the change point (STEP, HINGE; 0 otherwise)
     * @param tau    the change point in days (STEP, HINGE; 0 otherwise)
     */
    record Fit(Kind kind, int params, double sad, double slope, double level, double level2, int split, double tau) {

        double bic(int n) {
            // counts are integers: residuals smaller than a twentieth of a connection each are no information
            double floor = 0.05 * n;
            return n * Math.log(Math.max(sad, floor) / n) + params * Math.log(n);
        }

        boolean isSlope() {
            return kind == Kind.LINE || kind == Kind.HINGE;
        }

        double valueAt(double t) {
            return switch (kind) {
                case FLAT -> level;
                case LINE -> level + slope * t;
                case STEP -> t < tau ? level : level2;
                case HINGE -> level + slope * Math.max(0, t - tau);
            };
        }
    }

    private TrendModels() {
    }

    static Fit flat(double[] t, double[] z) {
        double m = RobustStats.median(z);
        return withSad(new Fit(Kind.FLAT, 1, 0, 0, m, 0, 0, 0), t, z);
    }

    static Fit line(double[] t, double[] z) {
        double slope = RobustStats.theilSen(t, z);
        double intercept = RobustStats.interceptFor(t, z, slope);
        return withSad(new Fit(Kind.LINE, 2, 0, slope, intercept, 0, 0, 0), t, z);
    }

    /** The best single step: the medians either side of each candidate change point. Null if too short. */
    static Fit step(double[] t, double[] z) {
        return bestSplit(z.length, k -> {
            double before = RobustStats.median(z, 0, k);
            double after = RobustStats.median(z, k, z.length);
            return withSad(new Fit(Kind.STEP, 3, 0, 0, before, after, k, (t[k - 1] + t[k]) / 2), t, z);
        });
    }

    /**
     * The best hinge: the median level before the change point, then the median of the slopes from the hinge to
     * each later point (a repeated-median estimate, linear time per candidate). Null if too short.
     */
    static Fit hinge(double[] t, double[] z) {
        return bestSplit(z.length, k -> {
            double tau = (t[k - 1] + t[k]) / 2;
            double level = RobustStats.median(z, 0, k);
            double[] slopes = new double[z.length - k];
            for (int i = k; i < z.length; i++) {
                slopes[i - k] = (z[i] - level) / (t[i] - tau);
            }
            double slope = RobustStats.median(slopes);
            return withSad(new Fit(Kind.HINGE, 3, 0, slope, level, 0, k, tau), t, z);
        });
    }

    private static Fit bestSplit(int n, IntFunction<Fit> fitAt) {
        int first = MIN_SIDE;
        int last = n - MIN_SIDE;
        if (last < first) {
            return null;
        }
        int stride = Math.max(1, (last - first) / COARSE_CANDIDATES);
        Fit best = null;
        for (int k = first; k <= last; k += stride) {
            best = better(best, fitAt.apply(k));
        }
        int centre = best.split();
        for (int k = Math.max(first, centre - stride + 1); k <= Math.min(last, centre + stride - 1); k++) {
            best = better(best, fitAt.apply(k));
        }
        return best;
    }

    private static Fit better(Fit a, Fit b) {
        return a == null || b.sad() < a.sad() ? b : a;
    }

    private static Fit withSad(Fit f, double[] t, double[] z) {
        double sad = 0;
        for (int i = 0; i < z.length; i++) {
            sad += Math.abs(z[i] - f.valueAt(t[i]));
        }
        return new Fit(f.kind(), f.params(), sad, f.slope(), f.level(), f.level2(), f.split(), f.tau());
    }
}
