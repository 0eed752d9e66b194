package io.ghostwatch.core.trend;

import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.history.ServerSample.AddressSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which client addresses a server's connections are growing from, so a leak finding can name them ("every extra
 * connection came from 10.0.0.7"). Pure.
 *
 * <p>Uses the samples that carry a client census (an empty address list means no census was taken and is
 * skipped; in a sample with a census, an address that is absent had no connection). Per address, the Theil-Sen
 * slope of its connection count (median of pairwise slopes: a burst or a missed sample does not move it) and of
 * its connections idle for over an hour (ghosts are idle: a rise that is all idle is a rise of ghosts). This
 * ranks contributors; whether the server leaks at all is {@link LeakDetector}'s call.
 */
public final class RisingAddresses {

    /** An address counts as rising from this slope on (connections per day). */
    public static final double MIN_SLOPE_PER_DAY = 1;

    /**
     * How one client address's connections changed.
     *
     * @param slopePerDay        Theil-Sen slope of its connection count
     * @param idleSlopePerDay    Theil-Sen slope of its connections idle over an hour
     * @param firstConnections   connections in the first census sample
     * @param lastConnections    connections in the last census sample
     * @param samples            census samples used
     * @param shareOfRise        its slope over the sum of the positive slopes of all addresses (0 when not rising)
     */
    public record AddressTrend(String address, double slopePerDay, double idleSlopePerDay, int firstConnections,
                               int lastConnections, int samples, double shareOfRise) {
    }

    /** Every address seen in the census samples, steepest rise first (ties by address). Empty with under 2 samples. */
    public List<AddressTrend> rank(List<ServerSample> history) {
        List<ServerSample> census = history.stream().filter(s -> !s.addresses().isEmpty())
                .sorted(Comparator.comparing(ServerSample::time)).toList();
        if (census.size() < 2 || !census.getLast().time().isAfter(census.getFirst().time())) {
            return List.of();
        }
        Instant origin = census.getFirst().time();
        double[] days = census.stream().mapToDouble(s -> Duration.between(origin, s.time()).toSeconds() / 86_400.0)
                .toArray();
        Map<String, double[]> slopes = new LinkedHashMap<>();
        for (String address : addresses(census)) {
            double[] connections = countsOf(census, address, false);
            double[] idle = countsOf(census, address, true);
            slopes.put(address, new double[] {RobustStats.theilSen(days, connections), RobustStats.theilSen(days, idle),
                    connections[0], connections[connections.length - 1]});
        }
        double totalRise = slopes.values().stream().mapToDouble(v -> Math.max(0, v[0])).sum();
        List<AddressTrend> out = new ArrayList<>();
        slopes.forEach((address, v) -> out.add(new AddressTrend(address, v[0], v[1], (int) v[2], (int) v[3],
                census.size(), totalRise > 0 ? Math.max(0, v[0]) / totalRise : 0)));
        out.sort(Comparator.comparingDouble(AddressTrend::slopePerDay).reversed()
                .thenComparing(AddressTrend::address));
        return out;
    }

    /** The addresses rising at least {@link #MIN_SLOPE_PER_DAY}, steepest first. */
    public List<AddressTrend> rising(List<ServerSample> history) {
        return rank(history).stream().filter(a -> a.slopePerDay() >= MIN_SLOPE_PER_DAY).toList();
    }

    private static TreeSet<String> addresses(List<ServerSample> census) {
        TreeSet<String> all = new TreeSet<>();
        census.forEach(s -> s.addresses().forEach(a -> all.add(a.address())));
        return all;
    }

    private static double[] countsOf(List<ServerSample> census, String address, boolean idleOnly) {
        double[] counts = new double[census.size()];
        for (int i = 0; i < census.size(); i++) {
            for (AddressSample a : census.get(i).addresses()) {
                if (a.address().equals(address)) {
                    counts[i] += idleOnly ? a.idleOver1h() : a.connections();
                }
            }
        }
        return counts;
    }
}
