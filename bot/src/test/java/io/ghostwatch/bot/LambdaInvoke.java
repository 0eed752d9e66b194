package io.ghostwatch.bot;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the Lambda Java runtime (and {@code sam local invoke}) does with a handler, run as a process of its own on the
 * shaded jar: create the handler once with its public no-argument constructor (its init reads the process
 * environment), then invoke it with each event in turn. Prints one line per event on standard output,
 * {@code <elapsed ms> <the handler's JSON answer>}; exits 2 when the handler cannot be created, 1 when an invocation
 * throws. Only the JDK and the jar's own classes are used here.
 */
public final class LambdaInvoke {

    private LambdaInvoke() {
    }

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler;
        try {
            handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("init failed: " + cause);
            cause.printStackTrace();
            System.exit(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (int i = 1; i < args.length; i++) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long start = System.nanoTime();
            try (InputStream event = Files.newInputStream(Path.of(args[i]))) {
                handler.handleRequest(event, answer, null);
            } catch (RuntimeException e) {
                System.err.println("invocation failed: " + e);
                e.printStackTrace();
                System.exit(1);
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            out.println(elapsed + " " + answer.toString(StandardCharsets.UTF_8));
        }
    }

    /** Runs {@code handler} in a fresh JVM on {@code classpath} with exactly {@code environment}. */
    static ProcessBuilder process(String classpath, Map<String, String> environment, String handler, Path... events) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                LambdaInvoke.class.getName(), handler));
        for (Path e : events) {
            command.add(e.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb;
    }
}
