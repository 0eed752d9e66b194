package io.ghostwatch.bot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.bot.SlackSigning;
import io.ghostwatch.core.testing.BenchOptions;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prints how fast the Slack bot acknowledges: (1) a fresh {@code java -jar ghostwatch-bot.jar} from spawn to the
 * HTTP 200 of its first signed {@code /ghostwatch help}; (2) the Lambda handler in a fresh JVM
 * ({@link LambdaColdStart}) from spawn to its first response; (3) warm ack latency of one running server, for
 * {@code help} and for a malformed {@code fix web timeout=abc}; each under several JVM flag sets (default, C1 only as
 * Lambda runs Java, AppCDS, the JDK 25 AOT cache). Then which classes a cold start loads, and the targets.
 *
 * <p>Run by {@code infra/bench/bot-ack.sh}; options: {@code --jar PATH --repeats N --requests N --warmup N
 * --run-dir DIR --events DIR --variants a,b,...}. Everything listens on and connects to 127.0.0.1. Every process
 * it starts is recorded in {@code RUN_DIR/pids} and stopped when it ends (and by its shutdown hook).
 */
public final class BotAckBench {

    static final String TOKEN = "xoxb-ghostwatch-bench-token";
    static final String HANDLER = "io.ghostwatch.bot.SlackEventsHandler";
    static final String CONFIG_YAML = """
            targets:
              - name: web
                uri: redis://127.0.0.1:6390
              - name: cache
                uri: redis://127.0.0.1:6391
            """;
    static final String HELP = "help";
    static final String MALFORMED = "fix web timeout=abc";
    static final long FIRST_ACK_TARGET_MS = 1000;
    static final long SLACK_DEADLINE_MS = 3000;
    static final double WARM_P99_TARGET_MS = 50;
    private static final String RESPONSE_URL = "http://127.0.0.1:9/unused";
    private static final Pattern CLASS_LOAD = Pattern.compile("^\\[(\\d+\\.\\d+)s\\] (\\S+) source: (.*)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Mode { LOCAL, LAMBDA }

    record ColdLocal(long listeningMs, long firstAckMs, long secondAckMs) {
    }

    record Reply(int status, String body) {
    }

    private final Path jar;
    private final int repeats;
    private final int requests;
    private final int warmup;
    private final Path runDir;
    private final Path events;
    private final List<JvmVariant> variants;
    private final BenchProcesses processes;
    private SlackApiStandIn slack;
    private Path config;
    private ColdInvoke.Child lambdaChild;
    private int spawned;

    private BotAckBench(Map<String, String> options) {
        this.jar = Path.of(options.getOrDefault("jar", "bot/target/ghostwatch-bot.jar")).toAbsolutePath();
        this.repeats = BenchOptions.count(options, "repeats", 10, 1);
        this.requests = BenchOptions.count(options, "requests", 2000, 1);
        this.warmup = BenchOptions.count(options, "warmup", 500, 0);
        this.runDir = Path.of(options.getOrDefault("run-dir", System.getProperty("java.io.tmpdir"))).toAbsolutePath();
        this.events = Path.of(options.getOrDefault("events", "events")).toAbsolutePath();
        this.variants = JvmVariant.parse(options.getOrDefault("variants", JvmVariant.allNames()));
        this.processes = new BenchProcesses(runDir);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args, Set.of("jar", "repeats", "requests", "warmup",
                "run-dir", "events", "variants"));
        BotAckBench bench = new BotAckBench(options);
        BenchProcesses.runThenStop(bench::run, bench::stopAll);
    }

    // ---------------------------------------------------------------------------------------------------

    private void run() throws Exception {
        slack = SlackApiStandIn.start(TOKEN);
        config = Files.writeString(runDir.resolve("ghostwatch.yaml"), CONFIG_YAML);
        lambdaChild = new ColdInvoke.Child(jar, ColdInvoke.mainJar(runDir), HANDLER);
        header();

        slack.warmUp(); // the stand-in (this JVM's HTTP server) answers its first auth.test slower

        Map<JvmVariant, List<ColdLocal>> local = new LinkedHashMap<>();
        Map<JvmVariant, List<ColdInvoke>> lambda = new LinkedHashMap<>();
        Map<JvmVariant, Map<String, long[]>> warm = new LinkedHashMap<>();
        Map<JvmVariant, String> skipped = new LinkedHashMap<>();
        Map<JvmVariant.Archive, Map<Mode, Path>> archives = new HashMap<>();
        archives.put(JvmVariant.Archive.NONE, Map.of());
        System.out.println("variants (JVM flags before -jar / -cp; the archive flags name the file made by the training run):");
        for (JvmVariant v : variants) {
            System.out.printf(Locale.ROOT, "  %-10s %s%n", v.name(), v.describe());
        }
        System.out.println();

        for (JvmVariant v : variants) {
            if (!archives.containsKey(v.archive())) {
                try {
                    archives.put(v.archive(), train(v.archive()));
                } catch (IOException | RuntimeException e) {
                    System.out.println("  training for " + v.archive() + " failed: " + e.getMessage());
                    archives.put(v.archive(), null);
                }
            }
            if (archives.get(v.archive()) == null) {
                skipped.put(v, "no " + v.archive() + " archive");
            } else {
                local.put(v, new ArrayList<>());
                lambda.put(v, new ArrayList<>());
            }
        }
        // round robin over the variants, so drift in the machine's load hits all of them alike
        for (int i = 0; i < repeats; i++) {
            System.out.printf(Locale.ROOT, "  cold starts, round %d of %d (load average %s)%n", i + 1, repeats,
                    Machine.loadAverage());
            for (JvmVariant v : local.keySet()) {
                Map<Mode, Path> a = archives.get(v.archive());
                LocalRun run = coldLocal(v.flags(a.get(Mode.LOCAL)), List.of());
                processes.stop(run.process());
                local.get(v).add(run.result());
                lambda.get(v).add(coldLambda(v.flags(a.get(Mode.LAMBDA))));
            }
        }
        for (JvmVariant v : local.keySet()) {
            System.out.printf(Locale.ROOT, "  warm latency, %s (load average %s)%n", v.name(), Machine.loadAverage());
            LocalRun run = coldLocal(v.flags(archives.get(v.archive()).get(Mode.LOCAL)), List.of());
            try {
                warm.put(v, warm(run.port()));
            } finally {
                processes.stop(run.process());
            }
        }
        System.out.println();

        printLocal(local, skipped);
        printLambda(lambda);
        printWarm(warm);
        diagnostics();
        targets(local, lambda, warm);
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    private void header() throws IOException, InterruptedException {
        System.out.println("Ghostwatch bot ack benchmark");
        System.out.println("machine: " + Machine.describe());
        System.out.println("java: " + processes.javaBin() + " (" + Machine.javaVersion(processes.javaBin()) + ")");
        System.out.printf(Locale.ROOT, "jar: %s, %.1f MiB (%d bytes), %d entries, %d classes%n", jar,
                Files.size(jar) / (1024.0 * 1024), Files.size(jar), jarEntries(false), jarEntries(true));
        System.out.println("JVM ergonomic flags on this machine (java -XX:+PrintCommandLineFlags -version): "
                + Machine.ergonomicFlags(processes.javaBin()));
        System.out.println("bot environment: SLACK_SIGNING_SECRET (test secret), SLACK_BOT_TOKEN, SLACK_API_URL (a local"
                + " Slack Web API stand-in answering auth.test), GHOSTWATCH_CONFIG (2 targets), XDG_DATA_HOME (run dir),"
                + " PORT; nothing else");
        List<Long> floor = new ArrayList<>();
        for (int i = 0; i < Math.max(3, repeats / 2); i++) {
            floor.add(ColdInvoke.floor(processes, lambdaChild, runDir.resolve("floor-" + (++spawned) + ".log")));
        }
        System.out.println("JVM floor (fresh JVM, a main that prints one line; spawn -> line read), ms: "
                + Stats.summary(floor));
        System.out.printf(Locale.ROOT, "runs: %d cold starts per variant and mode; warm: %d + %d warm-up, then %d %s and"
                + " %d '%s', sequential on one keep-alive connection%n", repeats, warmup, warmup, requests, HELP, requests,
                MALFORMED);
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on this machine skews every figure)");
        System.out.println();
    }

    // ---- cold starts

    record LocalRun(Process process, int port, ColdLocal result) {
    }

    private Map<String, String> environment(int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLACK_SIGNING_SECRET", SlackSigning.SECRET);
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GHOSTWATCH_CONFIG", config.toString());
        env.put("XDG_DATA_HOME", runDir.resolve("data").toString());
        if (port >= 0) {
            env.put("PORT", Integer.toString(port));
            env.put("HOST", "127.0.0.1");
        }
        return env;
    }

    /**
     * Spawns the server jar and sends the signed help as soon as the port accepts; the process is left running.
     *
     * @param extraFlags added after the variant's flags (diagnostics, training)
     */
    private LocalRun coldLocal(List<String> flags, List<String> extraFlags) throws IOException, InterruptedException {
        int port = freePort();
        Path output = runDir.resolve("local-" + (++spawned) + ".log");
        List<String> all = new ArrayList<>(flags);
        all.addAll(extraFlags);
        ProcessBuilder pb = processes.java(all, List.of("-jar", jar.toString()), environment(port), output);
        byte[] body = SlackSigning.slashCommand(HELP, RESPONSE_URL).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signed(body);
        long start = System.nanoTime();
        Process p = processes.spawn(pb, "local");
        HttpConnection c = null;
        try {
            while (c == null) {
                try {
                    c = HttpConnection.open(port);
                } catch (ConnectException notYet) {
                    if (!p.isAlive() || System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                        processes.stop(p);
                        throw new IllegalStateException("the bot did not listen on " + port + " (exit "
                                + (p.isAlive() ? "none" : p.exitValue()) + "); its output:\n" + tail(output));
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
            long listening = System.nanoTime();
            Reply first = c.post("/slack/events", headers, body);
            long firstAck = System.nanoTime();
            expect(first, HELP, output);
            Map<String, String> again = signed(body);
            long secondStart = System.nanoTime();
            Reply second = c.post("/slack/events", again, body);
            long secondAck = System.nanoTime();
            expect(second, HELP, output);
            return new LocalRun(p, port, new ColdLocal(ms(listening - start), ms(firstAck - start),
                    ms(secondAck - secondStart)));
        } catch (IOException | RuntimeException e) {
            processes.stop(p);
            throw e;
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    /** The Lambda handler in a fresh JVM ({@link ColdInvoke}) on a freshly signed help event; checks its answer. */
    private ColdInvoke coldLambda(List<String> flags) throws IOException, InterruptedException {
        Path event = Files.write(runDir.resolve("event.json"),
                SignedEvents.slashCommand(events.resolve("slack-command-help.json"), HELP, RESPONSE_URL));
        ColdInvoke run = ColdInvoke.run(processes, lambdaChild, flags, event, environment(-1),
                runDir.resolve("lambda-" + (++spawned) + ".log"));
        var answer = JSON.readTree(run.response());
        if (answer.path("statusCode").asInt() != 200 || !answer.path("body").asText().contains("Targets:")) {
            throw new IllegalStateException("the Lambda handler answered " + run.response());
        }
        return run;
    }

    // ---- training runs (AppCDS archive, AOT cache)

    private Map<Mode, Path> train(JvmVariant.Archive archive) throws IOException, InterruptedException {
        Map<Mode, Path> files = new HashMap<>();
        for (Mode mode : Mode.values()) {
            Path file = runDir.resolve(mode.name().toLowerCase(Locale.ROOT) + archive.extension);
            long start = System.nanoTime();
            List<String> flags = List.of(archive.createFlag + file);
            if (mode == Mode.LOCAL) {
                LocalRun run = coldLocal(List.of(), flags);
                try (HttpConnection c = HttpConnection.open(run.port())) {
                    for (int i = 0; i < 50; i++) {
                        for (String text : List.of(HELP, MALFORMED)) {
                            byte[] body = SlackSigning.slashCommand(text, RESPONSE_URL).getBytes(StandardCharsets.UTF_8);
                            c.post("/slack/events", signed(body), body);
                        }
                    }
                } finally {
                    processes.stop(run.process());
                }
            } else {
                coldLambda(flags);
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(archive.createFlag + " made no " + file.getFileName());
            }
            System.out.printf(Locale.ROOT, "  %s for %s: %s, %.1f MiB, made in %.1f s (a training run: %s)%n",
                    archive.label(), mode.name().toLowerCase(Locale.ROOT),
                    file.getFileName(), Files.size(file) / (1024.0 * 1024), (System.nanoTime() - start) / 1e9,
                    mode == Mode.LOCAL ? "start, 50 help + 50 malformed, SIGTERM" : "one cold invoke");
            files.put(mode, file);
        }
        return files;
    }

    // ---- warm latency

    private Map<String, long[]> warm(int port) throws IOException {
        Map<String, long[]> results = new LinkedHashMap<>();
        try (HttpConnection c = HttpConnection.open(port)) {
            byte[] help = SlackSigning.slashCommand(HELP, RESPONSE_URL).getBytes(StandardCharsets.UTF_8);
            byte[] malformed = SlackSigning.slashCommand(MALFORMED, RESPONSE_URL).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < warmup; i++) {
                expect(c.post("/slack/events", signed(help), help), HELP, null);
                expect(c.post("/slack/events", signed(malformed), malformed), MALFORMED, null);
            }
            for (Map.Entry<String, byte[]> kind : List.of(Map.entry(HELP, help), Map.entry(MALFORMED, malformed))) {
                long[] micros = new long[requests];
                for (int i = 0; i < requests; i++) {
                    Map<String, String> headers = signed(kind.getValue());
                    long t0 = System.nanoTime();
                    Reply r = c.post("/slack/events", headers, kind.getValue());
                    micros[i] = (System.nanoTime() - t0) / 1000;
                    expect(r, kind.getKey(), null);
                }
                Arrays.sort(micros);
                results.put(kind.getKey(), micros);
            }
        }
        return results;
    }

    // ---- diagnostics: what a cold start loads

    private void diagnostics() throws IOException, InterruptedException {
        System.out.println("[4] What a cold start loads (default flags, one more run each with -Xlog:class+load; classes"
                + " loaded up to the first ack)");
        Path localLog = runDir.resolve("class-load-local.txt");
        LocalRun run = coldLocal(List.of(), List.of("-Xlog:class+load=info:file=" + localLog + ":uptime"));
        processes.stop(run.process());
        classReport("local server", localLog, run.result().firstAckMs());
        Path lambdaLog = runDir.resolve("class-load-lambda.txt");
        ColdInvoke lambdaRun = coldLambda(List.of("-Xlog:class+load=info:file=" + lambdaLog + ":uptime"));
        classReport("Lambda handler", lambdaLog, lambdaRun.responseMs());
        System.out.println();
    }

    private static void classReport(String what, Path log, long untilMs) throws IOException {
        Map<String, Integer> bySource = new LinkedHashMap<>();
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> jdkPackages = new HashMap<>();
        int total = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = CLASS_LOAD.matcher(line);
            if (!m.matches() || Double.parseDouble(m.group(1)) * 1000 > untilMs) {
                continue;
            }
            total++;
            String name = m.group(2);
            String source = m.group(3);
            String kind = source.startsWith("shared objects file") ? "JDK CDS archive"
                    : source.startsWith("jrt:/") ? "JDK modules (jrt)"
                    : source.startsWith("file:") || source.startsWith("jar:") ? "app jar"
                    : "generated (lambdas, proxies, method handles)";
            bySource.merge(kind, 1, Integer::sum);
            String library = library(name);
            if (library != null) {
                byLibrary.merge(library, 1, Integer::sum);
            } else if (!kind.startsWith("generated")) {
                String[] parts = name.split("\\.");
                jdkPackages.merge(String.join(".", Arrays.copyOf(parts, Math.min(3, parts.length - 1))), 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "  %s: %d classes by the first ack (%d ms after spawn): %s%n", what, total, untilMs,
                bySource.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        System.out.println("    by library: " + top(byLibrary, 20));
        System.out.println("    JDK packages (top 12): " + top(jdkPackages, 12));
    }

    private static String top(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The library a class belongs to, or null for a JDK class. */
    static String library(String className) {
        String[][] prefixes = {
                {"com.slack.api.bolt.", "Bolt"}, {"com.slack.api.model.", "Slack SDK model"},
                {"com.slack.api.methods.", "Slack SDK methods"}, {"com.slack.api.", "Slack SDK other"},
                {"com.google.gson.", "Gson"}, {"okhttp3.", "OkHttp"}, {"okio.", "Okio"}, {"kotlin.", "Kotlin stdlib"},
                {"com.fasterxml.jackson.", "Jackson"}, {"org.yaml.snakeyaml.", "SnakeYAML"},
                {"io.ghostwatch.", "Ghostwatch"}, {"software.amazon.", "AWS SDK"}, {"com.amazonaws.", "AWS Lambda"},
                {"redis.clients.", "Jedis"}, {"org.apache.commons.", "Apache Commons"}, {"org.slf4j.", "SLF4J"},
                {"lombok.", "Lombok"}, {"org.json.", "org.json"}};
        for (String[] p : prefixes) {
            if (className.startsWith(p[0])) {
                return p[1];
            }
        }
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.") ? null : "other";
    }

    // ---- printing

    private void printLocal(Map<JvmVariant, List<ColdLocal>> local, Map<JvmVariant, String> skipped) {
        System.out.printf(Locale.ROOT, "[1] Local server, cold: java <flags> -jar %s (PORT = a free port), from spawn to"
                + " the HTTP 200 of the first signed /ghostwatch help; %d runs each%n", relative(jar), repeats);
        System.out.println("    variant      listening ms min/med/max    first ack ms min/med/max    2nd ack ms med/max");
        for (Map.Entry<JvmVariant, List<ColdLocal>> e : local.entrySet()) {
            List<ColdLocal> runs = e.getValue();
            System.out.printf(Locale.ROOT, "    %-10s %24s    %24s    %12s%n", e.getKey().name(),
                    Stats.summary(runs.stream().map(ColdLocal::listeningMs).toList()),
                    Stats.summary(runs.stream().map(ColdLocal::firstAckMs).toList()),
                    Stats.medMax(runs.stream().map(ColdLocal::secondAckMs).toList()));
        }
        skipped.forEach((v, why) -> System.out.println("    " + v.name() + ": skipped, " + why));
        System.out.println("    (listening = the first TCP connect accepted, polled every 1 ms; first ack = that + the"
                + " request; 2nd ack = the next help on the same connection)");
        System.out.println();
    }

    private void printLambda(Map<JvmVariant, List<ColdInvoke>> lambda) {
        System.out.printf(Locale.ROOT, "[2] Lambda handler, cold: java <flags> -cp ghostwatch-bot.jar:lambda-main.jar %s"
                + " %s EVENT (a freshly signed payload-2.0 help event), from spawn to its response line; %d runs each%n",
                LambdaColdStart.class.getSimpleName(), HANDLER, repeats);
        System.out.println("    variant      main() entered ms med    handler built ms med    response ms med    response"
                + " seen ms min/med/max");
        for (Map.Entry<JvmVariant, List<ColdInvoke>> e : lambda.entrySet()) {
            List<ColdInvoke> runs = e.getValue();
            System.out.printf(Locale.ROOT, "    %-10s %22d    %20d    %15d    %24s%n", e.getKey().name(),
                    Stats.median(runs.stream().map(ColdInvoke::mainMs).toList()),
                    Stats.median(runs.stream().map(ColdInvoke::handlerMs).toList()),
                    Stats.median(runs.stream().map(ColdInvoke::responseMs).toList()),
                    Stats.summary(runs.stream().map(ColdInvoke::seenMs).toList()));
        }
        System.out.println("    (main/handler/response: the child's wall clock at main(), after the no-arg constructor"
                + " (BotRuntime, auth.test), after handleRequest, minus the spawn time; seen = read by this process)");
        System.out.println();
    }

    private void printWarm(Map<JvmVariant, Map<String, long[]>> warm) {
        System.out.printf(Locale.ROOT, "[3] Warm ack latency, one fresh local server per variant, %d"
                + " sequential requests per command on one keep-alive connection after %d + %d warm-up; client-side,"
                + " send to full response%n", requests, warmup, warmup);
        System.out.println("    variant    command                      p50 ms   p90 ms   p99 ms   max ms");
        for (Map.Entry<JvmVariant, Map<String, long[]>> e : warm.entrySet()) {
            for (Map.Entry<String, long[]> k : e.getValue().entrySet()) {
                long[] s = k.getValue();
                System.out.printf(Locale.ROOT, "    %-10s %-26s %8.2f %8.2f %8.2f %8.2f%n", e.getKey().name(),
                        "'" + k.getKey() + "'", Stats.pct(s, 50) / 1000.0, Stats.pct(s, 90) / 1000.0, Stats.pct(s, 99) / 1000.0,
                        s[s.length - 1] / 1000.0);
            }
        }
        System.out.println();
    }

    private void targets(Map<JvmVariant, List<ColdLocal>> local, Map<JvmVariant, List<ColdInvoke>> lambda,
                         Map<JvmVariant, Map<String, long[]>> warm) {
        System.out.printf(Locale.ROOT, "[5] Targets (this machine): first ack <= %d ms (Slack's limit is %d ms);"
                + " warm p99 <= %.0f ms%n", FIRST_ACK_TARGET_MS, SLACK_DEADLINE_MS, WARM_P99_TARGET_MS);
        for (JvmVariant v : local.keySet()) {
            List<Long> l = local.get(v).stream().map(ColdLocal::firstAckMs).toList();
            List<Long> a = lambda.get(v).stream().map(ColdInvoke::seenMs).toList();
            System.out.printf(Locale.ROOT, "  %-7s first ack, local server,  %-10s median %5d ms, worst %5d ms%s%n",
                    Stats.verdict(l, FIRST_ACK_TARGET_MS), v.name(),
                    Stats.median(l), Stats.max(l), Stats.max(l) > SLACK_DEADLINE_MS ? "  (over Slack's 3 s!)" : "");
            System.out.printf(Locale.ROOT, "  %-7s first ack, Lambda handler, %-10s median %5d ms, worst %5d ms%s%n",
                    Stats.verdict(a, FIRST_ACK_TARGET_MS), v.name(),
                    Stats.median(a), Stats.max(a), Stats.max(a) > SLACK_DEADLINE_MS ? "  (over Slack's 3 s!)" : "");
        }
        for (Map.Entry<JvmVariant, Map<String, long[]>> e : warm.entrySet()) {
            for (Map.Entry<String, long[]> k : e.getValue().entrySet()) {
                double p99 = Stats.pct(k.getValue(), 99) / 1000.0;
                System.out.printf(Locale.ROOT, "  %-7s warm p99, %-10s %-24s %6.2f ms%n",
                        p99 <= WARM_P99_TARGET_MS ? "MET" : "NOT MET", e.getKey().name(), "'" + k.getKey() + "'", p99);
            }
        }
        System.out.println("  (MET = every run within the target; MEDIAN = the median within it, not every run;"
                + " NOT MET = the median over it)");
    }

    // ---- helpers

    private void expect(Reply reply, String text, Path output) throws IOException {
        String wanted = text.equals(HELP) ? "Targets: `web`, `cache`" : "is not a whole number of seconds";
        if (reply.status() != 200 || !reply.body().contains(wanted)) {
            throw new IllegalStateException("'" + text + "' was answered " + reply.status() + " " + reply.body()
                    + (output == null ? "" : "; the bot's output:\n" + tail(output)));
        }
    }

    private static Map<String, String> signed(byte[] body) {
        long now = Clock.systemUTC().instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("X-Slack-Request-Timestamp", Long.toString(now));
        headers.put("X-Slack-Signature", SlackSigning.signature(SlackSigning.SECRET, now,
                new String(body, StandardCharsets.UTF_8)));
        return headers;
    }

    private long jarEntries(boolean classesOnly) throws IOException {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.stream().filter(e -> !e.isDirectory() && (!classesOnly || e.getName().endsWith(".class"))).count();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    private static String tail(Path output) throws IOException {
        if (!Files.exists(output)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(output);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    private void stopAll() {
        processes.stopAll();
        if (slack != null) {
            slack.close();
            slack = null;
        }
    }

    /** A minimal HTTP/1.1 client on one keep-alive connection: no client-side class loading or pooling in the way. */
    static final class HttpConnection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final int port;

        private HttpConnection(Socket socket, int port) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.port = port;
        }

        static HttpConnection open(int port) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                s.setSoTimeout(30_000);
                return new HttpConnection(s, port);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        Reply post(String path, Map<String, String> headers, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder(512).append("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port).append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + body.length);
            request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(body);
            out.write(request.toByteArray());
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: '" + status + "'");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            int length = 0;
            boolean chunked = false;
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
            }
            byte[] bytes;
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().strip(), 16); size > 0; size = Integer.parseInt(line().strip(), 16)) {
                    all.writeBytes(in.readNBytes(size));
                    line();
                }
                line();
                bytes = all.toByteArray();
            } else {
                bytes = in.readNBytes(length);
            }
            return new Reply(code, new String(bytes, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed mid-response");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
