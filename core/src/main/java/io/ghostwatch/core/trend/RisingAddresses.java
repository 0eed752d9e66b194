package io.ghostwatch.core.trend;

import io.ghostwatch.core.history.ServerSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which client addresses hold the rise: the server-vs-client comparison of the incidents, where every extra
 * connection came from one application host. For each address seen in the census, the Theil-Sen slope of its
 * connection count over the samples that had a census (an address absent from such a sample had 0 connections).
 * Pure, no I/O.
 */
public final class RisingAddresses {

    /** An address counts as rising from this many connections a day. */
    static final double MIN_SLOPE_PER_DAY = 1.0;
    /** ... and when its count grew by at least this many over the samples. */
    static final int MIN_NET_RISE = 3;

    private RisingAddresses() {
    }

    /** One client address and how fast its connection count grows. */
    public record AddressTrend(String address, double slopePerDay, int first, int last) {
    }

    /** Rising addresses, fastest first; empty when fewer than three samples had a census. */
    public static List<AddressTrend> of(List<ServerSample> samples) {
        List<ServerSample> withCensus = samples.stream().filter(s -> !s.addresses().isEmpty())
                .sorted(Comparator.comparing(ServerSample::time)).toList();
        if (withCensus.size() < 3) {
            return List.of();
        }
        Set<String> addresses = new LinkedHashSet<>();
        withCensus.forEach(s -> s.addresses().forEach(a -> addresses.add(a.address())));
        double start = withCensus.getFirst().time().toEpochMilli();
        double[] days = withCensus.stream().mapToDouble(s -> (s.time().toEpochMilli() - start) / 86_400_000.0).toArray();
        List<AddressTrend> rising = new ArrayList<>();
        for (String address : addresses) {
            double[] counts = withCensus.stream().mapToDouble(s -> connectionsOf(s, address)).toArray();
            int first = (int) counts[0];
            int last = (int) counts[counts.length - 1];
            if (last - first < MIN_NET_RISE) {
                continue; // cheap test first: the O(n^2) slope only for addresses that grew at all
            }
            double slope = RobustStats.theilSen(days, counts);
            if (slope >= MIN_SLOPE_PER_DAY) {
                rising.add(new AddressTrend(address, slope, first, last));
            }
        }
        rising.sort(Comparator.comparingDouble(AddressTrend::slopePerDay).reversed()
                .thenComparing(AddressTrend::address));
        return rising;
    }

    private static int connectionsOf(ServerSample sample, String address) {
        return sample.addresses().stream().filter(a -> a.address().equals(address))
                .mapToInt(ServerSample.AddressSample::connections).sum();
    }
}
