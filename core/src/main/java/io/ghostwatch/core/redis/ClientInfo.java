package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code CLIENT LIST}. Fields are parsed by key and unknown keys ignored, so newer servers
 * (Redis 7.2 lib-name, Valkey tot-net-in) parse the same. {@code name} is attacker-controlled text.
 *
 * @param subscriptions channels + patterns + shard channels subscribed ({@code sub + psub + ssub}); 0 when the
 *                      server does not report them
 */
public record ClientInfo(long id, String addr, String laddr, String name, long ageSeconds, long idleSeconds,
                         String flags, String cmd, String user, long subscriptions) {

    /** Parses the whole raw reply, one client per line. Lines without an {@code id} are skipped. */
    public static List<ClientInfo> parseList(String raw) {
        List<ClientInfo> clients = new ArrayList<>();
        for (String line : raw.split("\r?\n")) {
            if (!line.isBlank()) {
                ClientInfo c = parseLine(line);
                if (c != null) {
                    clients.add(c);
                }
            }
        }
        return clients;
    }

    static ClientInfo parseLine(String line) {
        long id = -1;
        long age = 0;
        long idle = 0;
        String addr = "";
        String laddr = "";
        String name = "";
        String flags = "";
        String cmd = "";
        String user = "";
        long subscriptions = 0;
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            switch (key) {
                case "id" -> id = parseLong(value, -1);
                case "addr" -> addr = value;
                case "laddr" -> laddr = value;
                case "name" -> name = value;
                case "age" -> age = parseLong(value, 0);
                case "idle" -> idle = parseLong(value, 0);
                case "flags" -> flags = value;
                case "cmd" -> cmd = value;
                case "user" -> user = value;
                case "sub", "psub", "ssub" -> subscriptions += Math.max(0, parseLong(value, 0));
                default -> { /* unknown keys are ignored by design */ }
            }
        }
        return id < 0 ? null : new ClientInfo(id, addr, laddr, name, age, idle, flags, cmd, user, subscriptions);
    }

    private static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The client's host, without port ("10.0.0.12", "::1"); unix-socket clients report their socket path. */
    public String host() {
        if (addr.isEmpty() || flags.contains("U")) {
            return addr.isEmpty() ? "unix" : HostPort.hostOf(addr);
        }
        return HostPort.hostOf(addr);
    }

    /**
     * True for clients Redis never closes for idleness whatever {@code timeout} says: replicas (S),
     * a replica's link to its master (M), MONITOR (O), Pub/Sub (P) and blocked clients (b).
     */
    public boolean exemptFromTimeout() {
        for (char f : flags.toCharArray()) {
            if (f == 'S' || f == 'M' || f == 'O' || f == 'P' || f == 'b') {
                return true;
            }
        }
        return false;
    }
}
