package io.ghostwatch.bot.bench;

import java.util.HashMap;
import java.util.Map;

/** A benchmark's command line: {@code --name value} pairs. */
final class BenchOptions {

    private BenchOptions() {
    }

    /**
     * @param usage the options, for the message when the command line is not pairs
     */
    static Map<String, String> parse(String[] args, String usage) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: " + usage);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'; options: " + usage);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /**
     * The option {@code --name} as a count of at least {@code least}, else {@code fallback}.
     *
     * @throws IllegalArgumentException naming the option and its value when it is not such a count
     */
    static int count(Map<String, String> options, String name, int fallback, int least) {
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
        throw new IllegalArgumentException("--" + name + " must be a whole number of at least " + least + ", got '" + value + "'");
    }
}
