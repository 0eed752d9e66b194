package io.ghostwatch.bot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes a benchmark starts: each one recorded in {@code RUN_DIR/pids} ("pid kind" per line) as it starts, so
 * the script's {@code trap} can stop whatever is left if the benchmark JVM itself is killed, and stopped by
 * {@link #stopAll} (the benchmark's finally block and its shutdown hook).
 */
final class BenchProcesses {

    /** A benchmark's body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Runs a benchmark, then {@code stop}: also when it fails, and through a shutdown hook on SIGINT or SIGTERM. */
    static void runThenStop(Body body, Runnable stop) throws Exception {
        Thread hook = new Thread(stop, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            body.run();
        } finally {
            stop.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Path runDir;
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

    BenchProcesses(Path runDir) {
        this.runDir = runDir;
    }

    /** The {@code java} of the JVM running the benchmark: the children run on the same JDK. */
    String javaBin() {
        return javaBin;
    }

    /** {@code java <flags> <args>} with exactly {@code env} as its environment, its output (both streams) to a file. */
    ProcessBuilder java(List<String> flags, List<String> args, Map<String, String> env, Path output) {
        List<String> command = new ArrayList<>();
        command.add(javaBin);
        command.addAll(flags);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(output.toFile());
        return pb;
    }

    Process spawn(ProcessBuilder pb, String kind) throws IOException {
        Process p = pb.start();
        processes.add(p);
        record(p.pid(), kind);
        return p;
    }

    /** Records a process started elsewhere (a redis-server of the test harness) for the script's trap. */
    void record(long pid, String kind) throws IOException {
        Files.writeString(runDir.resolve("pids"), pid + " " + kind + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** SIGTERM (the process's shutdown hooks run), then SIGKILL after 20 s. */
    void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        processes.remove(p);
    }

    /** Forgets a process that has exited. */
    void exited(Process p) {
        processes.remove(p);
    }

    void stopAll() {
        for (Process p : List.copyOf(processes)) {
            p.destroyForcibly();
        }
        for (Process p : List.copyOf(processes)) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
