package io.ghostwatch.core.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A benchmark's command line: {@code --name value} pairs, each name one the benchmark knows (the benchmarks of every
 * module share it).
 */
public final class BenchOptions {

    private BenchOptions() {
    }

    /** @throws IllegalArgumentException when the command line is not pairs, or names an option not in {@code known} */
    public static Map<String, String> parse(String[] args, Set<String> known) {
        String valid = "--" + String.join(", --", new TreeSet<>(known));
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs (--option value); valid: " + valid);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'; valid: " + valid);
            }
            String name = args[i].substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; valid: " + valid);
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    /**
     * The option {@code --name} as a count of at least {@code least}, else {@code fallback}.
     *
     * @throws IllegalArgumentException naming the option and its value when it is not such a count
     */
    public static int count(Map<String, String> options, String name, int fallback, int least) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int count = Integer.parseInt(value.strip());
            if (count >= least) {
                return count;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--" + name + " must be a whole number of at least " + least + ", got '"
                + value + "'");
    }
}
