package io.ghostwatch.core.trend;

import java.util.Arrays;

/** The few robust statistics the leak detector is built from. Pure functions on arrays; inputs are not modified. */
final class RobustStats {

    /** Scales a median absolute deviation to a standard deviation for Gaussian data. */
    static final double MAD_TO_SIGMA = 1.4826;

    private RobustStats() {
    }

    static double median(double[] values) {
        return median(values, 0, values.length);
    }

    /** The median of {@code values[from..to)}; NaN when the range is empty. */
    static double median(double[] values, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Median absolute deviation from the median, scaled to a Gaussian standard deviation. */
    static double madSigma(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double m = median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - m);
        }
        return MAD_TO_SIGMA * median(dev);
    }

    /**
     * Theil-Sen slope: the median of the slopes between every pair of points (Sen 1968). Up to 29% of the
     * points can be arbitrary without moving it. NaN when no two points differ in time.
     */
    static double theilSen(double[] t, double[] y) {
        int n = t.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dt = t[j] - t[i];
                if (dt != 0) {
                    slopes[k++] = (y[j] - y[i]) / dt;
                }
            }
        }
        return median(slopes, 0, k);
    }

    /** The intercept that goes with a slope: the median of {@code y - slope * t}. */
    static double interceptFor(double[] t, double[] y, double slope) {
        double[] r = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            r[i] = y[i] - slope * t[i];
        }
        return median(r);
    }

    /**
     * The Mann-Kendall trend test on values in time order: S counts rising pairs minus falling pairs; its
     * variance includes the correction for ties (counts are integers, ties are common).
     */
    static MannKendall mannKendall(double[] y) {
        int n = y.length;
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Double.compare(y[j], y[i]) > 0 ? 1 : (y[j] == y[i] ? 0 : -1);
            }
        }
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            long g = j - i;
            ties += g * (g - 1) * (2 * g + 5);
            i = j;
        }
        double variance = (n * (n - 1.0) * (2 * n + 5) - ties) / 18;
        return new MannKendall(n, s, variance);
    }

    /**
     * Lag-1 autocorrelation of a series, using only pairs of consecutive hours ({@code adjacent[i]} says whether
     * point i+1 directly follows point i); 0 when there are fewer than 3 such pairs.
     */
    static double lag1Autocorrelation(double[] r, boolean[] adjacent) {
        double mean = 0;
        for (double v : r) {
            mean += v;
        }
        mean /= r.length;
        double num = 0;
        int pairs = 0;
        for (int i = 0; i + 1 < r.length; i++) {
            if (adjacent[i]) {
                num += (r[i] - mean) * (r[i + 1] - mean);
                pairs++;
            }
        }
        double den = 0;
        for (double v : r) {
            den += (v - mean) * (v - mean);
        }
        if (pairs < 3 || den == 0) {
            return 0;
        }
        return (num / pairs) / (den / r.length);
    }

    /**
     * The standard normal CDF, via the complementary error function (Numerical Recipes' Chebyshev fit,
     * relative error below 1.2e-7).
     */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /**
     * A Mann-Kendall result.
     *
     * @param n        points
     * @param s        rising pairs minus falling pairs
     * @param variance Var(S) under no trend, ties corrected
     */
    record MannKendall(int n, long s, double variance) {

        /**
         * The same test with Var(S) inflated for serially correlated data (Yue and Wang 2004, with an AR(1)
         * model of the residuals): Var*(S) = Var(S) * (1 + 2 sum_k (1 - k/n) rho^k).
         */
        MannKendall correctedFor(double lag1) {
            if (lag1 <= 0) {
                return this;
            }
            double rho = Math.min(lag1, 0.95);
            double factor = 1;
            double rk = 1;
            for (int k = 1; k < n; k++) {
                rk *= rho;
                if (rk < 1e-6) {
                    break;
                }
                factor += 2 * (1 - (double) k / n) * rk;
            }
            return new MannKendall(n, s, variance * factor);
        }

        /** The normal score with continuity correction; positive for a rise. */
        double z() {
            if (variance <= 0 || s == 0) {
                return 0;
            }
            return (s - Math.signum(s)) / Math.sqrt(variance);
        }

        /** One-sided p-value of "no rise" against "rising". */
        double pRising() {
            return 1 - normalCdf(z());
        }
    }
}
