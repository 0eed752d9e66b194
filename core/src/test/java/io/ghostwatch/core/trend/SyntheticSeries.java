package io.ghostwatch.core.trend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Labelled synthetic {@code connected_clients} series, each with its truth: leaking or not, the true slope and
 * the true time maxclients is reached. Deterministic: one {@link Random} per series, seeded from the family and
 * index.
 *
 * <p>A series is the sum of what the incidents and ordinary operation put on a Redis server, sampled the way an
 * audit samples it (hourly with jitter, every 15 minutes, or irregularly with gaps):
 * <ul>
 *   <li><b>live clients</b>: a base level (log-uniform 40..3000) with a daily cycle (sine, business hours with
 *       ramps of about an hour, or an evening peak; amplitude up to 35% of the base; random time zone),
 *       optionally less on weekends;</li>
 *   <li><b>noise</b>: Gaussian, 0.5..3% of the base (huge-noise family: 20..40%), and rare bursts (a batch job
 *       opening 20..100% of the base for one sample);</li>
 *   <li><b>ghosts</b>: a compound Poisson process (dead clients arrive in batches of mean 1..5, a crashed host
 *       leaves its whole pool) at a mean rate of {@code slopePerDay}; cleared only by a server restart;</li>
 *   <li><b>server restarts</b>: the count falls to ~0, clients reconnect over 0..3 hours;</li>
 *   <li><b>deploy sawtooth</b>: an application that leaks pool connections until its next deploy (every
 *       0.5..3 days) closes them;</li>
 *   <li><b>steps</b>: a new service adds (or a retired one removes) a constant block, ramping in over 0..3 hours.</li>
 * </ul>
 * The truth's level is the count without the daily cycle and noise (base + ghosts); the true exhaustion time at a
 * moment is when that level, growing at the true rate from its value at that moment, reaches maxclients.
 * Parameters were fixed from the incidents and ordinary operation before the detector was written; they are not
 * tuned to it.
 */
final class SyntheticSeries {

    static final Instant EPOCH = Instant.parse("2026-03-02T00:00:00Z"); // a Monday
    private static final double HOUR = 1.0 / 24;

    enum Family {
        INCIDENT(true, "the incidents: ~40 live clients, ~300 ghosts, +70..80/day, hourly cron"),
        LEAK(true, "leak 10..500/day starting after 0..4 quiet days, any base, daily cycle, noise"),
        LEAK_IRREGULAR(true, "leak sampled irregularly (5 min..4 h apart, 10% lost) with a 2-day gap"),
        LEAK_RESTART(true, "leak whose ghosts a server restart clears 2..5 days in; the leak goes on"),
        STABLE(false, "steady base with a daily cycle, noise and bursts"),
        WEEKLY(false, "steady, 10..30% fewer clients on weekends"),
        SAWTOOTH(false, "an application leaking pool connections until its next deploy (every 0.5..3 days)"),
        STEP(false, "a new service adds (or a retired one removes) a constant block once"),
        RESTART(false, "steady, server restarted 1..3 times (count to ~0, reconnect over 0..3 h)"),
        GAPS(false, "steady, irregular sampling with a 2-day gap"),
        DECREASING(false, "slowly losing clients (1..5% of the base a day)"),
        NOISY(false, "steady with huge noise (20..40% of the base)");

        final boolean leaking;
        final String description;

        Family(boolean leaking, String description) {
            this.leaking = leaking;
            this.description = description;
        }
    }

    /**
     * What is true about a series.
     *
     * @param slopePerDay  the ghosts' mean arrival rate (0 when not leaking)
     * @param leakStart    when ghosts began to arrive (null when not leaking)
     * @param lastRestart  the last server restart before the leak is judged from (null if none)
     * @param knowableFrom from when the series shows what it is: for a deploy sawtooth, once it has been seen
     *                     reset twice (three hourly samples before and after each drop, and a drop larger than the
     *                     daily swing and the noise); otherwise the start
     */
    record Truth(boolean leaking, double slopePerDay, Instant leakStart, Instant lastRestart, long maxclients,
                 double[] levelAtHour, Instant knowableFrom) {

        /** The count without daily cycle and noise at {@code t}. */
        double level(Instant t) {
            int h = (int) Math.min(levelAtHour.length - 1,
                    Math.max(0, Duration.between(EPOCH, t).toHours()));
            return levelAtHour[h];
        }

        /** When maxclients is reached, judged at {@code at}: the level at that moment growing at the true rate. */
        Instant exhaustsAt(Instant at) {
            if (!leaking) {
                return null;
            }
            double days = (maxclients - level(at)) / slopePerDay;
            return at.plusSeconds(Math.round(days * 86_400));
        }

        /** Since when a detector that judges the segment since the last reset can see the leak. */
        Instant judgeableFrom() {
            return lastRestart != null && lastRestart.isAfter(leakStart) ? lastRestart : leakStart;
        }
    }

    record Labelled(Family family, int index, String description, List<ConnectionPoint> points, Truth truth) {

        Instant end() {
            return points.getLast().time();
        }

        List<ConnectionPoint> upTo(Instant t) {
            return points.stream().filter(p -> !p.time().isAfter(t)).toList();
        }

        @Override
        public String toString() {
            return family + "#" + index + " (" + description + ")";
        }
    }

    private SyntheticSeries() {
    }

    static List<Labelled> family(Family family, int count, long seedBase) {
        List<Labelled> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(generate(family, i, seedBase * 1_000_003L + family.ordinal() * 10_007L + i));
        }
        return all;
    }

    static Labelled generate(Family family, int index, long seed) {
        // java.util.Random's first draws from consecutive seeds are nearly equal: scramble the seed first
        Random rnd = new Random(mix(seed));
        return new Builder(family, rnd).build(index);
    }

    /** SplitMix64's finaliser: a bijection that spreads neighbouring seeds over the whole range. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    enum DailyShape { SINE, BUSINESS_HOURS, EVENING_PEAK, NONE }

    /** One series' parameters and its simulation. Times are in days since {@link #EPOCH}. */
    private static final class Builder {
        final Family family;
        final Random rnd;
        double days = 14;
        double base;
        DailyShape shape;
        double amplitude;
        double zoneShiftHours;
        double weekendFactor = 1;
        double noiseSigma;
        double burstProbability = 0.01;
        double ghostRate;
        double ghostBatchMean = 1;
        double ghostsAtStart;
        double leakStart = Double.NaN;
        final List<Double> restarts = new ArrayList<>();
        double[] reconnectHours = new double[0];
        double poolLeakPerDay;
        double[] deploys = new double[0];
        double stepAt = Double.NaN;
        double stepSize;
        double stepRampHours;
        double declinePerDay;
        long maxclients = 10_000;
        Sampling sampling = Sampling.HOURLY;
        double gapStart = Double.NaN;

        enum Sampling { HOURLY, QUARTER_HOURLY, IRREGULAR }

        Builder(Family family, Random rnd) {
            this.family = family;
            this.rnd = rnd;
            base = logUniform(40, 3000);
            shape = DailyShape.values()[rnd.nextInt(DailyShape.values().length)];
            amplitude = shape == DailyShape.NONE ? 0 : uniform(0.05, 0.35) * base;
            zoneShiftHours = uniform(0, 24);
            noiseSigma = Math.max(1, uniform(0.005, 0.03) * base);
            sampling = rnd.nextDouble() < 0.2 ? Sampling.QUARTER_HOURLY : Sampling.HOURLY;
            switch (family) {
                case INCIDENT -> incident();
                case LEAK -> leak();
                case LEAK_IRREGULAR -> {
                    leak();
                    sampling = Sampling.IRREGULAR;
                    gapStart = leakStart + uniform(1, 6);
                }
                case LEAK_RESTART -> {
                    leak();
                    double restart = leakStart + uniform(2, 5);
                    restarts.add(restart);
                    reconnectHours = new double[] {uniform(0, 3)};
                    days = restart + 10;
                }
                case STABLE -> { }
                case WEEKLY -> weekendFactor = 1 - uniform(0.10, 0.30);
                case SAWTOOTH -> sawtooth();
                case STEP -> step();
                case RESTART -> {
                    int n = 1 + rnd.nextInt(3);
                    reconnectHours = new double[n];
                    for (int i = 0; i < n; i++) {
                        restarts.add(uniform(0.5, days - 0.5));
                        reconnectHours[i] = uniform(0, 3);
                    }
                    restarts.sort(null);
                }
                case GAPS -> {
                    sampling = Sampling.IRREGULAR;
                    gapStart = uniform(1, days - 3);
                }
                case DECREASING -> declinePerDay = uniform(0.01, 0.05) * base;
                case NOISY -> {
                    noiseSigma = uniform(0.20, 0.40) * base;
                    burstProbability = 0.03;
                }
            }
            if (family.leaking) {
                double peakAtStart = base + amplitude + ghostsAtStart;
                maxclients = peakAtStart * 1.5 < 1000 && rnd.nextDouble() < 0.4 ? 1000 : 10_000;
            }
        }

        private void incident() {
            base = uniform(30, 60);
            shape = rnd.nextBoolean() ? DailyShape.BUSINESS_HOURS : DailyShape.SINE;
            amplitude = uniform(0.10, 0.40) * base;
            noiseSigma = uniform(1, 3);
            ghostsAtStart = uniform(250, 350);
            ghostRate = uniform(70, 80);
            ghostBatchMean = uniform(1, 3);
            leakStart = 0;
            days = 10;
            sampling = Sampling.HOURLY;
        }

        private void leak() {
            ghostRate = logUniform(10, 500);
            ghostBatchMean = uniform(1, 5);
            leakStart = rnd.nextDouble() < 0.3 ? 0 : uniform(0.5, 4);
            days = leakStart + 14;
        }

        private void sawtooth() {
            poolLeakPerDay = uniform(0.1, 1.0) * base;
            List<Double> d = new ArrayList<>();
            double t = -uniform(0, 2); // the series starts mid-cycle
            while (t < days) {
                t += uniform(0.5, 3);
                d.add(t);
            }
            deploys = d.stream().mapToDouble(Double::doubleValue).toArray();
            double maxPeak = base + amplitude + poolLeakPerDay * 3;
            maxclients = maxPeak * 1.5 < 10_000 ? 10_000 : 65_000;
        }

        private void step() {
            stepAt = uniform(1, days - 1);
            stepSize = uniform(0.2, 1.5) * base * (rnd.nextDouble() < 0.75 ? 1 : -0.5);
            stepRampHours = uniform(0, 3);
        }

        Labelled build(int index) {
            double[] ghostTimes = ghostArrivals();
            double[] sampleTimes = sampleTimes();
            List<ConnectionPoint> points = new ArrayList<>(sampleTimes.length);
            for (double t : sampleTimes) {
                double value = live(t) + ghosts(t, ghostTimes) + poolLeak(t) + step(t) - decline(t);
                value = value * reconnected(t) + rnd.nextGaussian() * noiseSigma;
                if (rnd.nextDouble() < burstProbability) {
                    value += uniform(0.2, 1.0) * base;
                }
                // Redis refuses new clients at maxclients: the count cannot climb past it
                points.add(new ConnectionPoint(at(t), Math.max(0, Math.min(maxclients, Math.round(value)))));
            }
            double[] levelAtHour = new double[(int) Math.ceil(days * 24) + 1];
            for (int h = 0; h < levelAtHour.length; h++) {
                double t = h * HOUR;
                levelAtHour[h] = base + ghosts(t, ghostTimes);
            }
            Instant lastRestart = restarts.isEmpty() ? null : at(restarts.getLast());
            // a drop is seen only with samples on both sides of it (three hours before, three after) and when it is
            // larger than what the daily swing and the noise do anyway
            double seen = 2 * amplitude + 3 * noiseSigma;
            double[] deploysInSeries = Arrays.stream(deploys).filter(d -> d >= 3 * HOUR && poolLeak(d - 1e-9) > seen)
                    .toArray();
            Instant knowableFrom = deploysInSeries.length >= 2 ? at(deploysInSeries[1] + 3 * HOUR)
                    : deploys.length > 0 ? at(days) : EPOCH;
            Truth truth = new Truth(family.leaking, family.leaking ? ghostRate : 0,
                    family.leaking ? at(leakStart) : null, lastRestart, maxclients, levelAtHour, knowableFrom);
            return new Labelled(family, index, describe(), List.copyOf(points), truth);
        }

        private String describe() {
            StringBuilder s = new StringBuilder();
            s.append(String.format("base %.0f, %s %.0f, noise %.1f", base, shape, amplitude, noiseSigma));
            if (family.leaking) {
                s.append(String.format(", +%.0f/day from day %.1f, maxclients %d", ghostRate, leakStart, maxclients));
            }
            if (ghostsAtStart > 0) {
                s.append(String.format(", %.0f ghosts at start", ghostsAtStart));
            }
            if (!restarts.isEmpty()) {
                s.append(", restarts at day ").append(restarts.stream().map(r -> String.format("%.1f", r)).toList());
            }
            if (deploys.length > 0) {
                s.append(String.format(", pool leak %.0f/day, deploys at day ", poolLeakPerDay)).append(Arrays.stream(deploys)
                        .filter(d -> d > 0 && d < days).mapToObj(d -> String.format("%.1f", d)).toList());
            }
            if (!Double.isNaN(stepAt)) {
                s.append(String.format(", step %+.0f at day %.1f", stepSize, stepAt));
            }
            if (weekendFactor < 1) {
                s.append(String.format(", weekends x%.2f", weekendFactor));
            }
            if (declinePerDay > 0) {
                s.append(String.format(", -%.0f/day", declinePerDay));
            }
            if (!Double.isNaN(gapStart)) {
                s.append(String.format(", gap at day %.1f", gapStart));
            }
            s.append(", ").append(sampling.name().toLowerCase(java.util.Locale.ROOT));
            return s.toString();
        }

        private double[] sampleTimes() {
            List<Double> times = new ArrayList<>();
            double t = 0;
            while (t <= days) {
                boolean inGap = !Double.isNaN(gapStart) && t >= gapStart && t < gapStart + 2;
                boolean lost = sampling == Sampling.IRREGULAR && rnd.nextDouble() < 0.10;
                if (!inGap && !lost) {
                    double jitter = sampling == Sampling.IRREGULAR ? 0 : uniform(-3, 3) / 1440;
                    times.add(Math.max(0, t + jitter));
                }
                t += switch (sampling) {
                    case HOURLY -> HOUR;
                    case QUARTER_HOURLY -> HOUR / 4;
                    case IRREGULAR -> Math.min(4 * HOUR, Math.max(5.0 / 1440, -Math.log(1 - rnd.nextDouble()) * HOUR));
                };
            }
            return times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }

        private double live(double t) {
            double localHour = ((t * 24 + zoneShiftHours) % 24 + 24) % 24;
            int dayOfWeek = (int) Math.floor((t * 24 + zoneShiftHours) / 24) % 7; // 0 = Monday
            double weekly = dayOfWeek >= 5 ? weekendFactor : 1;
            return base * weekly + amplitude * weekly * daily(shape, localHour);
        }

        private double ghosts(double t, double[] arrivalTimes) {
            double since = Double.NEGATIVE_INFINITY;
            for (double r : restarts) {
                if (r <= t) {
                    since = r;
                }
            }
            double count = since == Double.NEGATIVE_INFINITY ? ghostsAtStart : 0;
            for (int i = 0; i < arrivalTimes.length && arrivalTimes[i] <= t; i += 2) {
                if (arrivalTimes[i] > since) {
                    count += arrivalTimes[i + 1];
                }
            }
            return count;
        }

        /** Pairs (time, batch size) of ghost arrivals: batches arrive at rate/batchMean, sizes geometric. */
        private double[] ghostArrivals() {
            if (Double.isNaN(leakStart) || ghostRate <= 0) {
                return new double[0];
            }
            double batchRate = ghostRate / ghostBatchMean;
            List<Double> out = new ArrayList<>();
            double t = leakStart;
            while (true) {
                t += -Math.log(1 - rnd.nextDouble()) / batchRate;
                if (t > days) {
                    break;
                }
                out.add(t);
                out.add((double) geometric(ghostBatchMean));
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private double poolLeak(double t) {
            if (deploys.length == 0) {
                return 0;
            }
            int i = Arrays.binarySearch(deploys, t);
            int previous = i >= 0 ? i : -i - 2;
            double lastDeploy = previous >= 0 ? deploys[previous] : deploys[0] - 3;
            return poolLeakPerDay * Math.min(t - lastDeploy, 3);
        }

        private double step(double t) {
            if (Double.isNaN(stepAt) || t < stepAt) {
                return 0;
            }
            double ramp = stepRampHours <= 0 ? 1 : Math.min(1, (t - stepAt) * 24 / stepRampHours);
            return stepSize * ramp;
        }

        private double decline(double t) {
            return Math.min(declinePerDay * t, base / 2);
        }

        /** Just after a server restart only part of the clients are back: 0 at the restart, all after the ramp. */
        private double reconnected(double t) {
            for (int i = restarts.size() - 1; i >= 0; i--) {
                double r = restarts.get(i);
                if (t >= r) {
                    double hours = (t - r) * 24;
                    double ramp = reconnectHours[i];
                    return hours >= ramp ? 1 : Math.max(0.02, hours / Math.max(ramp, 1e-9));
                }
            }
            return 1;
        }

        private Instant at(double day) {
            return EPOCH.plusMillis(Math.round(day * 86_400_000));
        }

        private double uniform(double lo, double hi) {
            return lo + (hi - lo) * rnd.nextDouble();
        }

        private double logUniform(double lo, double hi) {
            return Math.exp(uniform(Math.log(lo), Math.log(hi)));
        }

        private int geometric(double mean) {
            if (mean <= 1) {
                return 1;
            }
            double p = 1 / mean;
            return 1 + (int) Math.floor(Math.log(1 - rnd.nextDouble()) / Math.log(1 - p));
        }
    }

    /** A daily pattern normalised to mean 0 over the day and peak 1 (so the amplitude is peak minus mean). */
    static double daily(DailyShape shape, double localHour) {
        if (shape == DailyShape.NONE) {
            return 0;
        }
        double[] meanAndPeak = NORMALISATION[shape.ordinal()];
        return (rawDaily(shape, localHour) - meanAndPeak[0]) / (meanAndPeak[1] - meanAndPeak[0]);
    }

    private static final double[][] NORMALISATION = new double[DailyShape.values().length][];

    static {
        for (DailyShape shape : DailyShape.values()) {
            double sum = 0;
            double peak = Double.NEGATIVE_INFINITY;
            int n = 24 * 60;
            for (int i = 0; i < n; i++) {
                double v = rawDaily(shape, i / 60.0);
                sum += v;
                peak = Math.max(peak, v);
            }
            NORMALISATION[shape.ordinal()] = new double[] {sum / n, peak};
        }
    }

    private static double rawDaily(DailyShape shape, double h) {
        return switch (shape) {
            case NONE -> 0;
            case SINE -> Math.cos(2 * Math.PI * (h - 15) / 24);
            // office hours: ramps of about an hour at 08:30 and 18:30
            case BUSINESS_HOURS -> logistic((h - 8.5) / 0.5) - logistic((h - 18.5) / 0.5);
            // slow build-up from the morning to 21:00, quick fall after
            case EVENING_PEAK -> {
                double d = h <= 21 ? 21 - h : h - 21;
                double width = h <= 21 ? 6 : 1.5;
                yield Math.exp(-Math.pow(d / width, 2)) + Math.exp(-Math.pow((h + 3) / 1.5, 2));
            }
        };
    }

    private static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
