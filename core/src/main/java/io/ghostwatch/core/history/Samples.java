package io.ghostwatch.core.history;

import io.ghostwatch.core.model.HostPort;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules every {@link SampleStore} applies to what it is given, so both stores accept, refuse and normalise
 * exactly the same input.
 */
final class Samples {

    /** Same rule as target names in the config (ConfigLoader). */
    static final Pattern TARGET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /**
     * {@code host:port}: a DNS name or IPv4 address, or an IPv6 address with or without brackets (Redis writes
     * {@code ::1:6379}), optionally with a zone ({@code %eth0}). No whitespace, no '/', nothing a file name or
     * the series key could trip on.
     */
    private static final Pattern NODE_CHARS = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]{3,300}");

    /** Sample times a store accepts: whole epoch milliseconds with room for the retention, in any store. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Samples() {
    }

    /**
     * Checks every sample before anything is stored and returns them with times truncated to the millisecond.
     *
     * @throws IllegalArgumentException naming the sample (index, series) and the problem; also when two samples
     *                                  of one append share a series and millisecond
     */
    static List<ServerSample> checked(List<ServerSample> samples) {
        Objects.requireNonNull(samples, "samples");
        List<ServerSample> out = new ArrayList<>(samples.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            ServerSample s = samples.get(i);
            String which = "sample " + (i + 1) + " of " + samples.size();
            if (s == null) {
                throw new IllegalArgumentException(which + " is null");
            }
            checkTarget(s.target(), which);
            checkNode(s.node(), which + " (target " + s.target() + ")");
            which += " (" + s.seriesKey() + ")";
            if (s.time() == null) {
                throw new IllegalArgumentException(which + " has no time");
            }
            if (s.time().isBefore(EARLIEST) || s.time().isAfter(LATEST)) {
                throw new IllegalArgumentException(which + " has time " + s.time() + ", outside " + EARLIEST + " .. "
                        + LATEST);
            }
            for (ServerSample.AddressSample a : s.addresses()) {
                if (a == null || a.address() == null) {
                    throw new IllegalArgumentException(which + " has a census entry without an address");
                }
            }
            ServerSample t = truncated(s);
            Integer earlier = seen.putIfAbsent(t.seriesKey() + "\n" + t.time().toEpochMilli(), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException(which + " has the same series and time (" + t.time()
                        + ", to the millisecond) as sample " + earlier + "; a server is sampled once per audit");
            }
            out.add(t);
        }
        return out;
    }

    static void checkTarget(String target, String context) {
        if (target == null) {
            throw new IllegalArgumentException(context + " has no target");
        }
        // an ElastiCache cache is <account>/<region>/<cache id>: the file store encodes its '/', and a series key
        // splits at its last '/' (a node never holds one)
        if (!TARGET.matcher(target).matches() && io.ghostwatch.core.elasticache.CacheName.parse(target).isEmpty()) {
            throw new IllegalArgumentException(context + ": target '" + printable(target) + "' is not a valid "
                    + "target name (1-128 of letters, digits and . _ : -, starting with a letter or digit; or an ElastiCache cache's"
                    + " <account>/<region>/<cache id>)");
        }
    }

    static void checkNode(String node, String context) {
        if (node == null) {
            throw new IllegalArgumentException(context + " has no node");
        }
        String problem = null;
        if (!NODE_CHARS.matcher(node).matches()) {
            problem = "has characters other than letters, digits and . : % [ ] - (or is too short or too long)";
        } else {
            try {
                HostPort.parse(node);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(context + ": node '" + printable(node)
                    + "' is not host:port (e.g. 10.0.0.5:6379 or [::1]:6379): " + problem);
        }
    }

    static void checkSeries(String target, String node) {
        checkTarget(target, "history query");
        checkNode(node, "history query");
    }

    static ServerSample truncated(ServerSample s) {
        Instant t = s.time().truncatedTo(ChronoUnit.MILLIS);
        return t.equals(s.time()) ? s : new ServerSample(s.target(), s.node(), t, s.connectedClients(), s.maxclients(),
                s.rejectedConnections(), s.totalConnectionsReceived(), s.addresses());
    }

    /** The samples with {@code time >= since}, oldest first; for one time the last one given wins. */
    static List<ServerSample> history(List<ServerSample> inAppendOrder, Instant since) {
        Map<Instant, ServerSample> byTime = new LinkedHashMap<>();
        for (ServerSample s : inAppendOrder) {
            if (!s.time().isBefore(since)) {
                byTime.put(s.time(), s);
            }
        }
        List<ServerSample> out = new ArrayList<>(byTime.values());
        out.sort((a, b) -> a.time().compareTo(b.time()));
        return out;
    }

    /** Text from outside shown in a message: control characters escaped, length bounded. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 80; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 80 ? b + "..." : b.toString();
    }
}
