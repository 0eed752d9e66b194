package io.ghostwatch.core.trend;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates and removes the daily traffic cycle from hourly medians, so that what is left is the level the
 * series holds through the day (base load plus any ghosts). The removed cycle has mean zero over a day, so the
 * level keeps its meaning for the exhaustion projection.
 *
 * <ul>
 *   <li>From {@value #PROFILE_MIN_DAYS} days on: a free-form profile in the spirit of STL (Cleveland et al.
 *       1990) made robust: each hour minus the median of the day centred on it (so a trend disturbs nothing and a
 *       step or a reset only the day around it), then the median per UTC hour of day of what is left.
 *       Business-hours plateaus and evening peaks are not sinusoids; a per-hour median takes any shape and
 *       ignores bursts. One backfitting step: hours whose day straddles a change point found on the first
 *       de-seasonalised values (a step, a bend, a reset) are left out of a second estimate. Removed only when
 *       the hours of day really differ: Kruskal-Wallis H above the 0.1% point of chi-square with 23 degrees of
 *       freedom. In the fourth day, where some hour of day may have fewer than three values, that test has little
 *       power, and a profile it rejects for that is replaced by the harmonic fit below, which has its own test.
 *       Not later: across resets (a sawtooth) the harmonics, fitted with a line or a step, would invent a
 *       cycle.</li>
 *   <li>With less than that: each hour of day has one or two values, too few for a free-form profile. A
 *       24 h + 12 h harmonic pair is fitted by least squares jointly with the structure that explains the values
 *       best together with it (a line, or a step at any change point), then refitted without outliers, and
 *       removed when it explains the variance (F above {@value #HARMONIC_MIN_F}, about p &lt; 0.005 at these
 *       sizes). Within a day or two a step and a daily cycle are confounded: fitted with a line only, the
 *       harmonics swallow part of a step and leave a smooth false rise behind.</li>
 * </ul>
 */
final class DailyCycle {

    static final double PROFILE_MIN_DAYS = 3;
    /**
     * What a profile the rank test rejected says when some hour of day had fewer than three values to test (a
     * young series, or hours left out around a change): with one or two values per hour Kruskal-Wallis cannot
     * reach its critical value (H is at most n - 1), so the harmonic fit, whose F test has power at these sizes,
     * is asked instead.
     */
    static final String UNDERPOWERED = "none (too few values per hour of day to test)";
    static final double HARMONIC_MIN_F = 6;
    /** Chi-square, 23 degrees of freedom, upper 0.1% point. */
    static final double KRUSKAL_WALLIS_CRITICAL = 49.73;
    static final int MIN_POINTS_FOR_HARMONICS = 16;

    /**
     * The series without its daily cycle.
     *
     * @param removed   what was subtracted: "none", "harmonic" or "hourly profile"
     * @param amplitude half the peak-to-trough range of the removed cycle (0 when none)
     */
    record Deseasonalised(double[] values, String removed, double amplitude) {
    }

    private DailyCycle() {
    }

    /** The daily cycle of a series, estimated as the class comment says, and the series without it. */
    static Deseasonalised estimate(HourlySeries s) {
        if (s.spanHours() / 24.0 >= PROFILE_MIN_DAYS) {
            Deseasonalised profile = profileAvoidingChanges(s);
            if (!profile.removed().equals(UNDERPOWERED) || s.spanHours() / 24.0 >= PROFILE_MIN_DAYS + 1
                    || s.size() < MIN_POINTS_FOR_HARMONICS) {
                return profile;
            }
            // in its first day the profile has one or two values for some hours of day, and the rank test almost
            // no power: ask the harmonics
            return harmonicsWithBestStructure(s);
        }
        if (s.size() >= MIN_POINTS_FOR_HARMONICS) {
            return harmonicsWithBestStructure(s);
        }
        return new Deseasonalised(s.values(), "none", 0);
    }

    // ---- hourly profile (three days and more) ------------------------------------------------------------------

    private static Deseasonalised profileAvoidingChanges(HourlySeries s) {
        double[] y = s.values();
        Deseasonalised first = hourlyProfile(s, y, List.of());
        List<Integer> changes = changePoints(s.withLevels(first.values()));
        return changes.isEmpty() ? first : hourlyProfile(s, y, changes);
    }

    /** Where the first de-seasonalised levels change: the best step or hinge (if it beats a line) and any reset. */
    private static List<Integer> changePoints(HourlySeries levels) {
        double[] t = levels.daysSince(0);
        double[] z = levels.levels();
        int n = z.length;
        List<Integer> changes = new ArrayList<>();
        TrendModels.Fit best = TrendModels.line(t, z);
        for (TrendModels.Fit f : new TrendModels.Fit[] {TrendModels.flat(t, z), TrendModels.step(t, z),
                TrendModels.hinge(t, z)}) {
            if (f != null && f.bic(n) < best.bic(n)) {
                best = f;
            }
        }
        if (best.kind() == TrendModels.Kind.STEP || best.kind() == TrendModels.Kind.HINGE) {
            changes.add(best.split());
        }
        Resets.find(levels, Resets.hourlySigma(levels)).forEach(r -> changes.add(r.index()));
        return changes;
    }

    private static Deseasonalised hourlyProfile(HourlySeries s, double[] y, List<Integer> changePoints) {
        double[] detrended = minusMovingDailyMedian(s, y);
        for (int i = 0; i < detrended.length; i++) {
            for (int c : changePoints) {
                if (Math.abs(s.hoursBetween(c, i)) < 12) {
                    detrended[i] = Double.NaN; // its day straddles the change: the moving median is off
                }
            }
        }
        if (kruskalWallisByHour(s, detrended) < KRUSKAL_WALLIS_CRITICAL) {
            return new Deseasonalised(y, fewestValuesPerHour(s, detrended) < 3 ? UNDERPOWERED : "none", 0);
        }
        double[] profile = new double[24];
        double sum = 0;
        int hoursWithProfile = 0;
        for (int h = 0; h < 24; h++) {
            double[] atHour = valuesAtHour(s, detrended, h);
            profile[h] = atHour.length >= 2 ? RobustStats.median(atHour) : Double.NaN;
            if (!Double.isNaN(profile[h])) {
                sum += profile[h];
                hoursWithProfile++;
            }
        }
        double mean = sum / Math.max(1, hoursWithProfile);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int h = 0; h < 24; h++) {
            profile[h] = Double.isNaN(profile[h]) ? 0 : profile[h] - mean;
            min = Math.min(min, profile[h]);
            max = Math.max(max, profile[h]);
        }
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] - profile[s.hourOfDay(i)];
        }
        return new Deseasonalised(out, "hourly profile", (max - min) / 2);
    }

    private static int fewestValuesPerHour(HourlySeries s, double[] detrended) {
        int fewest = Integer.MAX_VALUE;
        for (int h = 0; h < 24; h++) {
            fewest = Math.min(fewest, valuesAtHour(s, detrended, h).length);
        }
        return fewest;
    }

    private static double[] valuesAtHour(HourlySeries s, double[] r, int hour) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            if (s.hourOfDay(i) == hour && !Double.isNaN(r[i])) {
                v.add(r[i]);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Each value minus the median of the day centred on it (hours within +/-12): the local level taken out, as
     * in STL's trend step. NaN where that day is not covered well (fewer than 12 of its hours, or nothing within 3
     * hours of either end: irregular audits still give a profile, a day with a hole at one end does not).
     */
    static double[] minusMovingDailyMedian(HourlySeries s, double[] y) {
        double[] out = new double[y.length];
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < y.length; i++) {
            while (s.hoursBetween(lo, i) > 12) {
                lo++;
            }
            while (hi + 1 < y.length && s.hoursBetween(i, hi + 1) <= 12) {
                hi++;
            }
            boolean covered = hi - lo + 1 >= 12 && s.hoursBetween(lo, i) >= 9 && s.hoursBetween(i, hi) >= 9;
            out[i] = covered ? y[i] - RobustStats.median(y, lo, hi + 1) : Double.NaN;
        }
        return out;
    }

    /** Kruskal-Wallis H of the values (NaN skipped) grouped by hour of day; the tie correction would only raise H, so omitting it is conservative. */
    static double kruskalWallisByHour(HourlySeries s, double[] values) {
        List<Integer> known = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                known.add(i);
            }
        }
        int n = known.size();
        if (n < 48) {
            return 0;
        }
        double[] r = new double[n];
        int[] hourOf = new int[n];
        for (int k = 0; k < n; k++) {
            r[k] = values[known.get(k)];
            hourOf[k] = s.hourOfDay(known.get(k));
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(r[a], r[b]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && r[order[j]] == r[order[i]]) {
                j++;
            }
            double mid = (i + j + 1) / 2.0; // ranks i+1..j share their mean
            for (int k = i; k < j; k++) {
                rank[order[k]] = mid;
            }
            i = j;
        }
        double[] rankSum = new double[24];
        int[] count = new int[24];
        for (int i = 0; i < n; i++) {
            rankSum[hourOf[i]] += rank[i];
            count[hourOf[i]]++;
        }
        double h = 0;
        for (int g = 0; g < 24; g++) {
            if (count[g] > 0) {
                h += rankSum[g] * rankSum[g] / count[g];
            }
        }
        return 12.0 / (n * (n + 1.0)) * h - 3 * (n + 1.0);
    }

    // ---- harmonics (less than three days) ----------------------------------------------------------------------

    /**
     * The harmonics fitted jointly with the structure that, together with them, explains the values best: a
     * line, or a step at any change point (BIC on a Huber-clipped residual sum of squares, so a burst cannot
     * choose; a change point chosen among ~n positions costs 2 ln n more than a coefficient). A hinge is not
     * offered: within a day or two a bend is as confounded with the harmonics as a line is, and the slope's own
     * test ({@link #harmonicSlopeT}) accounts for that.
     */
    private static Deseasonalised harmonicsWithBestStructure(HourlySeries s) {
        double[] y = s.values();
        double[] t = s.daysSince(0);
        int n = y.length;
        double[] bestShape = t;
        double bestBic = Double.POSITIVE_INFINITY;
        for (double[] shape : lineAndSteps(t)) {
            double[][] x = withHarmonics(t, shape);
            double[] beta = LeastSquares.solve(x, y);
            if (beta == null) {
                continue;
            }
            int params = x[0].length + (shape == t ? 0 : 2);
            double bic = n * Math.log(Math.max(huberRss(x, y, beta), 1e-9) / n) + params * Math.log(n);
            if (bic < bestBic) {
                bestBic = bic;
                bestShape = shape;
            }
        }
        double[] beta = LeastSquares.solve(withHarmonics(t, bestShape), y);
        if (beta == null) {
            return new Deseasonalised(y, "none", 0);
        }
        double[] structure = new double[n];
        for (int i = 0; i < n; i++) {
            structure[i] = beta[0] + beta[1] * bestShape[i];
        }
        return harmonicsAround(s, y, structure);
    }

    /** The time itself (a line), then a 0/1 step at every change point keeping {@link TrendModels#MIN_SIDE}. */
    private static List<double[]> lineAndSteps(double[] t) {
        int n = t.length;
        List<double[]> shapes = new ArrayList<>();
        shapes.add(t);
        for (int k = TrendModels.MIN_SIDE; k <= n - TrendModels.MIN_SIDE; k++) {
            double tau = (t[k - 1] + t[k]) / 2;
            double[] step = new double[n];
            for (int i = 0; i < n; i++) {
                step[i] = t[i] > tau ? 1 : 0;
            }
            shapes.add(step);
        }
        return shapes;
    }

    /**
     * The harmonics fitted to {@code y - structure} with an intercept; robust (points more than 3.5 MAD sigmas
     * off the first fit are left out of the second); kept when F against no harmonics exceeds
     * {@link #HARMONIC_MIN_F}.
     */
    private static Deseasonalised harmonicsAround(HourlySeries s, double[] y, double[] structure) {
        double[] t = s.daysSince(0);
        int n = y.length;
        double[] target = new double[n];
        double[][] interceptOnly = new double[n][];
        for (int i = 0; i < n; i++) {
            target[i] = y[i] - structure[i];
            interceptOnly[i] = new double[] {1};
        }
        double[][] full = withHarmonics(t, null);
        LeastSquares.Fit fit = LeastSquares.robust(full, target);
        if (fit == null) {
            return new Deseasonalised(y, "none", 0);
        }
        double[] keptTarget = LeastSquares.values(target, fit.inlier());
        double[][] keptIntercept = LeastSquares.rows(interceptOnly, fit.inlier());
        double[] mean = LeastSquares.solve(keptIntercept, keptTarget);
        double rssWithout = LeastSquares.rss(keptIntercept, keptTarget, mean);
        double f = ((rssWithout - fit.rss()) / 4) / (fit.rss() / (fit.inliers() - full[0].length));
        if (!(f > HARMONIC_MIN_F)) {
            return new Deseasonalised(y, "none", 0);
        }
        double[] out = new double[n];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double cycle = LeastSquares.predict(full[i], fit.beta()) - fit.beta()[0];
            out[i] = y[i] - cycle;
            min = Math.min(min, cycle);
            max = Math.max(max, cycle);
        }
        return new Deseasonalised(out, "harmonic", (max - min) / 2);
    }

    /** Rows {@code 1, [shape], sin, cos (24 h), sin, cos (12 h)}; t in days. */
    private static double[][] withHarmonics(double[] t, double[] shape) {
        int extra = shape == null ? 0 : 1;
        double[][] x = new double[t.length][];
        for (int i = 0; i < t.length; i++) {
            double w = 2 * Math.PI * t[i];
            double[] row = new double[5 + extra];
            row[0] = 1;
            if (shape != null) {
                row[1] = shape[i];
            }
            row[1 + extra] = Math.sin(w);
            row[2 + extra] = Math.cos(w);
            row[3 + extra] = Math.sin(2 * w);
            row[4 + extra] = Math.cos(2 * w);
            x[i] = row;
        }
        return x;
    }

    /** Residual sum of squares with each residual clipped at 3.5 robust sigmas (Huber-like). */
    private static double huberRss(double[][] x, double[] y, double[] beta) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] - LeastSquares.predict(x[i], beta);
        }
        double cap = LeastSquares.OUTLIER_SIGMAS * RobustStats.madSigma(r);
        double rss = 0;
        for (double v : r) {
            double c = cap > 0 ? Math.min(Math.abs(v), cap) : v;
            rss += c * c;
        }
        return rss;
    }

    /**
     * The t statistic of the slope in a joint fit of a line and the 24 h + 12 h harmonics to the raw values of
     * {@code [from, end)}, its standard error inflated for lag-1 autocorrelation of the residuals
     * ((1 + rho) / (1 - rho), AR(1)). Within a day or two the slope and the harmonics are partly collinear; the
     * joint fit's standard error carries that uncertainty, which a test on the de-seasonalised values would not.
     * NaN when the fit is impossible.
     */
    static double harmonicSlopeT(HourlySeries s, int from) {
        HourlySeries part = s.slice(from, s.size());
        int n = part.size();
        if (n < MIN_POINTS_FOR_HARMONICS) {
            return Double.NaN;
        }
        double[] t = part.daysSince(0);
        double[] y = part.values();
        double[][] x = withHarmonics(t, t);
        LeastSquares.Fit fit = LeastSquares.robust(x, y);
        if (fit == null) {
            return Double.NaN;
        }
        double[][] inverse = LeastSquares.inverseOfNormalMatrix(LeastSquares.rows(x, fit.inlier()));
        if (inverse == null) {
            return Double.NaN;
        }
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = fit.inlier()[i] ? y[i] - LeastSquares.predict(x[i], fit.beta()) : 0;
        }
        double rho = Math.min(0.95, RobustStats.lag1Autocorrelation(residuals, part.adjacency()));
        double inflation = rho > 0 ? (1 + rho) / (1 - rho) : 1;
        double se = Math.sqrt(fit.rss() / (fit.inliers() - x[0].length) * inverse[1][1] * inflation);
        return se > 0 ? fit.beta()[1] / se : Double.NaN;
    }

    /** Ordinary least squares by the normal equations (at most six unknowns here). */
    static final class LeastSquares {
        /** Points further than this many robust sigmas from the first fit are left out of the second. */
        static final double OUTLIER_SIGMAS = 3.5;

        /**
         * A fit on the inliers.
         *
         * @param inlier which points the fit used
         * @param rss    residual sum of squares over the inliers
         */
        record Fit(double[] beta, boolean[] inlier, int inliers, double rss) {
        }

        private LeastSquares() {
        }

        /** Least squares, then again without the points beyond {@link #OUTLIER_SIGMAS}; null when singular. */
        static Fit robust(double[][] x, double[] y) {
            double[] beta = solve(x, y);
            if (beta == null) {
                return null;
            }
            double[] r = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                r[i] = y[i] - predict(x[i], beta);
            }
            double sigma = RobustStats.madSigma(r);
            boolean[] inlier = new boolean[y.length];
            int count = 0;
            for (int i = 0; i < y.length; i++) {
                inlier[i] = sigma == 0 || Math.abs(r[i]) <= OUTLIER_SIGMAS * sigma;
                count += inlier[i] ? 1 : 0;
            }
            if (count <= x[0].length + 1) {
                return null;
            }
            double[][] xi = rows(x, inlier);
            double[] yi = values(y, inlier);
            double[] refit = solve(xi, yi);
            return refit == null ? null : new Fit(refit, inlier, count, rss(xi, yi, refit));
        }

        static double predict(double[] row, double[] beta) {
            double f = 0;
            for (int k = 0; k < beta.length; k++) {
                f += beta[k] * row[k];
            }
            return f;
        }

        static double[][] rows(double[][] x, boolean[] keep) {
            List<double[]> out = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (keep[i]) {
                    out.add(x[i]);
                }
            }
            return out.toArray(double[][]::new);
        }

        static double[] values(double[] y, boolean[] keep) {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (keep[i]) {
                    out.add(y[i]);
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** (X'X)^-1, or null when singular. */
        static double[][] inverseOfNormalMatrix(double[][] x) {
            int p = x[0].length;
            double[][] a = new double[p][2 * p];
            for (double[] row : x) {
                for (int r = 0; r < p; r++) {
                    for (int c = 0; c < p; c++) {
                        a[r][c] += row[r] * row[c];
                    }
                }
            }
            for (int r = 0; r < p; r++) {
                a[r][p + r] = 1;
            }
            if (!eliminate(a, p)) {
                return null;
            }
            double[][] inv = new double[p][p];
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    inv[r][c] = a[r][p + c] / a[r][r];
                }
            }
            return inv;
        }

        /** The coefficients, or null when the design is singular. */
        static double[] solve(double[][] x, double[] y) {
            int p = x[0].length;
            double[][] a = new double[p][p + 1];
            for (int i = 0; i < x.length; i++) {
                for (int r = 0; r < p; r++) {
                    for (int c = 0; c < p; c++) {
                        a[r][c] += x[i][r] * x[i][c];
                    }
                    a[r][p] += x[i][r] * y[i];
                }
            }
            if (!eliminate(a, p)) {
                return null;
            }
            double[] beta = new double[p];
            for (int r = 0; r < p; r++) {
                beta[r] = a[r][p] / a[r][r];
            }
            return beta;
        }

        /** Gauss-Jordan elimination with partial pivoting on the first p columns; false when singular. */
        private static boolean eliminate(double[][] a, int p) {
            int width = a[0].length;
            for (int col = 0; col < p; col++) {
                int pivot = col;
                for (int r = col + 1; r < p; r++) {
                    if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                        pivot = r;
                    }
                }
                if (Math.abs(a[pivot][col]) < 1e-9) {
                    return false;
                }
                double[] tmp = a[col];
                a[col] = a[pivot];
                a[pivot] = tmp;
                for (int r = 0; r < p; r++) {
                    if (r != col) {
                        double factor = a[r][col] / a[col][col];
                        for (int c = col; c < width; c++) {
                            a[r][c] -= factor * a[col][c];
                        }
                    }
                }
            }
            return true;
        }

        static double rss(double[][] x, double[] y, double[] beta) {
            double rss = 0;
            for (int i = 0; i < x.length; i++) {
                double fit = 0;
                for (int k = 0; k < beta.length; k++) {
                    fit += beta[k] * x[i][k];
                }
                rss += (y[i] - fit) * (y[i] - fit);
            }
            return rss;
        }
    }
}
