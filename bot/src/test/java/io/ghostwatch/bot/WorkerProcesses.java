package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a handler of the shaded bot jar in a fresh JVM ({@link LambdaInvoke}), as Lambda and sam local invoke do. */
final class WorkerProcesses {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One invocation's answer and how long the handler took. */
    record Answer(long elapsedMillis, JsonNode body) {
    }

    private WorkerProcesses() {
    }

    /** What every AWS handler needs: a region and (fake) credentials, nothing inherited. */
    static Map<String, String> awsEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "fake");
        return env;
    }

    static List<Answer> invoke(Map<String, String> environment, Class<?> handler, Path... events)
            throws IOException, InterruptedException {
        return run(environment, handler, events).answers();
    }

    /** What one handler process answered, and what it wrote to stderr (its log). */
    record Run(List<Answer> answers, String stderr) {
    }

    /** As {@link #invoke}, with the process's stderr. */
    static Run run(Map<String, String> environment, Class<?> handler, Path... events)
            throws IOException, InterruptedException {
        String jar = System.getProperty("ghostwatch.bot.jar");
        assertThat(jar).as("failsafe sets ghostwatch.bot.jar").isNotNull();
        assertThat(Path.of(jar)).isRegularFile();
        String testClasses = Path.of(LambdaInvoke.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        Process p = LambdaInvoke.process(jar + File.pathSeparator + testClasses, environment, handler.getName(), events)
                .start();
        Path stderr = Files.createTempFile("ghostwatch-lambda-", ".err");
        stderr.toFile().deleteOnExit();
        // drain stderr to a file so a chatty handler cannot block on a full pipe
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                Files.write(stderr, p.getErrorStream().readAllBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the handler process ended").isTrue();
        drain.join();
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit value; stderr:\n" + err).isZero();
        List<Answer> answers = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            int space = line.indexOf(' ');
            answers.add(new Answer(Long.parseLong(line.substring(0, space)), JSON.readTree(line.substring(space + 1))));
        }
        assertThat(answers).as("one answer per event; stderr:\n" + err).hasSize(events.length);
        return new Run(answers, err);
    }
}
