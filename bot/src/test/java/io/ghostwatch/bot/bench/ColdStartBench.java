package io.ghostwatch.bot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.bot.SlackSigning;
import io.ghostwatch.core.testing.LambdaJar;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Prints how long each Lambda function of Ghostwatch takes to start cold, a fresh JVM per sample as Lambda starts an
 * execution environment: the scheduled audit ({@code ScheduledAuditHandler} on {@code events/schedule.json}, auditing
 * local redis-servers) and the Slack bot ({@code SlackEventsHandler} on a signed {@code /ghostwatch help}). For each,
 * from the spawn of {@code java}: the handler constructed (Lambda's init) and the first response (init + the first
 * invoke); under default flags, C1 only (as Lambda runs Java), AppCDS, and AppCDS with C1 (the JDK 25 AOT cache on
 * request); then the jars' sizes and the targets: bot first ack <= 1 s, audit init <= 1.5 s, each jar < 30 MB.
 *
 * <p>Run by {@code infra/bench/cold-start.sh}; options: {@code --functions-jar PATH --bot-jar PATH --events DIR
 * --run-dir DIR --repeats N --variants a,b --redis-servers N --audit-handler CLASS --audit-event FILE
 * --bot-handler CLASS --bot-event FILE}. The handler and event options are there because the handlers' events change
 * (a Step Functions plan/shard/publish split is coming): any {@code RequestStreamHandler} of the jar runs on any event
 * file; a bot event is signed again just before each run. Everything listens on and connects to 127.0.0.1; every
 * process it starts is recorded in {@code RUN_DIR/pids} and stopped when it ends (and by its shutdown hook).
 */
public final class ColdStartBench {

    static final long BOT_FIRST_ACK_TARGET_MS = 1000;
    static final long AUDIT_INIT_TARGET_MS = 1500;
    static final String TOKEN = "xoxb-ghostwatch-cold-start-token";
    private static final String DEFAULT_VARIANTS = "default,c1,appcds,appcds+c1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the event file for one run (a bot event must be signed just before it is sent). */
    @FunctionalInterface
    interface EventFile {
        Path create() throws IOException;
    }

    /**
     * One Lambda function as the benchmark starts it.
     *
     * @param answered why its response is not what it should be, or null when it is
     */
    record LambdaFunction(String name, ColdInvoke.Child child, Path eventTemplate, EventFile event,
                          Map<String, String> environment, Function<String, String> answered) {
    }

    private final Path functionsJar;
    private final Path botJar;
    private final Path events;
    private final Path runDir;
    private final int repeats;
    private final int redisServers;
    private final List<JvmVariant> variants;
    private final Map<String, String> options;
    private final BenchProcesses processes;
    private final List<RedisServerProcess> servers = new ArrayList<>();
    private SlackApiStandIn slack;
    private int spawned;

    private ColdStartBench(Map<String, String> options) {
        this.options = options;
        this.functionsJar = path(options, "functions-jar", "functions/target/ghostwatch.jar");
        this.botJar = path(options, "bot-jar", "bot/target/ghostwatch-bot.jar");
        this.events = path(options, "events", "events");
        this.runDir = path(options, "run-dir", System.getProperty("java.io.tmpdir"));
        this.repeats = Integer.parseInt(options.getOrDefault("repeats", "5"));
        this.redisServers = Integer.parseInt(options.getOrDefault("redis-servers", "2"));
        this.variants = JvmVariant.parse(options.getOrDefault("variants", DEFAULT_VARIANTS));
        this.processes = new BenchProcesses(runDir);
    }

    public static void main(String[] args) throws Exception {
        ColdStartBench bench = new ColdStartBench(BenchOptions.parse(args, "--functions-jar PATH --bot-jar PATH"
                + " --events DIR --run-dir DIR --repeats N --variants a,b --redis-servers N --audit-handler CLASS"
                + " --audit-event FILE --bot-handler CLASS --bot-event FILE"));
        BenchProcesses.runThenStop(bench::run, bench::stopAll);
    }

    private void run() throws Exception {
        Path mainJar = ColdInvoke.mainJar(runDir);
        List<LambdaFunction> functions = List.of(audit(mainJar), bot(mainJar));
        header(functions);

        Map<String, Path> archives = new HashMap<>();
        Map<JvmVariant, String> skipped = new LinkedHashMap<>();
        List<JvmVariant> measured = new ArrayList<>();
        for (JvmVariant v : variants) {
            try {
                for (LambdaFunction f : functions) {
                    if (v.archive() != JvmVariant.Archive.NONE && !archives.containsKey(key(v, f))) {
                        archives.put(key(v, f), train(v.archive(), f));
                    }
                }
                measured.add(v);
            } catch (IOException | RuntimeException e) {
                skipped.put(v, "training for " + v.archive().label() + " failed: " + e.getMessage());
            }
        }
        System.out.println();

        Map<String, Map<JvmVariant, List<ColdInvoke>>> runs = new LinkedHashMap<>();
        functions.forEach(f -> runs.put(f.name(), new LinkedHashMap<>()));
        // round robin over the variants and functions, so drift in the machine's load hits all of them alike
        for (int i = 0; i < repeats; i++) {
            System.out.printf(Locale.ROOT, "  round %d of %d (load average %s)%n", i + 1, repeats, Machine.loadAverage());
            for (JvmVariant v : measured) {
                for (LambdaFunction f : functions) {
                    runs.get(f.name()).computeIfAbsent(v, x -> new ArrayList<>())
                            .add(invoke(f, v.flags(archives.get(key(v, f)))));
                }
            }
        }
        System.out.println();

        printRuns(functions, runs, skipped);
        printSizes();
        targets(runs);
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    // ---- the two functions

    /** The scheduled audit on local redis-servers: no Slack section, no tables, so nothing but the audit runs. */
    private LambdaFunction audit(Path mainJar) throws IOException {
        StringBuilder yaml = new StringBuilder("targets:\n");
        for (int i = 0; i < redisServers; i++) {
            RedisServerProcess server = RedisServerProcess.start("bind 127.0.0.1", "save \"\"", "appendonly no");
            servers.add(server);
            processes.record(server.pid(), "redis " + server.port());
            yaml.append("  - name: cache-").append(i + 1).append("\n    uri: redis://127.0.0.1:").append(server.port())
                    .append('\n');
        }
        Path config = Files.writeString(runDir.resolve("audit.yaml"), yaml);
        Path event = eventFile("audit-event", "schedule.json");
        String handler = options.getOrDefault("audit-handler", "io.ghostwatch.functions.ScheduledAuditHandler");
        return new LambdaFunction("audit", new ColdInvoke.Child(functionsJar, mainJar, handler), event, () -> event,
                Map.of("GHOSTWATCH_CONFIG", config.toString()), response -> {
                    JsonNode summary = json(response);
                    return summary != null && summary.path("audited").asInt() == redisServers ? null
                            : "expected a summary with audited: " + redisServers;
                });
    }

    /** The Slack bot on a signed slash command (help by default), its Slack Web API a local stand-in. */
    private LambdaFunction bot(Path mainJar) throws IOException {
        slack = SlackApiStandIn.start(TOKEN);
        slack.warmUp(); // its HTTP server answers its first requests slower: not what is measured
        Path template = eventFile("bot-event", "slack-command-help.json");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLACK_SIGNING_SECRET", SlackSigning.SECRET);
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GHOSTWATCH_CONFIG", runDir.resolve("audit.yaml").toString()); // the audit's targets
        env.put("XDG_DATA_HOME", runDir.resolve("data").toString());
        String handler = options.getOrDefault("bot-handler", "io.ghostwatch.bot.SlackEventsHandler");
        return new LambdaFunction("bot", new ColdInvoke.Child(botJar, mainJar, handler), template,
                () -> Files.write(runDir.resolve("bot-event.json"), SignedEvents.resigned(template)), env, response -> {
                    JsonNode answer = json(response);
                    return answer != null && answer.path("statusCode").asInt() == 200 ? null : "expected statusCode 200";
                });
    }

    private ColdInvoke invoke(LambdaFunction f, List<String> flags) throws IOException, InterruptedException {
        ColdInvoke run = ColdInvoke.run(processes, f.child(), flags, f.event().create(), f.environment(),
                runDir.resolve(f.name() + "-" + (++spawned) + ".log"));
        String wrong = f.answered().apply(run.response());
        if (wrong != null) {
            throw new IllegalStateException(f.name() + " (" + String.join(" ", flags) + ") answered " + run.response()
                    + ": " + wrong + "; its log: " + runDir.resolve(f.name() + "-" + spawned + ".log"));
        }
        return run;
    }

    /** A training run: one cold invoke that writes the archive at exit. */
    private Path train(JvmVariant.Archive archive, LambdaFunction f) throws IOException, InterruptedException {
        Path file = runDir.resolve(f.name() + archive.extension);
        long start = System.nanoTime();
        invoke(f, List.of(archive.createFlag + file));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(archive.createFlag + " made no " + file.getFileName());
        }
        System.out.printf(Locale.ROOT, "  %s for %s: %s, %.1f MiB, made in %.1f s (a training run: one cold invoke)%n",
                archive.label(), f.name(), file.getFileName(), Files.size(file) / (1024.0 * 1024),
                (System.nanoTime() - start) / 1e9);
        return file;
    }

    private static String key(JvmVariant v, LambdaFunction f) {
        return v.archive() + "/" + f.name();
    }

    // ---- printing

    private void header(List<LambdaFunction> functions) throws IOException, InterruptedException {
        System.out.println("Ghostwatch Lambda cold-start benchmark");
        System.out.println("machine: " + Machine.describe());
        System.out.println("java: " + processes.javaBin() + " (" + Machine.javaVersion(processes.javaBin()) + ")");
        System.out.println("JVM ergonomic flags on this machine: " + Machine.ergonomicFlags(processes.javaBin()));
        for (LambdaFunction f : functions) {
            System.out.printf(Locale.ROOT, "%-5s: java <flags> -cp %s:lambda-main.jar %s %s %s%n", f.name(),
                    relative(f.child().lambdaJar()), LambdaColdStart.class.getSimpleName(), f.child().handler(),
                    relative(f.eventTemplate()) + (f.name().equals("bot") ? " (signed again before each run)" : ""));
            System.out.println("       environment: " + String.join(", ", f.environment().keySet()) + "; nothing else");
        }
        System.out.printf(Locale.ROOT, "audit config: %d redis-server %s on 127.0.0.1 (bind 127.0.0.1, no persistence);"
                + " no slack section, no tables; the bot answers auth.test from a local Slack Web API stand-in%n",
                redisServers, RedisServerProcess.redisServerBinary());
        List<Long> floor = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            floor.add(ColdInvoke.floor(processes, functions.getFirst().child(), runDir.resolve("floor-" + i + ".log")));
        }
        System.out.println("JVM floor (fresh JVM, a main that prints one line; spawn -> line read), ms: "
                + Stats.summary(floor));
        System.out.printf(Locale.ROOT, "runs: %d cold starts per function and variant; variants: %s%n", repeats,
                variants.stream().map(v -> v.name() + " = " + v.describe()).collect(Collectors.joining("; ")));
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on this machine skews every figure)");
        System.out.println();
    }

    private void printRuns(List<LambdaFunction> functions, Map<String, Map<JvmVariant, List<ColdInvoke>>> runs,
                           Map<JvmVariant, String> skipped) {
        System.out.printf(Locale.ROOT, "[1] Cold starts, a fresh JVM per run, %d runs each; ms after the spawn of java,"
                + " median / max%n", repeats);
        System.out.println("    function  variant       main()      init (handler built)    first response    response"
                + " read");
        for (LambdaFunction f : functions) {
            for (Map.Entry<JvmVariant, List<ColdInvoke>> e : runs.get(f.name()).entrySet()) {
                List<ColdInvoke> r = e.getValue();
                System.out.printf(Locale.ROOT, "    %-8s  %-10s %12s %24s %17s %15s%n", f.name(), e.getKey().name(),
                        Stats.medMax(values(r, ColdInvoke::mainMs)), Stats.medMax(values(r, ColdInvoke::handlerMs)),
                        Stats.medMax(values(r, ColdInvoke::responseMs)), Stats.medMax(values(r, ColdInvoke::seenMs)));
            }
        }
        skipped.forEach((v, why) -> System.out.println("    " + v.name() + ": skipped, " + why));
        System.out.println("    (main(), init, first response: the child's wall clock when main() was entered, when the"
                + " handler's no-argument constructor returned and when handleRequest returned, minus the spawn time;"
                + " read: when this process read the response line)");
        System.out.println();
    }

    private void printSizes() throws IOException {
        System.out.printf(Locale.ROOT, "[2] Jar sizes (target: each < %,d bytes)%n", LambdaJar.MAX_BYTES);
        for (Path jar : List.of(functionsJar, botJar)) {
            System.out.printf(Locale.ROOT, "    %-40s %s%n", relative(jar), LambdaJar.size(jar));
        }
        System.out.println();
    }

    private void targets(Map<String, Map<JvmVariant, List<ColdInvoke>>> runs) throws IOException {
        System.out.printf(Locale.ROOT, "[3] Targets (this machine): bot first ack <= %d ms, audit init <= %d ms, each jar"
                + " < 30 MB%n", BOT_FIRST_ACK_TARGET_MS, AUDIT_INIT_TARGET_MS);
        runs.getOrDefault("bot", Map.of()).forEach((v, r) -> verdict("bot first ack", v,
                values(r, ColdInvoke::responseMs), BOT_FIRST_ACK_TARGET_MS));
        runs.getOrDefault("audit", Map.of()).forEach((v, r) -> verdict("audit init", v,
                values(r, ColdInvoke::handlerMs), AUDIT_INIT_TARGET_MS));
        for (Path jar : List.of(functionsJar, botJar)) {
            System.out.printf(Locale.ROOT, "  %-7s jar size, %s: %s%n",
                    Files.size(jar) < LambdaJar.MAX_BYTES ? "MET" : "NOT MET",
                    jar.getFileName(), LambdaJar.size(jar));
        }
        System.out.println("  (MET = every run within the target; MEDIAN = the median within it, not every run;"
                + " NOT MET = the median over it)");
    }

    private static void verdict(String what, JvmVariant v, List<Long> values, long target) {
        System.out.printf(Locale.ROOT, "  %-7s %-14s %-10s median %5d ms, worst %5d ms%n", Stats.verdict(values, target),
                what + ",", v.name(), Stats.median(values), Stats.max(values));
    }

    // ---- helpers

    private static List<Long> values(List<ColdInvoke> runs, ToLongFunction<ColdInvoke> field) {
        return runs.stream().map(field::applyAsLong).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** The event file an option names (a path), or the sample event of {@code events/}. */
    private Path eventFile(String option, String sample) {
        return options.containsKey(option) ? Path.of(options.get(option)).toAbsolutePath() : events.resolve(sample);
    }

    private static Path path(Map<String, String> options, String name, String otherwise) {
        return Path.of(options.getOrDefault(name, otherwise)).toAbsolutePath();
    }

    private static String relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    private void stopAll() {
        processes.stopAll();
        servers.forEach(RedisServerProcess::close);
        servers.clear();
        if (slack != null) {
            slack.close();
            slack = null;
        }
    }
}
