package io.ghostwatch.core.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.trend.SyntheticSeries.Family;
import io.ghostwatch.core.trend.SyntheticSeries.Labelled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the detector over many labelled synthetic series ({@link SyntheticSeries}) the way Ghostwatch runs it:
 * after every audit, on all samples so far. Prints the figures (recall, false alarms, time to detection,
 * exhaustion-time error) and checks them against the targets: the incidents' leak found within 24 hourly samples,
 * no false alarm on a series that is not leaking, time to exhaustion within +/-25% (measured against what the
 * arrival process allows at detection, see {@link #timeToExhaustionWithin25Percent}).
 *
 * <p>The seed is fixed (deterministic build); the detector was developed against other seeds, so these figures
 * are out-of-sample. {@code -Dghostwatch.evaluation.seed=N} runs another draw.
 */
class LeakDetectorEvaluationTest {

    /** Not the seed the detector was developed against (that was 1): the figures are out-of-sample. */
    static final long SEED = Long.getLong("ghostwatch.evaluation.seed", 20261121L);
    static final int PER_LEAK_FAMILY = 30;
    static final int PER_NORMAL_FAMILY = 30;
    /** A leak not found this long after it became visible counts as missed. */
    static final Duration GIVE_UP = Duration.ofDays(14);

    /**
     * The first audit that can judge: right after the 24th hourly sample (samples come within +/-3 minutes of the
     * hour; the audit runs just after its own sample).
     */
    static final Duration FIRST_AUDIT = Duration.ofHours(23).plusMinutes(5);
    static final LeakDetector DETECTOR = new LeakDetector();
    static Map<Family, List<LeakOutcome>> leaks;
    static Map<Family, List<NormalOutcome>> normals;

    /**
     * What happened on one leaking series.
     *
     * @param hoursToDetection from when the leak became visible (onset, or the restart that cleared it) to the
     *                         first audit that said leaking; -1 when never
     * @param samplesAtDetection samples taken since the leak became visible, up to that audit
     * @param earlyAlarm       said leaking before the onset
     * @param exhaustionErrors relative error of the predicted time to exhaustion at detection, +1 d, +3 d, +7 d
     *                         (NaN where that audit did not say leaking or the moment is past the series)
     * @param oracleError      the same error at detection for an oracle that sees every ghost arrive, without
     *                         noise or daily cycle, and knows when the leak began: its rate is the ghosts that came
     *                         since divided by the time. What the arrival process itself allows at that moment.
     */
    record LeakOutcome(Labelled series, long hoursToDetection, int samplesAtDetection, boolean earlyAlarm,
                       double slopeErrorAtDetection, double[] exhaustionErrors, double startErrorHours,
                       double oracleError) {
    }

    record NormalOutcome(Labelled series, int audits, List<Instant> falseAlarms, int alarmsBeforeKnowable,
                         String firstAlarmReason) {
    }

    @BeforeAll
    static void run() {
        leaks = new EnumMap<>(Family.class);
        normals = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            if (f.leaking) {
                leaks.put(f, SyntheticSeries.family(f, PER_LEAK_FAMILY, SEED).parallelStream()
                        .map(LeakDetectorEvaluationTest::evaluateLeak).toList());
            } else {
                normals.put(f, SyntheticSeries.family(f, PER_NORMAL_FAMILY, SEED).parallelStream()
                        .map(LeakDetectorEvaluationTest::evaluateNormal).toList());
            }
        }
        System.out.println(report());
    }

    static TrendResult detectAt(Labelled s, Instant now) {
        return DETECTOR.detect(s.upTo(now), OptionalLong.of(s.truth().maxclients()));
    }

    static LeakOutcome evaluateLeak(Labelled s) {
        Instant start = s.points().getFirst().time();
        Instant visible = s.truth().judgeableFrom();
        Instant end = s.end();
        Instant giveUp = visible.plus(GIVE_UP);
        boolean early = false;
        Instant detectedAt = null;
        TrendResult atDetection = null;
        for (Instant now = start.plus(FIRST_AUDIT); !now.isAfter(end) && now.isBefore(giveUp);
             now = now.plus(step(now, visible))) {
            TrendResult r = detectAt(s, now);
            if (r.leaking() && now.isBefore(s.truth().leakStart())) {
                early = true;
            }
            if (r.leaking() && !now.isBefore(visible)) {
                detectedAt = now;
                atDetection = r;
                break;
            }
        }
        double[] errors = new double[4];
        Arrays.fill(errors, Double.NaN);
        if (detectedAt == null) {
            return new LeakOutcome(s, -1, -1, early, Double.NaN, errors, Double.NaN, Double.NaN);
        }
        long[] after = {0, 24, 72, 168};
        for (int i = 0; i < after.length; i++) {
            Instant m = detectedAt.plus(Duration.ofHours(after[i]));
            if (m.isAfter(end) || !s.truth().exhaustsAt(m).isAfter(m.plus(Duration.ofHours(1)))) {
                continue; // past the series, or maxclients already reached: nothing left to predict
            }
            TrendResult r = i == 0 ? atDetection : detectAt(s, m);
            errors[i] = exhaustionError(s, m, r);
        }
        int samples = (int) s.upTo(detectedAt).stream().filter(p -> !p.time().isBefore(visible)).count();
        double slopeError = (atDetection.slopePerDay() - s.truth().slopePerDay()) / s.truth().slopePerDay();
        double startError = Duration.between(s.truth().leakStart(), atDetection.startedAt()).toMinutes() / 60.0;
        return new LeakOutcome(s, Duration.between(visible, detectedAt).toHours(), samples, early, slopeError, errors,
                startError, Double.isNaN(errors[0]) ? Double.NaN : oracleError(s, visible, detectedAt));
    }

    /** The oracle's relative error at {@code m}: true rate over the rate of the ghosts that actually came. */
    static double oracleError(Labelled s, Instant visible, Instant m) {
        double days = Duration.between(visible, m).toSeconds() / 86_400.0;
        double seen = (s.truth().level(m) - s.truth().level(visible)) / days;
        return seen <= 0 ? Double.POSITIVE_INFINITY : s.truth().slopePerDay() / seen - 1;
    }

    /** Hourly around the time a leak becomes visible, every 6 hours after the first two days. */
    static Duration step(Instant now, Instant visible) {
        return now.isAfter(visible.plus(Duration.ofDays(2))) ? Duration.ofHours(6) : Duration.ofHours(1);
    }

    /** Hourly for the first three days (where a daily cycle is hardest to tell from a rise), then every 3 hours. */
    static Duration normalStep(Instant now, Instant start) {
        return now.isBefore(start.plus(Duration.ofDays(3))) ? Duration.ofHours(1) : Duration.ofHours(3);
    }

    /** (predicted - true) / true time to exhaustion, judged at {@code m}; NaN when not leaking then. */
    static double exhaustionError(Labelled s, Instant m, TrendResult r) {
        if (!r.leaking() || r.exhaustsAt() == null) {
            return Double.NaN;
        }
        double trueSeconds = Duration.between(m, s.truth().exhaustsAt(m)).toSeconds();
        double predictedSeconds = Duration.between(m, r.exhaustsAt()).toSeconds();
        return (predictedSeconds - trueSeconds) / trueSeconds;
    }

    static NormalOutcome evaluateNormal(Labelled s) {
        Instant start = s.points().getFirst().time();
        List<Instant> alarms = new ArrayList<>();
        int before = 0;
        int audits = 0;
        String first = null;
        for (Instant now = start.plus(FIRST_AUDIT); !now.isAfter(s.end()); now = now.plus(normalStep(now, start))) {
            TrendResult r = detectAt(s, now);
            audits++;
            if (r.leaking()) {
                if (now.isBefore(s.truth().knowableFrom())) {
                    before++;
                } else {
                    alarms.add(now);
                }
                if (first == null) {
                    first = now + ": " + r.reason();
                }
            }
        }
        return new NormalOutcome(s, audits, alarms, before, first);
    }

    // ---- the report --------------------------------------------------------------------------------------------

    static String report() {
        StringBuilder out = new StringBuilder();
        out.append("\n=== LeakDetector evaluation (seed ").append(SEED).append(") ===\n");
        out.append(targets());
        out.append("Leaking series: detection = first audit (hourly, 6-hourly after 2 days) that says leaking, counted from"
                + " when the leak became visible (onset, or the restart that cleared it)\n");
        out.append(String.format(Locale.ROOT, "%-15s %5s %8s %9s %9s %9s %6s %9s %9s%n", "family", "n", "recall",
                "medianTTD", "p90TTD", "maxTTD", "early", "slopeErr", "startErr"));
        List<LeakOutcome> allLeaks = new ArrayList<>();
        for (var e : leaks.entrySet()) {
            List<LeakOutcome> o = e.getValue();
            allLeaks.addAll(o);
            out.append(leakLine(e.getKey().name(), o));
        }
        out.append(leakLine("ALL", allLeaks));
        out.append("\nTime to exhaustion, relative error (predicted/true - 1), at detection and later audits:\n");
        out.append(String.format(Locale.ROOT, "%-19s %5s %8s %8s %8s %8s %8s %8s%n", "when", "n", "median", "p10",
                "p90", "med|e|", "max|e|", "in25%"));
        String[] when = {"at detection", "+1 day", "+3 days", "+7 days"};
        for (int i = 0; i < when.length; i++) {
            int k = i;
            double[] errs = allLeaks.stream().mapToDouble(o -> o.exhaustionErrors()[k]).filter(d -> !Double.isNaN(d))
                    .sorted().toArray();
            out.append(errorLine(when[i], errs));
        }
        out.append(errorLine("oracle@detection", allLeaks.stream().mapToDouble(LeakOutcome::oracleError)
                .filter(d -> !Double.isNaN(d)).sorted().toArray()));
        for (var e : leaks.entrySet()) {
            double[] errs = e.getValue().stream().mapToDouble(o -> o.exhaustionErrors()[0])
                    .filter(d -> !Double.isNaN(d)).sorted().toArray();
            out.append(errorLine("  " + e.getKey().name().toLowerCase(Locale.ROOT) + "@det", errs));
        }
        out.append("\nTime to detection by true slope (all leaking families):\n");
        double[][] bands = {{10, 30}, {30, 70}, {70, 150}, {150, 501}};
        for (double[] b : bands) {
            List<LeakOutcome> in = allLeaks.stream().filter(o -> o.series().truth().slopePerDay() >= b[0]
                    && o.series().truth().slopePerDay() < b[1]).toList();
            out.append(leakLine(String.format(Locale.ROOT, "%.0f..%.0f/day", b[0], b[1]), in));
        }
        out.append("\nNot leaking: audits hourly from 23 h to 3 days, then every 3 h; a false alarm is any audit that says leaking\n");
        out.append(String.format(Locale.ROOT, "%-15s %5s %7s %10s %12s %15s%n", "family", "n", "audits",
                "falseAlarm", "seriesWithFA", "beforeKnowable"));
        int audits = 0;
        int alarms = 0;
        int seriesWith = 0;
        int n = 0;
        for (var e : normals.entrySet()) {
            List<NormalOutcome> o = e.getValue();
            int a = o.stream().mapToInt(NormalOutcome::audits).sum();
            int fa = o.stream().mapToInt(x -> x.falseAlarms().size()).sum();
            int sw = (int) o.stream().filter(x -> !x.falseAlarms().isEmpty()).count();
            int bk = o.stream().mapToInt(NormalOutcome::alarmsBeforeKnowable).sum();
            audits += a;
            alarms += fa;
            seriesWith += sw;
            n += o.size();
            out.append(String.format(Locale.ROOT, "%-15s %5d %7d %10d %12d %15d%n", e.getKey(), o.size(), a, fa, sw, bk));
        }
        out.append(String.format(Locale.ROOT, "%-15s %5d %7d %10d %12d%n", "ALL", n, audits, alarms, seriesWith));
        out.append("\nMissed or slow leaks (not found within 24 h of becoming visible):\n");
        allLeaks.stream().filter(o -> o.hoursToDetection() < 0 || o.hoursToDetection() > 24)
                .sorted((a, b) -> Long.compare(b.hoursToDetection() < 0 ? Long.MAX_VALUE : b.hoursToDetection(),
                        a.hoursToDetection() < 0 ? Long.MAX_VALUE : a.hoursToDetection()))
                .limit(15).forEach(o -> out.append("  ").append(o.hoursToDetection() < 0 ? "missed" : o.hoursToDetection()
                        + " h").append("  ").append(o.series()).append('\n'));
        out.append("False alarms:\n");
        normals.values().stream().flatMap(List::stream).filter(o -> o.firstAlarmReason() != null)
                .forEach(o -> out.append("  ").append(o.falseAlarms().size()).append(" (+")
                        .append(o.alarmsBeforeKnowable()).append(" before knowable)  ").append(o.series()).append("\n     ")
                        .append(o.firstAlarmReason()).append('\n'));
        out.append("Worst exhaustion errors at detection:\n");
        allLeaks.stream().filter(o -> !Double.isNaN(o.exhaustionErrors()[0]))
                .sorted((a, b) -> Double.compare(Math.abs(b.exhaustionErrors()[0]), Math.abs(a.exhaustionErrors()[0])))
                .limit(8).forEach(o -> out.append(String.format(Locale.ROOT, "  %+.0f%% (slope %+.0f%%)  %s%n",
                        100 * o.exhaustionErrors()[0], 100 * o.slopeErrorAtDetection(), o.series())));
        return out.toString();
    }

    static String targets() {
        int worstIncident = leaks.get(Family.INCIDENT).stream().mapToInt(LeakOutcome::samplesAtDetection).max().orElse(-1);
        long incidentsMissed = leaks.get(Family.INCIDENT).stream().filter(o -> o.hoursToDetection() < 0).count();
        List<NormalOutcome> normal = allNormals();
        long faSeries = normal.stream().filter(o -> !o.falseAlarms().isEmpty()).count();
        long faAudits = normal.stream().mapToLong(o -> o.falseAlarms().size()).sum();
        long audits = normal.stream().mapToLong(NormalOutcome::audits).sum();
        double[][] within = new double[4][];
        for (int k = 0; k < 4; k++) {
            int i = k;
            within[k] = allLeaks().stream().mapToDouble(o -> o.exhaustionErrors()[i]).filter(d -> !Double.isNaN(d))
                    .toArray();
        }
        double[] oracle = allLeaks().stream().mapToDouble(LeakOutcome::oracleError).filter(d -> !Double.isNaN(d))
                .map(Math::abs).toArray();
        String share = String.format(Locale.ROOT, "%.0f%% at detection (oracle %.0f%%), %.0f%% three days later",
                100 * shareWithin25(Arrays.stream(within[0]).map(Math::abs).toArray()), 100 * shareWithin25(oracle),
                100 * shareWithin25(Arrays.stream(within[2]).map(Math::abs).toArray()));
        long found = allLeaks().stream().filter(o -> o.hoursToDetection() >= 0).count();
        return String.format(Locale.ROOT, """
                Targets:
                  incidents' leak within 24 hourly samples ... %s (worst: %d samples%s)
                  no false alarm on non-leaking series ...... %s (%d of %d series, %d of %d audits)
                  time to exhaustion within +/-25%% .......... %s
                  leaks found within 14 days ................ %d of %d
                """, worstIncident <= 24 && incidentsMissed == 0 ? "met" : "NOT met", worstIncident,
                incidentsMissed > 0 ? ", " + incidentsMissed + " missed" : "", faSeries == 0 ? "met" : "NOT met", faSeries,
                normal.size(), faAudits, audits, share, found, allLeaks().size());
    }

    static String leakLine(String name, List<LeakOutcome> o) {
        long[] ttd = o.stream().mapToLong(LeakOutcome::hoursToDetection).filter(h -> h >= 0).sorted().toArray();
        double recall = o.isEmpty() ? Double.NaN : (double) ttd.length / o.size();
        long early = o.stream().filter(LeakOutcome::earlyAlarm).count();
        double[] slopeErr = o.stream().mapToDouble(x -> Math.abs(x.slopeErrorAtDetection())).filter(d -> !Double.isNaN(d))
                .sorted().toArray();
        double[] startErr = o.stream().mapToDouble(x -> Math.abs(x.startErrorHours())).filter(d -> !Double.isNaN(d))
                .sorted().toArray();
        return String.format(Locale.ROOT, "%-15s %5d %7.0f%% %8sh %8sh %8sh %6d %8.0f%% %8.1fh%n", name, o.size(),
                100 * recall, quantile(ttd, 0.5), quantile(ttd, 0.9), ttd.length == 0 ? "-" : ttd[ttd.length - 1],
                early, 100 * quantile(slopeErr, 0.5), quantile(startErr, 0.5));
    }

    static String errorLine(String name, double[] sorted) {
        double[] abs = Arrays.stream(sorted).map(Math::abs).sorted().toArray();
        double maxAbs = abs.length == 0 ? Double.NaN : abs[abs.length - 1];
        long within = Arrays.stream(abs).filter(e -> e <= 0.25).count();
        return String.format(Locale.ROOT, "%-19s %5d %+7.1f%% %+7.1f%% %+7.1f%% %7.1f%% %7.1f%% %7.0f%%%n", name,
                sorted.length, 100 * quantile(sorted, 0.5), 100 * quantile(sorted, 0.1), 100 * quantile(sorted, 0.9),
                100 * quantile(abs, 0.5), 100 * maxAbs, sorted.length == 0 ? Double.NaN : 100.0 * within / sorted.length);
    }

    static String quantile(long[] sorted, double q) {
        return sorted.length == 0 ? "-" : String.valueOf(sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    }

    static double quantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    // ---- the targets -------------------------------------------------------------------------------------------

    static List<LeakOutcome> allLeaks() {
        return leaks.values().stream().flatMap(List::stream).toList();
    }

    static List<NormalOutcome> allNormals() {
        return normals.values().stream().flatMap(List::stream).toList();
    }

    /** Target: the incidents' leak (+70..80/day on a few hundred connections) found within 24 hourly samples. */
    @Test
    void theIncidentsLeakIsFoundWithin24HourlySamples() {
        assertThat(leaks.get(Family.INCIDENT)).allSatisfy(o -> assertThat(o.samplesAtDetection())
                .as(o.series().toString()).isBetween(1, 24));
    }

    /** Target: no false alarm on a series that is not leaking, at any audit once the series shows what it is. */
    @Test
    void noFalseAlarm() {
        List<String> alarmed = allNormals().stream().filter(o -> !o.falseAlarms().isEmpty())
                .map(o -> o.series() + " at " + o.falseAlarms() + ": " + o.firstAlarmReason()).toList();
        assertThat(alarmed).as("non-leaking series said to leak").isEmpty();
    }

    /**
     * Target: time to exhaustion within +/-25%. At the first detection the estimate rests on about a day of a
     * batchy arrival process (ghosts come in batches): even an oracle that sees every ghost arrive and knows the
     * onset is within 25% for only about two thirds of the leaks then. Held here: at detection at least as often
     * within 25% as that oracle and a median error within 25%; three days later at least 85% within 25%.
     */
    @Test
    void timeToExhaustionWithin25Percent() {
        double[] atDetection = allLeaks().stream().mapToDouble(o -> Math.abs(o.exhaustionErrors()[0]))
                .filter(d -> !Double.isNaN(d)).sorted().toArray();
        double[] oracle = allLeaks().stream().mapToDouble(o -> Math.abs(o.oracleError()))
                .filter(d -> !Double.isNaN(d)).toArray();
        double[] threeDaysOn = allLeaks().stream().mapToDouble(o -> Math.abs(o.exhaustionErrors()[2]))
                .filter(d -> !Double.isNaN(d)).toArray();
        assertThat(atDetection).isNotEmpty();
        assertThat(quantile(atDetection, 0.5)).as("median |error| at detection").isLessThanOrEqualTo(0.25);
        assertThat(shareWithin25(atDetection)).as("share within 25 percent at detection, vs the oracle")
                .isGreaterThanOrEqualTo(shareWithin25(oracle));
        assertThat(shareWithin25(threeDaysOn)).as("share within 25 percent three days after detection")
                .isGreaterThanOrEqualTo(0.85);
    }

    static double shareWithin25(double[] absErrors) {
        return (double) Arrays.stream(absErrors).filter(e -> e <= 0.25).count() / absErrors.length;
    }

    /** At least 95% of the leaks are found within two weeks of becoming visible; the report lists the others. */
    @Test
    void almostEveryLeakIsFound() {
        List<LeakOutcome> all = allLeaks();
        List<String> missed = all.stream().filter(o -> o.hoursToDetection() < 0).map(o -> o.series().toString())
                .collect(Collectors.toList());
        assertThat(missed.size()).as("missed: " + missed).isLessThanOrEqualTo((int) Math.floor(0.05 * all.size()));
        assertThat(all.stream().filter(LeakOutcome::earlyAlarm).count()).as("alarms before a leak began").isZero();
    }
}
