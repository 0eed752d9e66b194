package io.ghostwatch.bot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * One Lambda cold start measured from outside: {@code java <flags> -cp <Lambda jar>:lambda-main.jar LambdaColdStart
 * HANDLER EVENT} in a fresh JVM, timed from the spawn. {@code mainMs}, {@code handlerMs} and {@code responseMs} are the
 * child's wall clock when {@code main()} was entered, when the handler's constructor returned (Lambda's init) and when
 * {@code handleRequest} returned (the first invoke), minus the spawn time; {@code seenMs} is when this process read the
 * response line. {@code response} is the handler's output (one line).
 */
record ColdInvoke(long mainMs, long handlerMs, long responseMs, long seenMs, String response) {

    /** Where the child is and what it runs. */
    record Child(Path lambdaJar, Path mainJar, String handler) {
    }

    /** A jar holding only {@link LambdaColdStart} (and its nested classes): the class path is the Lambda jar plus it. */
    static Path mainJar(Path dir) throws IOException {
        Path out = dir.resolve("lambda-main.jar");
        List<Class<?>> classes = new ArrayList<>(List.of(LambdaColdStart.class));
        classes.addAll(List.of(LambdaColdStart.class.getDeclaredClasses()));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out))) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = LambdaColdStart.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException(entry + " is not on the class path");
                    }
                    jar.putNextEntry(new JarEntry(entry));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return out;
    }

    /**
     * Spawns the child on {@code event} and waits for its response line, then its exit (60 s at most).
     *
     * @param output where the child's other output goes (its log)
     */
    static ColdInvoke run(BenchProcesses processes, Child child, List<String> flags, Path event,
                          Map<String, String> env, Path output) throws IOException, InterruptedException {
        return spawn(processes, child, flags, List.of(child.handler(), event.toString()), env, output);
    }

    /** The JVM's floor: the same child with {@code --noop} (a main that prints one line), spawn to that line read. */
    static long floor(BenchProcesses processes, Child child, Path output) throws IOException, InterruptedException {
        return spawn(processes, child, List.of(), List.of("--noop"), Map.of(), output).seenMs();
    }

    private static ColdInvoke spawn(BenchProcesses processes, Child child, List<String> flags, List<String> args,
                                    Map<String, String> env, Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-cp", child.lambdaJar() + ":" + child.mainJar(),
                LambdaColdStart.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = processes.java(flags, command, env, output);
        pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        long startEpoch = System.currentTimeMillis();
        long start = System.nanoTime();
        Process p = processes.spawn(pb, "lambda " + child.lambdaJar().getFileName());
        StringBuilder log = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long seenAt = -1;
            String response = null;
            String marks = null;
            for (String line; (line = out.readLine()) != null; ) {
                if (seenAt < 0 && (line.startsWith("response ") || line.equals("ready"))) {
                    seenAt = System.nanoTime();
                    response = line;
                } else if (line.startsWith("marks ")) {
                    marks = line;
                } else {
                    log.append(line).append('\n');
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                processes.stop(p);
            }
            Files.writeString(output, log);
            if (response == null || (!response.equals("ready") && marks == null)) {
                throw new IllegalStateException("the Lambda main gave no response (exit "
                        + (p.isAlive() ? "none" : p.exitValue()) + "); its output:\n" + tail(log.toString()));
            }
            long seenMs = Math.round((seenAt - start) / 1e6);
            if (response.equals("ready")) {
                return new ColdInvoke(-1, -1, -1, seenMs, "");
            }
            Map<String, Long> m = new HashMap<>();
            for (String kv : marks.substring("marks ".length()).split(" ")) {
                String[] parts = kv.split("=");
                m.put(parts[0], Long.parseLong(parts[1]) - startEpoch);
            }
            return new ColdInvoke(m.get("main"), m.get("handler"), m.get("response"), seenMs,
                    response.substring("response ".length()));
        } finally {
            if (p.isAlive()) {
                processes.stop(p);
            }
            processes.exited(p);
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
