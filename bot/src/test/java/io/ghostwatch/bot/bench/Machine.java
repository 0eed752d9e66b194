package io.ghostwatch.bot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were taken on: the machine, the JVM the children run, how loaded the machine was. */
final class Machine {

    private Machine() {
    }

    /** "2 cores, Linux 6.18, 23.5 GiB RAM". */
    static String describe() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "%d cores, %s %s, %.1f GiB RAM", os.getAvailableProcessors(), os.getName(),
                os.getVersion(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }

    /** The first line of {@code java -version} that names the VM. */
    static String javaVersion(String javaBin) throws IOException, InterruptedException {
        return firstLine(javaBin, "VM", "-version");
    }

    /** The JVM's ergonomic flags on this machine ({@code java -XX:+PrintCommandLineFlags -version}). */
    static String ergonomicFlags(String javaBin) throws IOException, InterruptedException {
        return firstLine(javaBin, "-XX", "-XX:+PrintCommandLineFlags", "-version");
    }

    private static String firstLine(String javaBin, String containing, String... args)
            throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = javaBin;
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains(containing)).findFirst().orElse("?").strip();
        p.waitFor();
        return line;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
