package io.ghostwatch.core.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a {@code main} of the test classpath in a separate JVM, as a second process of the same program would be. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * @param env variables to set (a null value removes the variable); the rest is inherited
     */
    public static Process start(Class<?> main, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path stderr = Files.createTempFile("ghostwatch-child-", ".err");
        stderr.toFile().deleteOnExit();
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        ERRORS.put(p, stderr);
        return p;
    }

    private static final Map<Process, Path> ERRORS = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the child wrote to standard error (for assertion messages). */
    public static String stderr(Process p) {
        try {
            Path f = ERRORS.get(p);
            return f == null ? "" : "child stderr:\n" + Files.readString(f, UTF_8);
        } catch (IOException e) {
            return "child stderr unreadable: " + e;
        }
    }
}
