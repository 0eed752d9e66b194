package io.ghostwatch.core.trend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A connection series resampled to one value per hour: the median of the samples taken in that hour. The hours
 * are centred on the minute the samples usually come at (their circular mean minute), so an audit that runs at
 * about :00, sometimes :59 and sometimes :01, still gives one sample per hour instead of two in one clock hour
 * and none in the next. Hours without samples are left out (gaps stay gaps; nothing is interpolated). Each hour
 * also has a level: the value without the daily cycle once {@link #withLevels} has set it (until then the value
 * itself). Immutable.
 */
final class HourlySeries {

    private static final long SECONDS_PER_HOUR = 3600;

    private final long[] hours;     // bucket numbers, strictly increasing
    private final long offset;      // seconds: bucket k covers [k*3600 + offset, (k+1)*3600 + offset)
    private final double[] values;  // median connected_clients in that hour
    private final double[] levels;  // the same without the daily cycle
    private final Instant lastSample;

    private HourlySeries(long[] hours, long offset, double[] values, double[] levels, Instant lastSample) {
        this.hours = hours;
        this.offset = offset;
        this.values = values;
        this.levels = levels;
        this.lastSample = lastSample;
    }

    /** The hourly medians of the last {@code maxHours} hours before the newest point. */
    static HourlySeries of(List<ConnectionPoint> points, int maxHours) {
        List<ConnectionPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(ConnectionPoint::time));
        if (sorted.isEmpty()) {
            return new HourlySeries(new long[0], 0, new double[0], new double[0], null);
        }
        long offset = bucketOffset(sorted);
        Instant last = sorted.getLast().time();
        long oldestHour = bucketOf(last, offset) - maxHours + 1;
        List<Long> hourList = new ArrayList<>();
        List<Double> valueList = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            long hour = bucketOf(sorted.get(i).time(), offset);
            int j = i;
            while (j < sorted.size() && bucketOf(sorted.get(j).time(), offset) == hour) {
                j++;
            }
            if (hour >= oldestHour) {
                double[] inHour = new double[j - i];
                for (int k = i; k < j; k++) {
                    inHour[k - i] = sorted.get(k).connectedClients();
                }
                hourList.add(hour);
                valueList.add(RobustStats.median(inHour));
            }
            i = j;
        }
        double[] values = valueList.stream().mapToDouble(Double::doubleValue).toArray();
        return new HourlySeries(hourList.stream().mapToLong(Long::longValue).toArray(), offset, values, values, last);
    }

    /** Bucket boundaries half an hour away from the samples' circular mean second-of-hour. */
    private static long bucketOffset(List<ConnectionPoint> points) {
        double x = 0;
        double y = 0;
        for (ConnectionPoint p : points) {
            double angle = 2 * Math.PI * Math.floorMod(p.time().getEpochSecond(), SECONDS_PER_HOUR) / SECONDS_PER_HOUR;
            x += Math.cos(angle);
            y += Math.sin(angle);
        }
        double meanAngle = Math.atan2(y, x);
        long meanSecond = Math.round(meanAngle / (2 * Math.PI) * SECONDS_PER_HOUR);
        return Math.floorMod(meanSecond + SECONDS_PER_HOUR / 2, SECONDS_PER_HOUR);
    }

    private static long bucketOf(Instant t, long offset) {
        return Math.floorDiv(t.getEpochSecond() - offset, SECONDS_PER_HOUR);
    }

    int size() {
        return hours.length;
    }

    boolean isEmpty() {
        return hours.length == 0;
    }

    double value(int i) {
        return values[i];
    }

    double[] values() {
        return values.clone();
    }

    /** The values without the daily cycle (the values themselves until {@link #withLevels} set them). */
    double[] levels() {
        return levels.clone();
    }

    /** The same series with these levels. */
    HourlySeries withLevels(double[] newLevels) {
        if (newLevels.length != values.length) {
            throw new IllegalArgumentException("levels for " + newLevels.length + " hours, series has " + values.length);
        }
        return new HourlySeries(hours, offset, values, newLevels.clone(), lastSample);
    }

    /** The middle of hour i: the minute the samples usually come at. */
    Instant time(int i) {
        return Instant.ofEpochSecond(hours[i] * SECONDS_PER_HOUR + offset + SECONDS_PER_HOUR / 2);
    }

    /** Hour of day (UTC) of the middle of hour i, 0..23. */
    int hourOfDay(int i) {
        return (int) Math.floorMod(Math.floorDiv(hours[i] * SECONDS_PER_HOUR + offset + SECONDS_PER_HOUR / 2,
                SECONDS_PER_HOUR), 24L);
    }

    /** Hours between point i and point j. */
    long hoursBetween(int i, int j) {
        return hours[j] - hours[i];
    }

    /** Hours from the first to the last point. */
    long spanHours() {
        return isEmpty() ? 0 : hours[hours.length - 1] - hours[0];
    }

    /** The newest raw sample's time ("now" for projections). */
    Instant lastSample() {
        return lastSample;
    }

    /** Days since point {@code origin} for every point. */
    double[] daysSince(int origin) {
        double[] t = new double[hours.length];
        for (int i = 0; i < hours.length; i++) {
            t[i] = (hours[i] - hours[origin]) / 24.0;
        }
        return t;
    }

    /** Days from point {@code origin} to an instant. */
    double daysTo(int origin, Instant t) {
        return Duration.between(time(origin), t).toSeconds() / 86_400.0;
    }

    /** Whether point i+1 is the hour right after point i, for each i. */
    boolean[] adjacency() {
        boolean[] a = new boolean[Math.max(0, hours.length - 1)];
        for (int i = 0; i + 1 < hours.length; i++) {
            a[i] = hours[i + 1] - hours[i] == 1;
        }
        return a;
    }

    /**
     * Points {@code [from, to)}; the last sample time stays the newest raw sample when {@code to} is the end, and
     * is null for an empty slice.
     */
    HourlySeries slice(int from, int to) {
        long[] h = java.util.Arrays.copyOfRange(hours, from, to);
        double[] v = java.util.Arrays.copyOfRange(values, from, to);
        double[] l = java.util.Arrays.copyOfRange(levels, from, to);
        Instant last = to == hours.length ? lastSample : to > from ? time(to - 1) : null;
        return new HourlySeries(h, offset, v, l, last);
    }
}
