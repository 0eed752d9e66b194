package io.ghostwatch.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The {@code INFO commandstats} section: command name (e.g. {@code client|list}) to calls and usec. */
record CommandStats(Map<String, Entry> commands) {

    record Entry(long calls, long usec) {
    }

    static CommandStats parse(String info) {
        Map<String, Entry> commands = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = line.substring("cmdstat_".length(), colon);
            long calls = 0;
            long usec = 0;
            for (String kv : line.substring(colon + 1).split(",")) {
                String[] p = kv.split("=", 2);
                switch (p[0]) {
                    case "calls" -> calls = Long.parseLong(p[1]);
                    case "usec" -> usec = Long.parseLong(p[1]);
                    default -> { /* usec_per_call, rejected_calls, failed_calls: derived or not needed */ }
                }
            }
            commands.put(name, new Entry(calls, usec));
        }
        return new CommandStats(commands);
    }

    /** What happened between {@code before} and this snapshot, commands with no new calls left out. */
    CommandStats minus(CommandStats before) {
        Map<String, Entry> diff = new LinkedHashMap<>();
        commands.forEach((name, after) -> {
            Entry b = before.commands.getOrDefault(name, new Entry(0, 0));
            if (after.calls() != b.calls()) {
                diff.put(name, new Entry(after.calls() - b.calls(), after.usec() - b.usec()));
            }
        });
        return new CommandStats(diff);
    }

    CommandStats without(String command, long calls, long usec) {
        Map<String, Entry> copy = new LinkedHashMap<>(commands);
        Entry e = copy.get(command);
        if (e != null) {
            if (e.calls() == calls) {
                copy.remove(command);
            } else {
                copy.put(command, new Entry(e.calls() - calls, e.usec() - usec));
            }
        }
        return new CommandStats(copy);
    }

    long totalUsec() {
        return commands.values().stream().mapToLong(Entry::usec).sum();
    }

    long totalCalls() {
        return commands.values().stream().mapToLong(Entry::calls).sum();
    }
}
