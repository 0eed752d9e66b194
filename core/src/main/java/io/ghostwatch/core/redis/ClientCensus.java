package io.ghostwatch.core.redis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is connected to one server, grouped by client host: the server-side half of the incidents'
 * server-vs-client comparison. Ghostwatch's own connection is left out.
 *
 * @param skipped       why the census was not taken (too many clients for an O(n) CLIENT LIST), or null
 * @param connections   connections counted (Ghostwatch's own excluded)
 * @param ghostIdleSeconds the idle threshold {@link #probableGhosts()} was counted against
 * @param addresses     one entry per client host, most connections first
 * @param idle          how long the clients timeout applies to (not exempt) have been idle
 */
public record ClientCensus(String skipped, int connections, long ghostIdleSeconds, List<AddressCensus> addresses,
                           IdleHistogram idle) {

    /** Idle thresholds every census reports, in seconds; the policy's ghost threshold is added. */
    public static final List<Long> IDLE_BUCKETS = List.of(60L, 3_600L, 86_400L);

    /** Names kept per address: enough to recognise an application, bounded for hostile input. */
    static final int MAX_NAMES = 10;

    public ClientCensus {
        addresses = List.copyOf(addresses);
    }

    public static ClientCensus skipped(String reason, long ghostIdleSeconds) {
        return new ClientCensus(reason, 0, ghostIdleSeconds, List.of(), IdleHistogram.empty());
    }

    /**
     * @param ownId the ID of Ghostwatch's own connection (CLIENT ID), or -1 when unknown
     */
    public static ClientCensus of(List<ClientInfo> clients, long ownId, long ghostIdleSeconds) {
        TreeSet<Long> buckets = new TreeSet<>(IDLE_BUCKETS);
        buckets.add(ghostIdleSeconds);
        Map<String, Builder> byHost = new LinkedHashMap<>();
        int[] idle = new int[IdleHistogram.BOUNDS.size() + 1];
        int count = 0;
        for (ClientInfo c : clients) {
            if (c.id() == ownId) {
                continue;
            }
            count++;
            if (!c.exemptFromTimeout()) {
                idle[IdleHistogram.bucketOf(c.idleSeconds())]++;
            }
            byHost.computeIfAbsent(c.host(), h -> new Builder(h, buckets)).add(c, ghostIdleSeconds);
        }
        List<AddressCensus> addresses = new ArrayList<>();
        for (Builder b : byHost.values()) {
            addresses.add(b.build());
        }
        addresses.sort(Comparator.comparingInt(AddressCensus::connections).reversed()
                .thenComparing(AddressCensus::address));
        return new ClientCensus(null, count, ghostIdleSeconds, addresses, IdleHistogram.of(idle));
    }

    public boolean isSkipped() {
        return skipped != null;
    }

    /** Connections idle longer than the ghost threshold that Redis would close if timeout allowed it. */
    public int probableGhosts() {
        return addresses.stream().mapToInt(AddressCensus::probableGhosts).sum();
    }

    /** Addresses holding probable ghosts, most first. */
    public List<AddressCensus> ghostHolders() {
        return addresses.stream().filter(a -> a.probableGhosts() > 0)
                .sorted(Comparator.comparingInt(AddressCensus::probableGhosts).reversed()
                        .thenComparing(AddressCensus::address))
                .toList();
    }

    /**
     * The clients of one host.
     *
     * @param idleOverSeconds threshold (s) -> connections idle longer than it
     * @param probableGhosts  connections idle past the ghost threshold and not exempt from timeout
     * @param exempt          replicas, masters, MONITOR, Pub/Sub and blocked clients (timeout never applies)
     * @param flags           flag string -> connections
     */
    public record AddressCensus(String address, int connections, Map<Long, Integer> idleOverSeconds,
                                long oldestAgeSeconds, long maxIdleSeconds, int probableGhosts, int exempt,
                                List<String> names, int namesOmitted, Map<String, Integer> flags) {
        public AddressCensus {
            idleOverSeconds = java.util.Collections.unmodifiableMap(new TreeMap<>(idleOverSeconds));
            names = List.copyOf(names);
            flags = java.util.Collections.unmodifiableMap(new TreeMap<>(flags));
        }
    }

    private static final class Builder {
        private final String address;
        private final TreeMap<Long, Integer> idleOver = new TreeMap<>();
        private final TreeSet<String> names = new TreeSet<>();
        private final TreeMap<String, Integer> flags = new TreeMap<>();
        private int connections;
        private long oldestAge;
        private long maxIdle;
        private int ghosts;
        private int exempt;
        private int namesOmitted;

        Builder(String address, TreeSet<Long> buckets) {
            this.address = address;
            buckets.forEach(b -> idleOver.put(b, 0));
        }

        void add(ClientInfo c, long ghostIdleSeconds) {
            connections++;
            oldestAge = Math.max(oldestAge, c.ageSeconds());
            maxIdle = Math.max(maxIdle, c.idleSeconds());
            idleOver.replaceAll((threshold, n) -> c.idleSeconds() > threshold ? n + 1 : n);
            boolean isExempt = c.exemptFromTimeout();
            if (isExempt) {
                exempt++;
            } else if (c.idleSeconds() > ghostIdleSeconds) {
                ghosts++;
            }
            if (!c.name().isEmpty() && !names.contains(c.name())) {
                if (names.size() < MAX_NAMES) {
                    names.add(c.name());
                } else {
                    namesOmitted++;
                }
            }
            flags.merge(c.flags(), 1, Integer::sum);
        }

        AddressCensus build() {
            return new AddressCensus(address, connections, idleOver, oldestAge, maxIdle, ghosts, exempt,
                    new ArrayList<>(names), namesOmitted, flags);
        }
    }
}
