package io.ghostwatch.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Edge cases of {@link LeakDetector}, each on a series built for it (the evaluation runs the generated ones). */
class LeakDetectorTest {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    final LeakDetector detector = new LeakDetector();

    /** One sample an hour for {@code hours} hours; the value of hour h is {@code level.applyAsDouble(h)}. */
    static List<ConnectionPoint> hourly(int hours, IntToDoubleFunction level) {
        List<ConnectionPoint> points = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            points.add(new ConnectionPoint(T0.plus(Duration.ofHours(h)), Math.max(0, Math.round(level.applyAsDouble(h)))));
        }
        return points;
    }

    /** A daily cycle with its peak at 15:00 UTC. */
    static double daily(int hour, double amplitude) {
        return amplitude * Math.cos(2 * Math.PI * (hour % 24 - 15) / 24.0);
    }

    static IntToDoubleFunction noisy(IntToDoubleFunction level, double sigma, long seed) {
        Random rnd = new Random(seed);
        return h -> level.applyAsDouble(h) + sigma * rnd.nextGaussian();
    }

    static void assertWellFormed(TrendResult r) {
        assertThat(r.confidence()).isBetween(0.0, 1.0);
        assertThat(r.reason()).isNotBlank().endsWith(".");
        if (!r.leaking()) {
            assertThat(r.startedAt()).isNull();
        }
    }

    // ---- too little data ---------------------------------------------------------------------------------------

    @Test
    void anEmptySeriesIsTooFewAndSaysWhatIsNeeded() {
        TrendResult r = detector.detect(List.of(), OptionalLong.of(10_000));
        assertThat(r.leaking()).isFalse();
        assertThat(r.slopePerDay()).isNull();
        assertThat(r.confidence()).isZero();
        assertThat(r.exhaustsAt()).isNull();
        assertThat(r.reason()).isEqualTo("Too few samples: 0 (0 hourly medians) over 0 h; need at least 8 hourly"
                + " medians over 23 h (a full daily cycle) to tell a leak from daily traffic.");
    }

    @Test
    void onePointIsTooFew() {
        TrendResult r = detector.detect(hourly(1, h -> 300), OptionalLong.empty());
        assertThat(r.leaking()).isFalse();
        assertThat(r.reason()).startsWith("Too few samples: 1 (1 hourly medians) over 0 h");
    }

    @Test
    void aSteepRiseOverFiveHoursIsStillTooFewToJudge() {
        TrendResult r = detector.detect(hourly(5, h -> 300 + 50 * h), OptionalLong.of(1000));
        assertThat(r.leaking()).isFalse();
        assertThat(r.slopePerDay()).isNull();
        assertThat(r.reason()).startsWith("Too few samples: 5 (5 hourly medians) over 4 h; need at least 8");
    }

    @Test
    void samplesFourTimesAnHourCountAsOneHourEach() {
        List<ConnectionPoint> points = new ArrayList<>();
        for (int m = 0; m < 20 * 4; m++) {
            points.add(new ConnectionPoint(T0.plus(Duration.ofMinutes(15L * m)), 300));
        }
        TrendResult r = detector.detect(points, OptionalLong.empty());
        assertThat(r.reason()).startsWith("Too few samples: 80 (20 hourly medians) over 19 h");
    }

    // ---- not leaking -------------------------------------------------------------------------------------------

    @Test
    void aConstantSeriesIsConfidentlyNotLeaking() {
        TrendResult r = detector.detect(hourly(72, h -> 250), OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
        assertThat(r.slopePerDay()).isZero();
        assertThat(r.confidence()).isGreaterThan(0.99);
        assertThat(r.exhaustsAt()).isNull();
    }

    @Test
    void aDecreasingSeriesIsNotLeaking() {
        TrendResult r = detector.detect(hourly(96, noisy(h -> 800 - 40 * h / 24.0, 3, 1)), OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
        assertThat(r.slopePerDay()).isCloseTo(-40, within(5.0));
        assertThat(r.reason()).startsWith("Falling: -4");
        assertThat(r.confidence()).isGreaterThan(0.99);
    }

    @Test
    void hugeNoiseWithoutATrendIsNotALeak() {
        TrendResult r = detector.detect(hourly(14 * 24, noisy(h -> 400, 150, 7)), OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
    }

    @Test
    void aDailyCycleIsNotALeakAtAnyPointInAWeek() {
        IntToDoubleFunction level = noisy(h -> 500 + daily(h, 150), 5, 3);
        for (int hours = 24; hours <= 7 * 24; hours += 5) {
            TrendResult r = detector.detect(hourly(hours, level), OptionalLong.of(10_000));
            assertWellFormed(r);
            assertThat(r.leaking()).as("after %d hours: %s", hours, r.reason()).isFalse();
        }
    }

    @Test
    void aOneOffStepIsNotALeak() {
        TrendResult r = detector.detect(hourly(6 * 24, noisy(h -> 300 + (h >= 60 ? 250 : 0), 4, 5)),
                OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
        assertThat(r.reason()).startsWith("A one-off step of +25").contains("2026-03-04T12:");
    }

    @Test
    void aServerRestartThatClearedNothingIsNotALeak() {
        TrendResult r = detector.detect(hourly(5 * 24, noisy(h -> h == 50 ? 3 : 400, 4, 11)), OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
    }

    @Test
    void aSawtoothThatDeploysKeepBoundedIsNotALeak() {
        // an application leaks 100 connections a day until each deploy (every 2 days) closes them
        IntToDoubleFunction saw = noisy(h -> 200 + 100 * (h % 48) / 24.0, 3, 13);
        TrendResult r = detector.detect(hourly(6 * 24 + 30, saw), OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
        assertThat(r.reason()).contains("bounded sawtooth").contains("brought down 3 times");
        assertThat(r.confidence()).isEqualTo(0.75);
    }

    @Test
    void aSawtoothWhoseDeploysStoppedIsALeakAgain() {
        // two-day cycles for six days, then no deploy for five: the count climbs far past the earlier peaks
        IntToDoubleFunction saw = noisy(h -> 200 + 100 * (h < 144 ? h % 48 : h - 144) / 24.0, 3, 17);
        TrendResult r = detector.detect(hourly(11 * 24, saw), OptionalLong.of(10_000));
        assertThat(r.leaking()).as(r.reason()).isTrue();
        assertThat(r.slopePerDay()).isCloseTo(100, within(10.0));
    }

    // ---- leaking -----------------------------------------------------------------------------------------------

    @Test
    void theIncidentsLeakIsFoundWithinADayWithSlopeStartAndExhaustion() {
        // ~40 live clients with a small daily cycle, 300 ghosts and +72 a day, maxclients 1000
        TrendResult r = detector.detect(hourly(24, noisy(h -> 340 + daily(h, 6) + 3 * h, 2, 19)), OptionalLong.of(1000));
        assertWellFormed(r);
        assertThat(r.leaking()).as(r.reason()).isTrue();
        assertThat(r.slopePerDay()).isCloseTo(72, within(8.0));
        assertThat(r.startedAt()).isEqualTo(T0);
        assertThat(r.confidence()).isGreaterThan(0.99);
        // from ~409 at hour 23, (1000 - 409) / 72 = 8.2 days later
        Instant expected = T0.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(Math.round(591.0 / 72 * 1440)));
        assertThat(Duration.between(expected, r.exhaustsAt()).abs()).isLessThan(Duration.ofHours(24));
        assertThat(r.reason()).contains("Rising about 7").contains("reaches maxclients 1000 around");
    }

    @Test
    void aLeakThatBeginsMidSeriesStartsWhereTheRiseBegan() {
        Instant onset = T0.plus(Duration.ofHours(80));
        TrendResult r = detector.detect(hourly(6 * 24, noisy(h -> 500 + daily(h, 60) + (h > 80 ? 2.5 * (h - 80) : 0), 4, 23)),
                OptionalLong.of(10_000));
        assertThat(r.leaking()).as(r.reason()).isTrue();
        assertThat(r.slopePerDay()).isCloseTo(60, within(9.0));
        assertThat(Duration.between(onset, r.startedAt()).abs()).isLessThanOrEqualTo(Duration.ofHours(8));
    }

    @Test
    void aGapOfTwoDaysDoesNotHideALeak() {
        List<ConnectionPoint> points = hourly(6 * 24, noisy(h -> 300 + daily(h, 40) + 2 * h, 3, 29)).stream()
                .filter(p -> p.time().isBefore(T0.plus(Duration.ofHours(48))) || p.time().isAfter(T0.plus(Duration.ofHours(96))))
                .toList();
        TrendResult r = detector.detect(points, OptionalLong.of(10_000));
        assertThat(r.leaking()).as(r.reason()).isTrue();
        assertThat(r.slopePerDay()).isCloseTo(48, within(6.0));
    }

    @Test
    void aGapOfTwoDaysInASteadySeriesIsNotALeak() {
        List<ConnectionPoint> points = hourly(6 * 24, noisy(h -> 300 + daily(h, 40), 3, 31)).stream()
                .filter(p -> p.time().isBefore(T0.plus(Duration.ofHours(48))) || p.time().isAfter(T0.plus(Duration.ofHours(96))))
                .toList();
        TrendResult r = detector.detect(points, OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).as(r.reason()).isFalse();
    }

    @Test
    void unknownMaxclientsGivesNoExhaustionDate() {
        TrendResult r = detector.detect(hourly(48, noisy(h -> 300 + 3 * h, 2, 37)), OptionalLong.empty());
        assertThat(r.leaking()).isTrue();
        assertThat(r.exhaustsAt()).isNull();
        assertThat(r.reason()).contains("maxclients unknown, so no exhaustion date");
    }

    @Test
    void alreadyAtMaxclientsExhaustedWhenItFirstGotThere() {
        // +96 a day from 200; maxclients 400 is reached at hour 50 and the count stays there (Redis refuses more)
        TrendResult r = detector.detect(hourly(72, h -> Math.min(400, 200 + 4 * h)), OptionalLong.of(400));
        assertWellFormed(r);
        assertThat(r.leaking()).as(r.reason()).isTrue();
        assertThat(r.exhaustsAt()).isEqualTo(T0.plus(Duration.ofHours(50)));
        assertThat(r.slopePerDay()).isCloseTo(96, within(1.0));
        assertThat(r.reason()).startsWith("At or above maxclients 400 since 2026-03-04T02:00:00Z");
    }

    @Test
    void atMaxclientsWithoutALeakBeforeItIsNotALeakAndHasNoExhaustionDate() {
        // steady at 300, then maxclients was lowered to 250 under it (CONFIG SET): refused clients, but no leak
        TrendResult r = detector.detect(hourly(72, h -> 300), OptionalLong.of(250));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
        assertThat(r.exhaustsAt()).isNull();
        assertThat(r.reason()).startsWith("At or above maxclients 250 since 2026-03-02T00:00:00Z (new clients are"
                + " refused); too few samples before that (0 hourly medians)");
    }

    @Test
    void aRestartThatClearedALeakIsTooRecentToJudgeButSaysSo() {
        // a leak for four days, the server restarted ten hours ago
        TrendResult r = detector.detect(hourly(4 * 24 + 10, h -> h < 96 ? 300 + 4 * h : 300 + 4 * (h - 96)),
                OptionalLong.of(10_000));
        assertWellFormed(r);
        assertThat(r.leaking()).isFalse();
        assertThat(r.slopePerDay()).isNull();
        assertThat(r.reason()).startsWith("The count fell from").contains("only 10 hourly medians over 9 h since")
                .contains("before it the count rose about 96/day (if that was a leak, the drop only cleared it)");
    }

    @Test
    void theOrderOfThePointsDoesNotMatter() {
        List<ConnectionPoint> points = new ArrayList<>(hourly(72, noisy(h -> 300 + daily(h, 20) + 2 * h, 3, 41)));
        TrendResult sorted = detector.detect(points, OptionalLong.of(5000));
        Collections.shuffle(points, new Random(43));
        assertThat(detector.detect(points, OptionalLong.of(5000))).isEqualTo(sorted);
    }

    @Test
    void nullsAreRefused() {
        assertThatNullPointerException().isThrownBy(() -> detector.detect(hourly(30, h -> 1), null));
        List<ConnectionPoint> withNull = new ArrayList<>(hourly(30, h -> 1));
        withNull.add(null);
        assertThatNullPointerException().isThrownBy(() -> detector.detect(withNull, OptionalLong.empty()));
    }

    @Test
    void theAnalysisCarriesTheFittedLineForCharts() {
        TrendAnalysis a = detector.analyse(hourly(72, noisy(h -> 300 + 3 * h, 2, 47)), OptionalLong.of(1000));
        assertThat(a.result().leaking()).isTrue();
        assertThat(a.line()).hasValueSatisfying(line -> {
            assertThat(line.from()).isEqualTo(a.result().startedAt());
            assertThat(line.valueAt(T0.plus(Duration.ofHours(71)))).isCloseTo(300 + 3 * 71, within(6.0));
            assertThat(line.valueAt(a.result().exhaustsAt())).isCloseTo(1000, within(2.0));
        });
        assertThat(a.hourlyPoints()).isEqualTo(72);
        assertThat(a.judgedFrom()).isEqualTo(T0);
    }
}
