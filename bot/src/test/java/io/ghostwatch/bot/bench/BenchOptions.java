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
}
