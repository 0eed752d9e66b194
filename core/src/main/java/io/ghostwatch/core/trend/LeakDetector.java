package io.ghostwatch.core.trend;

import io.ghostwatch.core.trend.DailyCycle.Deseasonalised;
import io.ghostwatch.core.trend.Resets.Reset;
import io.ghostwatch.core.trend.RobustStats.MannKendall;
import io.ghostwatch.core.trend.TrendModels.Fit;
import io.ghostwatch.core.trend.TrendModels.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Tells a connection leak (ghosts piling up: a steady rise with no end) from normal life in a server's
 * {@code connected_clients} series, and projects when maxclients will be reached. Pure: no I/O, no clock.
 *
 * <h2>What it does, and why these statistics</h2>
 * <ol>
 *   <li><b>Hourly medians</b> of the last {@value #WINDOW_DAYS} days ({@link HourlySeries}). Audits run about
 *       hourly but are late, doubled or missing; one median per hour gives every hour the same weight whatever
 *       the sampling, and a median ignores the odd burst (a batch job) or failed sample. The hours are centred on
 *       the minute the audit usually runs, so one that fires at :59 one hour and :01 the next still gives one
 *       value per hour. Gaps stay gaps: nothing is interpolated and every statistic below takes irregular
 *       times.</li>
 *   <li><b>Enough data</b>: at least {@value #MIN_HOURLY_POINTS} hourly medians over {@value #MIN_SPAN_HOURS}
 *       hours, one daily cycle; over less, a morning rise cannot be told from a leak. Otherwise the verdict says
 *       how many there are and how many are needed.</li>
 *   <li><b>Daily cycle removed</b> ({@link DailyCycle}): from three days on a robust STL-like per-hour-of-day
 *       profile (any shape); before, a 24 h + 12 h harmonic fit chosen jointly with a line or a step (in a day or
 *       two a step and a daily cycle are confounded). Each is removed only when a test says the hours differ.
 *       Daily minima were considered and not used: one value a day throws away 23/24 of the data and a single dip
 *       (a restart) sets a day's minimum, while the profile is as immune to the cycle and keeps every hour.</li>
 *   <li><b>Resets</b> ({@link Resets}): sharp drops of the level that stay down (a server restart, a client
 *       redeploy closing a leaked pool), not quick dips and not drops that recur at the same time every day.
 *       The series is judged <em>since the last reset</em>: the connections before it are gone. When there have
 *       been at least two resets and the current cycle stays below the earlier peaks (or is young and no taller
 *       than twice the earlier rises), it is a bounded sawtooth, not a leak over the long run; unless the earlier
 *       peaks were at maxclients (then the resets were the leak hitting the ceiling).</li>
 *   <li><b>Shape by model comparison</b> ({@link TrendModels}): flat, steady line, one-off step, and hinge (flat
 *       then rising from a change point), fitted robustly (medians, Theil-Sen, least absolute deviations) and
 *       compared by BIC with Laplace errors. A new service's constant block is explained better by a step than
 *       by a slope: then only the part after the step is judged (it may still rise). A rise must beat both the
 *       flat and the step model by {@value #BIC_MARGIN} (very strong evidence), so a wander or a ramped step does
 *       not pass for a leak. The hinge gives {@code startedAt}.</li>
 *   <li><b>Slope and significance of the rising part</b>: Theil-Sen slope (median of pairwise slopes: robust to
 *       29% bad points, no normality needed) and the Mann-Kendall test (rank-based, distribution-free, ties
 *       corrected), its variance inflated for serial correlation of the residuals (Yue and Wang 2004, AR(1)):
 *       hourly counts are strongly autocorrelated and an uncorrected test calls every wander significant. A leak
 *       needs p &lt; {@value #ALPHA}, a rise lasting at least {@value #MIN_SPAN_HOURS} hours and at least
 *       {@value #MIN_LEAK_SLOPE_PER_DAY} connections a day (below that maxclients is years away). While the rise
 *       is younger than three days, where an oddly shaped daily cycle is the likeliest impostor, it must also
 *       show between samples taken at the same time of day (at least half the slope; and in all, further than the
 *       values swing around it through the day: no daily pattern can make two samples at the same time of day
 *       differ by more than its own range) and stand out in a joint fit with the daily harmonics (t &ge; {@value #MIN_HARMONIC_T}, error inflated for autocorrelation).</li>
 *   <li><b>Exhaustion</b>: the fitted level now (without the daily cycle: the daily peak reaches maxclients a
 *       little earlier) extended at the slope until maxclients. When the count is already at maxclients, the
 *       series is judged up to the first hour it got there, and that hour is {@code exhaustsAt}.</li>
 * </ol>
 * Measured on labelled synthetic series (test sources, {@code LeakDetectorEvaluationTest}, 120 leaking and 240
 * non-leaking series per seed): the incidents' leak is found within 24 hourly samples and no non-leaking series is
 * called leaking on the build's seed. Over other seeds what it still gets wrong is rare and sits where the data are
 * truly ambiguous: a daily cycle whose one-day shape is a slow climb (an evening peak) on the very first audit, a
 * deploy sawtooth whose next cycle runs far longer and higher than the earlier ones, and an incident whose ghosts
 * happened to arrive slowly on its first day under a large daily swing (found a few hours later). Time to exhaustion
 * at the first detection is within 25% about as often as the arrival process allows (better than an oracle that
 * counts the ghosts), and for about nine in ten leaks three days on.
 *
 * <h2>Confidence</h2>
 * How strongly the data support the verdict given, 0..1. Leaking: {@code 1 - p} of the corrected Mann-Kendall
 * test of the rise. Not leaking: {@code Phi(-Z)} of the same test against a rise of
 * {@value #MIN_LEAK_SLOPE_PER_DAY}/day, i.e. how unlikely a leak of practical size is (about 0.5 when noise hides
 * everything, 0.5 too when a rise is seen but not yet long or clear enough). A bounded sawtooth:
 * {@code 1 - 1/(resets + 1)}. Too little data, or too little since a reset: 0.
 */
public final class LeakDetector {

    public static final int MIN_HOURLY_POINTS = 8;
    public static final int MIN_SPAN_HOURS = 23;
    public static final double MIN_LEAK_SLOPE_PER_DAY = 5;
    public static final double ALPHA = 0.01;
    public static final int WINDOW_DAYS = 30;
    static final double BIC_MARGIN = 10;
    /**
     * Within the first days the slope must also stand out in a joint fit with the daily harmonics: t of at least
     * this (one-sided p about 3e-5 for a normal), because there a non-sinusoidal daily cycle is the likeliest
     * impostor and the harmonic fit cannot take every shape.
     */
    static final double MIN_HARMONIC_T = 4;
    /** The sawtooth is still bounded when the count stays below its earlier peak plus this share. */
    static final double PEAK_TOLERANCE = 0.10;
    private static final int MAX_STEP_DEPTH = 2;

    /** The verdict on a series; {@code maxclients} empty when unknown. */
    public TrendResult detect(List<ConnectionPoint> points, OptionalLong maxclients) {
        return analyse(points, maxclients).result();
    }

    /** The verdict with the fitted rise, for charts and reports. */
    public TrendAnalysis analyse(List<ConnectionPoint> points, OptionalLong maxclients) {
        Objects.requireNonNull(maxclients, "maxclients");
        points.forEach(p -> Objects.requireNonNull(p, "point"));
        HourlySeries s = HourlySeries.of(points, WINDOW_DAYS * 24);
        if (!enough(s)) {
            return tooFew(s, points.size());
        }
        if (maxclients.isPresent() && s.value(s.size() - 1) >= maxclients.getAsLong()) {
            return atMaxclients(s, maxclients.getAsLong());
        }
        Deseasonalised cycle = DailyCycle.estimate(s);
        return withExhaustion(judgeSinceLastReset(s.withLevels(cycle.values()), cycle, maxclients), s.lastSample(),
                maxclients);
    }

    private static boolean enough(HourlySeries s) {
        return s.size() >= MIN_HOURLY_POINTS && s.spanHours() >= MIN_SPAN_HOURS;
    }

    private TrendAnalysis judgeSinceLastReset(HourlySeries s, Deseasonalised cycle, OptionalLong maxclients) {
        double sigma = Resets.hourlySigma(s);
        List<Reset> resets = Resets.find(s, sigma);
        if (resets.isEmpty()) {
            return judgeSegment(s, cycle, 0);
        }
        Reset last = resets.getLast();
        HourlySeries current = s.slice(last.index(), s.size());
        if (!enough(current)) {
            return tooFewSinceReset(s, cycle, resets, current);
        }
        TrendAnalysis verdict = judgeSegment(current, cycle, 0);
        if (verdict.result().leaking() && resets.size() >= 2) {
            Sawtooth saw = Sawtooth.of(s, resets, sigma);
            if (saw.keepsItBounded(maxclients)) {
                return boundedSawtooth(verdict, resets, s, saw);
            }
        }
        return verdict;
    }

    /**
     * What the resets so far say: the highest level reached before the last one, the longest complete cycle
     * between two resets, and where the current cycle stands.
     */
    record Sawtooth(double earlierPeak, long longestCycleHours, double restartLevel, double currentPeak,
                    long currentAgeHours, double sigma) {

        static Sawtooth of(HourlySeries s, List<Reset> resets, double sigma) {
            Reset last = resets.getLast();
            long longest = 0;
            for (int i = 1; i < resets.size(); i++) {
                longest = Math.max(longest, s.hoursBetween(resets.get(i - 1).index(), resets.get(i).index()));
            }
            return new Sawtooth(peak(s, 0, last.index()), longest, last.after(), peak(s, last.index(), s.size()),
                    s.hoursBetween(last.index(), s.size() - 1), sigma);
        }

        /**
         * Bounded while the current cycle stays below the earlier peaks, or, while it is younger than twice the
         * longest earlier cycle (the next reset is not overdue), while it has risen no more than twice as far as
         * the earlier cycles did (a longer cycle climbs higher). Not bounded when the earlier peaks were at
         * maxclients: then the resets were the leak hitting the ceiling.
         */
        boolean keepsItBounded(OptionalLong maxclients) {
            if (maxclients.isPresent() && earlierPeak >= 0.9 * maxclients.getAsLong()) {
                return false;
            }
            double slack = 3 * sigma;
            boolean belowEarlierPeak = currentPeak <= earlierPeak * (1 + PEAK_TOLERANCE) + slack;
            boolean resetNotOverdue = currentAgeHours <= 2 * longestCycleHours
                    && currentPeak - restartLevel <= 2 * (earlierPeak - restartLevel) + slack;
            return belowEarlierPeak || resetNotOverdue;
        }
    }

    /** The highest median of three neighbouring levels in {@code [from, to)}: the peak without single bursts. */
    private static double peak(HourlySeries s, int from, int to) {
        double[] level = s.levels();
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = from + 1; i + 1 < to; i++) {
            peak = Math.max(peak, RobustStats.median(new double[] {level[i - 1], level[i], level[i + 1]}));
        }
        return peak == Double.NEGATIVE_INFINITY ? RobustStats.median(level, from, to) : peak;
    }

    /** Judges one segment (no reset inside) by model comparison. */
    private TrendAnalysis judgeSegment(HourlySeries seg, Deseasonalised cycle, int depth) {
        double[] t = seg.daysSince(0);
        double[] z = seg.levels();
        int n = z.length;
        Fit flat = TrendModels.flat(t, z);
        Fit line = TrendModels.line(t, z);
        Fit step = TrendModels.step(t, z);
        Fit hinge = TrendModels.hinge(t, z);
        Fit slope = hinge != null && hinge.bic(n) < line.bic(n) ? hinge : line;
        Fit still = step != null && step.bic(n) < flat.bic(n) ? step : flat;
        if (still.kind() == Kind.STEP && still.bic(n) <= slope.bic(n) && depth < MAX_STEP_DEPTH) {
            return afterStep(seg, cycle, still, depth);
        }
        if (slope.bic(n) + BIC_MARGIN > still.bic(n)) {
            return noClearTrend(seg, t, z, cycle, "no clear rise");
        }
        if (slope.slope() <= 0) {
            return noClearTrend(seg, t, z, cycle, "falling");
        }
        if (slope.kind() == Kind.HINGE && seg.hoursBetween(slope.split(), seg.size() - 1) < MIN_SPAN_HOURS
                && line.slope() > 0 && line.bic(n) + BIC_MARGIN <= still.bic(n)) {
            // a bend found in the first hours of a young series is as likely the daily cycle's shape as an onset: a
            // rise from the start explains the values clearly too, so that is what is judged
            return judgeRise(seg, t, z, 0);
        }
        return judgeRise(seg, t, z, slope.kind() == Kind.HINGE ? slope.split() : 0);
    }

    private TrendAnalysis afterStep(HourlySeries seg, Deseasonalised cycle, Fit step, int depth) {
        Instant at = seg.time(step.split());
        String what = String.format(Locale.ROOT, "a one-off step of %+.0f connections at %s", step.level2() - step.level(),
                minutes(at));
        HourlySeries after = seg.slice(step.split(), seg.size());
        if (!enough(after)) {
            return notLeaking(seg, null, 0.5, what + "; too few samples since (" + after.size()
                    + " hourly medians over " + after.spanHours() + " h) to tell whether it rises further");
        }
        TrendAnalysis since = judgeSegment(after, cycle, depth + 1);
        if (since.result().leaking()) {
            return since;
        }
        return notLeaking(seg, since.result().slopePerDay(), since.result().confidence(),
                what + ", not a leak; since then: " + asClause(since.result().reason()));
    }

    private TrendAnalysis judgeRise(HourlySeries seg, double[] t, double[] z, int from) {
        double[] tr = Arrays.copyOfRange(t, from, t.length);
        double[] zr = Arrays.copyOfRange(z, from, z.length);
        double slope = RobustStats.theilSen(tr, zr);
        double intercept = RobustStats.interceptFor(tr, zr, slope);
        MannKendall mk = RobustStats.mannKendall(zr).correctedFor(residualLag1(seg, from, tr, zr, slope, intercept));
        Instant startedAt = from == 0 ? seg.time(0) : seg.time(0).plusSeconds(Math.round(hingeTime(t, from) * 86_400));
        long riseHours = seg.hoursBetween(from, seg.size() - 1);
        String rising = String.format(Locale.ROOT, "rising about %s/day since %s", round(slope), minutes(startedAt));
        if (riseHours < MIN_SPAN_HOURS) {
            return notLeaking(seg, slope, 0.5, rising + ", but for only " + riseHours
                    + " h: less than a daily cycle, it may still be daily traffic");
        }
        if (mk.pRising() >= ALPHA) {
            return notLeaking(seg, slope, 1 - mk.pRising(), rising + ", not significant (Mann-Kendall p="
                    + p(mk.pRising()) + ", noise and daily swings explain it)");
        }
        if (slope < MIN_LEAK_SLOPE_PER_DAY) {
            return notLeaking(seg, slope, 1 - mk.pRising(), rising + ": significant but below "
                    + round(MIN_LEAK_SLOPE_PER_DAY) + "/day, too slow to matter");
        }
        if (riseHours < DailyCycle.PROFILE_MIN_DAYS * 24) {
            Optional<String> doubt = dailyCycleDoubt(seg, from, slope);
            if (doubt.isPresent()) {
                return notLeaking(seg, slope, 0.5, rising + ", but " + doubt.get() + ": the daily cycle may explain it");
            }
        }
        TrendLine fitted = new TrendLine(startedAt, intercept + slope * hingeTime(t, from), slope);
        String reason = capitalised(rising) + " (Mann-Kendall p=" + p(mk.pRising()) + " over " + zr.length
                + " hourly medians): a steady rise that no daily cycle, reset or one-off step explains.";
        TrendResult result = new TrendResult(true, slope, clamp(1 - mk.pRising()), startedAt, null, reason);
        return new TrendAnalysis(result, Optional.of(fitted), seg.size(), seg.time(0));
    }

    /**
     * Why a rise younger than three days might still be the daily cycle, if it might: it does not stand out in a
     * joint fit with the daily harmonics, or it does not show between samples taken at the same time of day.
     */
    private static Optional<String> dailyCycleDoubt(HourlySeries seg, int from, double slope) {
        double t = DailyCycle.harmonicSlopeT(seg, from); // NaN with too few points to fit: no doubt from it
        if (t < MIN_HARMONIC_T) {
            return Optional.of("with the daily cycle fitted alongside it is uncertain (t=" + round(t) + ")");
        }
        double dayOverDay = sameTimeOfDaySlope(seg, from);
        if (!(dayOverDay >= slope / 2)) {
            return Optional.of("at the same time of day the count rose only " + round(dayOverDay) + "/day");
        }
        double rise = dayOverDay * seg.hoursBetween(from, seg.size() - 1) / 24.0;
        double swing = swingAround(seg, from);
        if (!(rise > swing)) {
            return Optional.of(String.format(Locale.ROOT, "the rise so far (%.0f) is no larger than the swing around it"
                    + " through the day (%.0f)", rise, swing));
        }
        return Optional.empty();
    }

    /**
     * The peak-to-trough range of the raw values around their Theil-Sen line, after a running median of three
     * (so a single burst does not count). No daily pattern can make two samples taken at the same time of day
     * differ by more than its own range; while a rise is young, it is believed only when it has risen further
     * than that.
     */
    static double swingAround(HourlySeries seg, int from) {
        int n = seg.size() - from;
        double[] t = Arrays.copyOfRange(seg.daysSince(from), from, seg.size());
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = seg.value(from + i);
        }
        double slope = RobustStats.theilSen(t, y);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - slope * t[i];
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double m = RobustStats.median(new double[] {r[Math.max(0, i - 1)], r[i], r[Math.min(n - 1, i + 1)]});
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        return n == 0 ? 0 : hi - lo;
    }

    /**
     * The rise seen between samples taken at about the same time of day: the median over pairs 22..26 hours
     * apart (or whole days apart, give or take two hours) of their difference per day, from the raw values. No
     * daily pattern, whatever its shape, can make this positive; with less than three days of rise it guards the
     * harmonic fit, which cannot take every shape. NaN when there is no such pair.
     */
    static double sameTimeOfDaySlope(HourlySeries seg, int from) {
        List<Double> perDay = new ArrayList<>();
        for (int i = from; i < seg.size(); i++) {
            for (int j = i + 1; j < seg.size(); j++) {
                long h = seg.hoursBetween(i, j);
                long off = Math.floorMod(h + 2, 24) - 2;
                if (h >= 22 && Math.abs(off) <= 2) {
                    perDay.add((seg.value(j) - seg.value(i)) / (h / 24.0));
                }
            }
        }
        return RobustStats.median(perDay.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double hingeTime(double[] t, int from) {
        return from == 0 ? 0 : (t[from - 1] + t[from]) / 2;
    }

    private static double residualLag1(HourlySeries seg, int from, double[] t, double[] z, double slope,
                                       double intercept) {
        double[] r = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            r[i] = z[i] - (intercept + slope * t[i]);
        }
        boolean[] adjacent = Arrays.copyOfRange(seg.adjacency(), from, Math.max(from, seg.size() - 1));
        return RobustStats.lag1Autocorrelation(r, adjacent);
    }

    /** Adds the projection to a leaking verdict: the fitted level now, extended at the slope to maxclients. */
    private static TrendAnalysis withExhaustion(TrendAnalysis a, Instant now, OptionalLong maxclients) {
        TrendResult r = a.result();
        if (!r.leaking() || a.line().isEmpty()) {
            return a;
        }
        String sentence = r.reason().substring(0, r.reason().length() - 1);
        Instant exhaustsAt = null;
        if (maxclients.isPresent()) {
            TrendLine line = a.line().get();
            double days = (maxclients.getAsLong() - line.valueAt(now)) / line.slopePerDay();
            exhaustsAt = days <= 0 ? now : now.plusSeconds(Math.round(days * 86_400)).truncatedTo(ChronoUnit.MINUTES);
            sentence += "; at this rate it reaches maxclients " + maxclients.getAsLong() + " around "
                    + minutes(exhaustsAt) + " (in " + humanDays(Duration.between(now, exhaustsAt)) + ")";
        } else {
            sentence += "; maxclients unknown, so no exhaustion date";
        }
        TrendResult result = new TrendResult(true, r.slopePerDay(), r.confidence(), r.startedAt(), exhaustsAt,
                sentence + ".");
        return new TrendAnalysis(result, a.line(), a.hourlyPoints(), a.judgedFrom());
    }

    /**
     * No rise that beats the alternatives. The confidence asks the other way round: how unlikely is a rise of
     * at least the minimum leak slope?
     */
    private TrendAnalysis noClearTrend(HourlySeries seg, double[] t, double[] z, Deseasonalised cycle, String what) {
        double slope = RobustStats.theilSen(t, z);
        double intercept = RobustStats.interceptFor(t, z, slope);
        double[] shifted = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            shifted[i] = z[i] - MIN_LEAK_SLOPE_PER_DAY * t[i];
        }
        MannKendall mk = RobustStats.mannKendall(shifted).correctedFor(residualLag1(seg, 0, t, z, slope, intercept));
        double noise = RobustStats.madSigma(residuals(t, z, slope, intercept));
        String swing = cycle.amplitude() > 0 ? String.format(Locale.ROOT, ", daily swing ±%.0f", cycle.amplitude()) : "";
        String reason = String.format(Locale.ROOT, "%s: %s/day over %s (noise ±%.0f%s)", what, signed(slope),
                humanDays(Duration.ofHours(seg.spanHours())), noise, swing);
        return notLeaking(seg, slope, RobustStats.normalCdf(-mk.z()), reason);
    }

    private static double[] residuals(double[] t, double[] z, double slope, double intercept) {
        double[] r = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            r[i] = z[i] - (intercept + slope * t[i]);
        }
        return r;
    }

    private TrendAnalysis boundedSawtooth(TrendAnalysis rising, List<Reset> resets, HourlySeries s, Sawtooth saw) {
        Reset last = resets.getLast();
        String reason = String.format(Locale.ROOT,
                "rising about %s/day since %s, but the count has been brought down %d times (last from %.0f to %.0f),"
                        + " cycles last up to %s and it stays below the earlier peak of %.0f or a reset is not yet"
                        + " overdue: a bounded sawtooth (deploys or restarts), not a leak over the long run",
                round(rising.result().slopePerDay()), minutes(s.time(last.index())), resets.size(), last.before(),
                last.after(), humanDays(Duration.ofHours(saw.longestCycleHours())), saw.earlierPeak());
        TrendResult r = new TrendResult(false, rising.result().slopePerDay(), 1 - 1.0 / (resets.size() + 1), null, null,
                capitalised(reason) + ".");
        return new TrendAnalysis(r, Optional.empty(), rising.hourlyPoints(), rising.judgedFrom());
    }

    private TrendAnalysis tooFewSinceReset(HourlySeries s, Deseasonalised cycle, List<Reset> resets, HourlySeries current) {
        Reset last = resets.getLast();
        int previousStart = resets.size() >= 2 ? resets.get(resets.size() - 2).index() : 0;
        HourlySeries previous = s.slice(previousStart, last.index());
        String before = "";
        if (enough(previous)) {
            TrendResult p = judgeSegment(previous, cycle, 0).result();
            if (p.leaking()) {
                before = String.format(Locale.ROOT, "; before it the count rose about %s/day (if that was a leak, the"
                        + " drop only cleared it)", round(p.slopePerDay()));
            }
        }
        String reason = String.format(Locale.ROOT,
                "The count fell from %.0f to %.0f at %s (a server restart or client redeploy%s); only %d hourly"
                        + " medians over %d h since, need at least %d over %d h to judge the trend%s.",
                last.before(), last.after(), minutes(s.time(last.index())),
                resets.size() > 1 ? ", the " + ordinal(resets.size()) + " such drop" : "", current.size(),
                current.spanHours(), MIN_HOURLY_POINTS, MIN_SPAN_HOURS, before);
        return new TrendAnalysis(new TrendResult(false, null, 0, null, null, reason), Optional.empty(), current.size(),
                current.time(0));
    }

    private TrendAnalysis atMaxclients(HourlySeries s, long maxclients) {
        int first = s.size() - 1;
        while (first > 0 && s.value(first - 1) >= maxclients) {
            first--;
        }
        Instant since = s.time(first);
        String at = "At or above maxclients " + maxclients + " since " + minutes(since) + " (new clients are refused)";
        HourlySeries before = s.slice(0, first);
        if (!enough(before)) {
            return new TrendAnalysis(new TrendResult(false, null, 0, null, null, at + "; too few samples before that ("
                    + before.size() + " hourly medians) to tell whether a leak brought it there."), Optional.empty(),
                    s.size(), s.time(0));
        }
        Deseasonalised cycle = DailyCycle.estimate(before);
        TrendAnalysis verdict = judgeSinceLastReset(before.withLevels(cycle.values()), cycle, OptionalLong.of(maxclients));
        TrendResult r = verdict.result();
        String reason = at + (r.leaking() ? "; before that: " : "; not after a leak-like rise: ")
                + asClause(r.reason()) + ".";
        TrendResult result = new TrendResult(r.leaking(), r.slopePerDay(), r.confidence(), r.startedAt(),
                r.leaking() ? since : null, reason);
        return new TrendAnalysis(result, verdict.line(), verdict.hourlyPoints(), verdict.judgedFrom());
    }

    private static TrendAnalysis tooFew(HourlySeries s, int points) {
        String reason = String.format(Locale.ROOT,
                "Too few samples: %d (%d hourly medians) over %d h; need at least %d hourly medians over %d h (a full"
                        + " daily cycle) to tell a leak from daily traffic.",
                points, s.size(), s.spanHours(), MIN_HOURLY_POINTS, MIN_SPAN_HOURS);
        return new TrendAnalysis(new TrendResult(false, null, 0, null, null, reason), Optional.empty(), s.size(),
                s.isEmpty() ? null : s.time(0));
    }

    private static TrendAnalysis notLeaking(HourlySeries seg, Double slope, double confidence, String reason) {
        TrendResult r = new TrendResult(false, slope, clamp(confidence), null, null, capitalised(reason) + ".");
        return new TrendAnalysis(r, Optional.empty(), seg.size(), seg.time(0));
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    /** A reason sentence as a clause inside another: first letter lower case, no final period. */
    private static String asClause(String sentence) {
        String s = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static double clamp(double c) {
        return Math.max(0, Math.min(1, c));
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String round(double v) {
        double a = Math.abs(v);
        return a >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + round(v);
    }

    private static String p(double p) {
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    static String minutes(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES).toString();
    }

    static String humanDays(Duration d) {
        double days = d.toMinutes() / 1440.0;
        if (days < 2) {
            return d.toHours() + " h";
        }
        return String.format(Locale.ROOT, "%.0f days", days);
    }
}
