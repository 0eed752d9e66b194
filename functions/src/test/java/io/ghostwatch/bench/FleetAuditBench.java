package io.ghostwatch.bench;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.findings.RecordedPart;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.run.AuditRun;
import io.ghostwatch.core.run.DynamoDbRunStore;
import io.ghostwatch.core.run.Shard;
import io.ghostwatch.core.run.ShardPlan;
import io.ghostwatch.core.slack.DetailsFile;
import io.ghostwatch.core.slack.DigestInput;
import io.ghostwatch.core.slack.DigestPart;
import io.ghostwatch.core.slack.DigestPartJson;
import io.ghostwatch.core.slack.DigestParts;
import io.ghostwatch.core.slack.DigestRenderer;
import io.ghostwatch.core.slack.SlackDigest;
import io.ghostwatch.core.slack.SlackMessage;
import io.ghostwatch.core.slack.ThreadUpload;
import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.testing.BenchOptions;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SilentListener;
import io.ghostwatch.functions.ReportLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * Prints how fast and how heavy a Ghostwatch audit of a local fleet is: real redis-server processes with
 * varied misconfigurations plus endpoints that accept TCP and never answer. Measures the in-process
 * {@link FleetAuditor}, the CLI jar end to end (JVM start included), the obvious redis-cli shell loop, and the
 * server-side cost of one audit (INFO commandstats, main-thread CPU) at 100 and 10,000 idle clients.
 *
 * <p>With {@code --targets N}, a large-inventory mode instead: N inventory entries with distinct names, spread
 * round robin over the servers (each server addressed by many entries) plus silent endpoints, audited in one JVM, then
 * what the audit run's shards and publisher do with the report: a log line per target ({@link ReportLog}), a digest
 * part per shard of {@code --shard-size} encoded as the runs table stores it, the publisher's read-back and assembly
 * of the digest; then one shard audited as its own invocation. Wall and CPU time, heap, per-target percentiles,
 * throughput, part sizes, the thread, and how large a shard can be.
 *
 * <p>Run by {@code infra/bench/fleet-audit.sh}; options: {@code --servers N --silent N --idle-clients N
 * --repeats N --targets N --shard-size N --jar PATH --loop-script PATH --run-dir DIR}. All traffic goes to 127.0.0.1.
 */
public final class FleetAuditBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_NAME = "bench-admin";
    /**
     * JDK 22+ flag (JDK-8314243): at exit the VM waits up to 30 x 10 ms for user threads in native code; after
     * virtual-thread socket I/O the NIO poller thread sits in epoll_wait, so a CLI run usually pays ~300 ms.
     */
    private static final String FAST_EXIT = "-XX:UserThreadWaitAttemptsAtExit=0";
    private static final Pattern GC_PAUSE = Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\(");
    private static final Pattern GC_EXIT_HEAP = Pattern.compile("^\\[(\\d+\\.\\d+)s\\] Heap$");
    private static final Pattern GC_EXIT_USED = Pattern.compile("garbage-first heap .* used (\\d+)K");
    /** Share of the large-inventory mode's entries that never answer, unless --silent says otherwise. */
    private static final double SILENT_SHARE = 0.015;
    /** Targets per shard unless --shard-size says otherwise: GHOSTWATCH_TARGETS_PER_SHARD's default (template.yaml). */
    private static final int DEFAULT_SHARD_SIZE = 1000;
    /** The share of a Lambda timeout one invocation may use before the fleet is split over several. */
    private static final double TIMEOUT_SHARE = 0.6;
    /** Lambda's longest timeout (the audit shard function's, template.yaml), and the issue's five minutes, in seconds. */
    private static final int LAMBDA_MAX_TIMEOUT_S = 900;
    private static final int FUNCTION_TIMEOUT_S = 300;
    /** The audit shard function's memory (template.yaml); Lambda gives one vCPU per 1,769 MB. */
    private static final int FUNCTION_MEMORY_MB = 1024;
    private static final double MB_PER_VCPU = 1769;
    private static final long HEAP_TARGET_BYTES = 512L << 20;
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat (100 on every Linux this runs on). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    /** Servers with fewer maxclients than this are the deliberately nearly full ones (maxclients 4). */
    private static final long LOW_MAXCLIENTS = 100;

    private final int serverCount;
    /** Inventory entries in the large-inventory mode; 0 runs the standard sections [1] to [5]. */
    private final int targetCount;
    private final int silentCount;
    /** Targets per shard in the large-inventory mode. */
    private final int shardSize;
    private final int idleClientCount;
    private final int repeats;
    private final Path jar;
    private final Path loopScript;
    private final Path runDir;
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Policy policy = Policy.defaults();
    private final List<AutoCloseable> toClose = Collections.synchronizedList(new ArrayList<>());

    private FleetAuditBench(Map<String, String> options) {
        this.serverCount = BenchOptions.count(options, "servers", 100, 0);
        this.targetCount = BenchOptions.count(options, "targets", 0, 0);
        // the large-inventory mode's default: 1.5 % of the entries never answer
        this.silentCount = BenchOptions.count(options, "silent",
                targetCount > 0 ? (int) Math.round(targetCount * SILENT_SHARE) : 10, 0);
        if (targetCount > 0 && (silentCount >= targetCount || serverCount < 1)) {
            throw new IllegalArgumentException("--targets " + targetCount + " needs at least one server and fewer"
                    + " silent endpoints (--silent " + silentCount + ") than targets");
        }
        this.shardSize = ShardPlan.checkTargetsPerShard(BenchOptions.count(options, "shard-size", DEFAULT_SHARD_SIZE,
                ShardPlan.MIN_TARGETS_PER_SHARD), "--shard-size");
        this.idleClientCount = BenchOptions.count(options, "idle-clients", 10_000, 0);
        this.repeats = BenchOptions.count(options, "repeats", 3, 1);
        this.jar = Path.of(options.getOrDefault("jar", "functions/target/ghostwatch.jar"));
        this.loopScript = Path.of(options.getOrDefault("loop-script", "infra/bench/redis-cli-loop.sh"));
        this.runDir = Path.of(options.getOrDefault("run-dir", System.getProperty("java.io.tmpdir")));
    }

    public static void main(String[] args) throws Exception {
        long mainEnteredUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        Map<String, String> options = BenchOptions.parse(args, Set.of("servers", "silent", "idle-clients", "repeats",
                "targets", "shard-size", "jar", "loop-script", "run-dir"));
        FleetAuditBench bench = new FleetAuditBench(options);
        Thread hook = new Thread(bench::closeAll, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (bench.targetCount > 0) {
                bench.runInventory(mainEnteredUptime);
            } else {
                bench.run(mainEnteredUptime);
            }
        } finally {
            bench.closeAll();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private void run(long mainEnteredUptime) throws Exception {
        long deadlineS = policy.get(PolicyKey.TARGET_DEADLINE_SECONDS);
        long wallLimitMs = (deadlineS + 2) * 1000;
        header(mainEnteredUptime);

        long setupStart = System.nanoTime();
        List<RedisServerProcess> fleet = startFleet(serverCount);
        List<SilentListener> silents = startSilent(silentCount);
        List<TargetSpec> live = fleet.stream().map(s -> spec(s.uri())).toList();
        List<TargetSpec> silent = silents.stream().map(s -> spec(s.uri())).toList();
        List<TargetSpec> all = interleave(live, silent);
        Set<String> silentNames = new java.util.HashSet<>(silent.stream().map(TargetSpec::name).toList());
        System.out.printf(Locale.ROOT, "fleet: %d redis-server processes (bind 127.0.0.1; save \"\", appendonly no;"
                + " varied timeout / tcp-keepalive / protected-mode / maxclients / CONFIG renamed)%n"
                + "       + %d silent endpoints (accept TCP, never answer; backlog 1024), interleaved every %d"
                + " targets; started in %.1f s%n", fleet.size(), silents.size(),
                silent.isEmpty() ? 0 : Math.max(1, all.size() / Math.max(1, silent.size())),
                (System.nanoTime() - setupStart) / 1e9);
        System.out.println();

        // [1] in-process, whole fleet
        System.out.printf(Locale.ROOT, "[1] In-process FleetAuditor, whole fleet (%d targets), default policy:"
                + " concurrency %d, targetDeadlineSeconds %d, connect/read timeout %d/%d ms%n", all.size(),
                policy.get(PolicyKey.CONCURRENCY), deadlineS, policy.get(PolicyKey.CONNECT_TIMEOUT_MS),
                policy.get(PolicyKey.READ_TIMEOUT_MS));
        System.out.println("    run    wall ms  CPU ms  live p50/p99 ms  silent p50/max ms  all p50/p99 ms  audited/unreach/error"
                + "  heap MiB: baseline  peak  allocated  live-after-GC  GCs");
        List<Long> fleetWalls = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            InProcessRun run = auditInProcess(all, true);
            fleetWalls.add(run.wallMs());
            printFleetRow(r == 0 ? "cold" : "warm" + r, run, silentNames);
        }
        System.out.println("    (per-target figures are targets[].durationMs: from the target's turn to its report;"
                + " heap from MemoryMXBean sampled every 1 ms + GC before-collection usage)");
        System.out.println();

        // [2] CLI end to end
        System.out.println("[2] CLI end to end: java -jar " + jar + " audit --target ... --format json"
                + " (a fresh JVM per run)");
        List<Long> versionWalls = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            versionWalls.add(runCli(List.of("--version"), "version-" + r).wallMs());
        }
        System.out.printf(Locale.ROOT, "    JVM start-up + exit (java -jar ghostwatch.jar --version): %s ms, median %d ms%n",
                versionWalls, median(versionWalls));
        System.out.println("    run    wall ms  report durationMs  outside audit ms  exit  live p50/p99 ms"
                + "  silent p50/max ms  max RSS MiB  heap peak MiB (-Xlog:gc)  exit tail ms");
        List<Long> cliFleetWalls = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            CliRun run = runCli(auditArgs(all), "cli-fleet-" + r);
            cliFleetWalls.add(run.wallMs());
            printCliRow("fleet" + (r + 1), run, silentNames);
        }
        System.out.println("    (outside audit = wall - report durationMs: JVM start, class loading, arg parsing,"
                + " JSON rendering, exit)");
        System.out.println();

        // [3] the obvious alternative, on the live targets
        System.out.printf(Locale.ROOT, "[3] Live targets only (%d): sequential redis-cli loop (%s: CONFIG GET timeout,"
                + " CONFIG GET tcp-keepalive, INFO clients per target) vs Ghostwatch%n", live.size(), loopScript);
        List<String> ports = fleet.stream().map(s -> Integer.toString(s.port())).toList();
        List<Long> loopWalls = new ArrayList<>();
        List<Long> liveInProcess = new ArrayList<>();
        List<Long> liveInProcessCpu = new ArrayList<>();
        for (int r = 0; r < repeats; r++) { // alternated, so drift in machine load hits both alike
            loopWalls.add(runLoop(ports));
            InProcessRun run = auditInProcess(live, false);
            liveInProcessCpu.add(run.cpuMs());
            if (run.report().targets().stream().anyMatch(t -> t.status() != AuditStatus.AUDITED)) {
                System.out.println("    WARNING: a live target was not audited: " + run.report().targets().stream()
                        .filter(t -> t.status() != AuditStatus.AUDITED).map(t -> t.name() + " " + t.error()).toList());
            }
            liveInProcess.add(run.wallMs());
        }
        // JDK 25 AOT cache (JEP 483/514): one training run of the same CLI command writes it
        Path aotCache = runDir.resolve("ghostwatch.aot");
        CliRun training = runCli(List.of("-XX:AOTCacheOutput=" + aotCache), auditArgs(live), "cli-aot-training");
        boolean aot = Files.isRegularFile(aotCache);
        List<String> aotFlags = List.of(FAST_EXIT, "-XX:AOTCache=" + aotCache);
        List<Long> liveCliAot = new ArrayList<>();
        List<Long> liveCli = new ArrayList<>();
        List<Long> liveCliFastExit = new ArrayList<>();
        List<Long> exitTails = new ArrayList<>();
        List<Long> liveCliReport = new ArrayList<>();
        List<Long> exitTailsFast = new ArrayList<>();
        for (int r = 0; r < repeats; r++) { // alternated, so drift in machine load hits all variants alike
            CliRun plain = runCli(auditArgs(live), "cli-live-" + r);
            liveCli.add(plain.wallMs());
            liveCliReport.add(plain.report().get("durationMs").asLong());
            exitTails.add(plain.exitTailMs());
            CliRun fast = runCli(List.of(FAST_EXIT), auditArgs(live), "cli-live-fast-exit-" + r);
            liveCliFastExit.add(fast.wallMs());
            exitTailsFast.add(fast.exitTailMs());
            if (aot) {
                liveCliAot.add(runCli(aotFlags, auditArgs(live), "cli-live-aot-" + r).wallMs());
            }
        }
        long loopMedian = median(loopWalls);
        long inProcMedian = median(liveInProcess);
        long cliMedian = median(liveCli);
        long coldAuditMedian = median(liveCliReport);
        System.out.printf(Locale.ROOT, "    redis-cli loop                    wall ms %s  median %6d%n", loopWalls, loopMedian);
        System.out.printf(Locale.ROOT, "    Ghostwatch in-process (warm JVM)  wall ms %s  median %6d   loop/ghostwatch = %.1fx%n",
                liveInProcess, inProcMedian, ratio(loopMedian, inProcMedian));
        System.out.printf(Locale.ROOT, "    Ghostwatch CLI (JVM start + exit) wall ms %s  median %6d   loop/ghostwatch = %.1fx%n",
                liveCli, cliMedian, ratio(loopMedian, cliMedian));
        System.out.printf(Locale.ROOT, "      (in-process JVM CPU ms %s; CLI report durationMs %s: the audit itself in a cold JVM)%n",
                liveInProcessCpu, liveCliReport);
        System.out.printf(Locale.ROOT, "    Ghostwatch CLI + %s  wall ms %s  median %6d   loop/ghostwatch = %.1fx%n",
                FAST_EXIT, liveCliFastExit, median(liveCliFastExit), ratio(loopMedian, median(liveCliFastExit)));
        if (aot) {
            System.out.printf(Locale.ROOT, "    Ghostwatch CLI + %s + AOT cache  wall ms %s  median %6d   loop/ghostwatch = %.1fx%n",
                    FAST_EXIT, liveCliAot, median(liveCliAot), ratio(loopMedian, median(liveCliAot)));
        } else {
            System.out.println("    (AOT cache: the training run (exit " + training.exitCode() + ") wrote no cache; row skipped)");
        }
        System.out.printf(Locale.ROOT, "    JVM exit tail (wall - uptime at the exit heap log line): plain %s ms, with %s %s ms%n",
                exitTails, FAST_EXIT, exitTailsFast);
        System.out.printf(Locale.ROOT, "    per target: loop %.1f ms (3 redis-cli processes), Ghostwatch does more per target"
                + " (2 connections, CLIENT SETNAME/ID, INFO, CONFIG GET x5, CLIENT LIST, PING, checks)%n",
                (double) loopMedian / live.size());
        if (!silents.isEmpty()) {
            silentRedisCli(silents.getFirst().port());
        }
        System.out.println();

        // [4] server-side cost of one audit
        System.out.println("[4] Server-side cost of one audit of one redis-server: INFO commandstats after - before,"
                + " per round (r1 is the first audit of that server)");
        List<ServerCost> costs = new ArrayList<>();
        for (int n : idleClientCount > 100 ? List.of(100, idleClientCount) : List.of(idleClientCount)) {
            costs.add(serverCost(n));
        }
        System.out.println();

        // [5] targets vs measured
        System.out.println("[5] Targets vs measured");
        long coldFleet = fleetWalls.getFirst();
        long worstFleet = Collections.max(fleetWalls);
        long worstCli = Collections.max(cliFleetWalls);
        verdict(String.format(Locale.ROOT, "whole fleet (%d targets incl. %d silent) within one target deadline + 2 s"
                        + " = %d ms, in-process: cold %d ms, worst of %d %d ms", all.size(), silent.size(),
                wallLimitMs, coldFleet, fleetWalls.size(), worstFleet), worstFleet <= wallLimitMs);
        verdict(String.format(Locale.ROOT, "same, CLI end to end incl. JVM start: worst of %d %d ms (limit %d ms)",
                cliFleetWalls.size(), worstCli, wallLimitMs), worstCli <= wallLimitMs);
        verdict(String.format(Locale.ROOT, ">= 5x faster than the redis-cli loop on the %d live targets,"
                + " in-process, warm JVM: %.1fx (%d ms vs %d ms)", live.size(), ratio(loopMedian, inProcMedian),
                inProcMedian, loopMedian), ratio(loopMedian, inProcMedian) >= 5.0);
        verdict(String.format(Locale.ROOT, ">= 5x faster than the redis-cli loop on the %d live targets,"
                + " audit in a cold JVM (CLI report durationMs): %.1fx (%d ms vs %d ms)", live.size(),
                ratio(loopMedian, coldAuditMedian), coldAuditMedian, loopMedian), ratio(loopMedian, coldAuditMedian) >= 5.0);
        verdict(String.format(Locale.ROOT, ">= 5x faster than the redis-cli loop on the %d live targets,"
                + " CLI end to end incl. JVM start and exit: %.1fx (%d ms vs %d ms)", live.size(),
                ratio(loopMedian, cliMedian), cliMedian, loopMedian), ratio(loopMedian, cliMedian) >= 5.0);
        System.out.println("load average at end: " + loadAverage());
        for (ServerCost c : costs) {
            System.out.printf(Locale.ROOT, "  info  server-side cost at %d idle clients: %d usec in commands"
                    + " (median of %d), longest single command %s %d usec%n", c.idleClients(), c.medianUsec(),
                    repeats, c.longestCommand(), c.longestUsec());
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // fleet

    /** A varied, deliberately misconfigured server; always bound to loopback only. */
    private static List<String> misconfiguration(int i) {
        List<String> lines = new ArrayList<>();
        lines.add("bind 127.0.0.1");
        lines.add("timeout " + List.of(0, 0, 300, 86400, 30).get(i % 5));
        lines.add("tcp-keepalive " + List.of(300, 0, 60, 3600).get(i % 4));
        if (i % 3 == 0) {
            lines.add("protected-mode no");
        }
        if (i % 10 == 4) {
            lines.add("maxclients 4");
        }
        if (i % 25 == 7) {
            lines.add("rename-command CONFIG \"\"");
        }
        return lines;
    }

    private List<RedisServerProcess> startFleet(int n) throws Exception {
        List<RedisServerProcess> fleet = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<RedisServerProcess>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> startServer(misconfiguration(index))));
            }
            for (Future<RedisServerProcess> f : futures) {
                fleet.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        return fleet;
    }

    /** Starts one server, retrying on a port taken between choosing and binding it; records its pid. */
    private RedisServerProcess startServer(List<String> config) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                RedisServerProcess s = RedisServerProcess.start(config.toArray(String[]::new));
                toClose.add(s);
                Files.writeString(runDir.resolve("pids"), s.pid() + " " + s.port() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return s;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private List<SilentListener> startSilent(int n) throws IOException {
        List<SilentListener> silents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SilentListener s = new SilentListener(SilentListener.Mode.SILENT);
            toClose.add(s);
            silents.add(s);
        }
        return silents;
    }

    private static TargetSpec spec(String uri) {
        return TargetSpec.fromUri(null, uri, null, Map.of(), "bench");
    }

    /** Silent endpoints spread evenly through the live ones. */
    private static <T> List<T> interleave(List<T> live, List<T> silent) {
        List<T> all = new ArrayList<>(live);
        if (silent.isEmpty()) {
            return all;
        }
        int step = Math.max(1, (live.size() + silent.size()) / silent.size());
        for (int j = 0; j < silent.size(); j++) {
            all.add(Math.min(all.size(), j * step + step / 2), silent.get(j));
        }
        return all;
    }

    // ---------------------------------------------------------------------------------------------------
    // in-process

    /** @param cpuMs CPU time of this whole JVM (all threads) during the audit */
    private record InProcessRun(long wallMs, long cpuMs, AuditReport report, HeapWatch.Result heap) {
    }

    /** With {@code watchHeap}, a 1 ms heap sampler runs alongside (and a full GC precedes the audit). */
    private InProcessRun auditInProcess(List<TargetSpec> targets, boolean watchHeap) throws InterruptedException {
        HeapWatch watch = watchHeap ? HeapWatch.start() : null;
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        AuditReport report = new FleetAuditor(policy, Secrets.environmentOnly(Map.of()), Clock.systemUTC())
                .audit(targets, AuditProgress.NONE);
        long wall = (System.nanoTime() - t0) / 1_000_000;
        long cpu = (processCpuNanos() - cpu0) / 1_000_000;
        HeapWatch.Result heap = watchHeap ? watch.stop(report) : null;
        return new InProcessRun(wall, cpu, report, heap);
    }

    private static void printFleetRow(String label, InProcessRun run, Set<String> silentNames) {
        List<Long> liveMs = new ArrayList<>();
        List<Long> silentMs = new ArrayList<>();
        List<Long> allMs = new ArrayList<>();
        Map<AuditStatus, Integer> statuses = new EnumMap<>(AuditStatus.class);
        for (TargetReport t : run.report().targets()) {
            (silentNames.contains(t.name()) ? silentMs : liveMs).add(t.durationMs());
            allMs.add(t.durationMs());
            statuses.merge(t.status(), 1, Integer::sum);
        }
        HeapWatch.Result h = run.heap();
        System.out.printf(Locale.ROOT, "    %-5s %8d %7d  %6d / %-6d  %7d / %-7d  %6d / %-6d  %13d/%d/%d %18s %5s %10s %14s %4d%n",
                label, run.wallMs(), run.cpuMs(), pct(liveMs, 50), pct(liveMs, 99), pct(silentMs, 50), pct(silentMs, 100),
                pct(allMs, 50), pct(allMs, 99), statuses.getOrDefault(AuditStatus.AUDITED, 0),
                statuses.getOrDefault(AuditStatus.UNREACHABLE, 0), statuses.getOrDefault(AuditStatus.ERROR, 0),
                mib(h.baselineBytes()), mib(h.peakBytes()), mib(h.allocatedBytes()), mib(h.liveAfterGcBytes()),
                h.gcCount());
    }

    // ---------------------------------------------------------------------------------------------------
    // large inventory (--targets N)

    /** One phase of an inventory run: wall time, CPU time of the whole JVM, and its heap lap. */
    private record Phase(long wallMs, long cpuMs, HeapWatch.Lap heap) {
    }

    /** When a phase started: wall clock, and CPU time of the whole JVM. */
    private record PhaseStart(long nanos, long cpuNanos) {
        static PhaseStart now() {
            return new PhaseStart(System.nanoTime(), processCpuNanos());
        }

        /** The phase from here to now, with the heap watch's lap. */
        Phase end(HeapWatch watch) {
            return new Phase((System.nanoTime() - nanos) / 1_000_000, (processCpuNanos() - cpuNanos) / 1_000_000,
                    watch.lap());
        }
    }

    private static long wallMs(Phase... phases) {
        return Stream.of(phases).filter(java.util.Objects::nonNull).mapToLong(Phase::wallMs).sum();
    }

    private static long cpuMs(Phase... phases) {
        return Stream.of(phases).filter(java.util.Objects::nonNull).mapToLong(Phase::cpuMs).sum();
    }

    /**
     * What {@link ReportLog} wrote: lines (a line per target and one summary per shard), their UTF-8 bytes, the
     * longest, and how many say they were trimmed to fit {@link ReportLog#MAX_LINE_BYTES}.
     */
    private record LogFigures(long lines, long bytes, long maxLineBytes, long trimmed) {
    }

    /**
     * The Lambda logger for {@link ReportLog}, counting instead of printing: each line's UTF-8 bytes without its
     * newline (what ReportLog holds against its limit).
     */
    private static final class CountingLogger implements LambdaLogger {
        private long lines;
        private long bytes;
        private long longest;
        private long trimmed;

        @Override
        public void log(String message) {
            long n = utf8Length(message) - (message.endsWith("\n") ? 1 : 0);
            lines++;
            bytes += n;
            longest = Math.max(longest, n);
            if (message.contains("\"trimmed\":[")) {
                trimmed++;
            }
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(message);
        }

        LogFigures figures() {
            return new LogFigures(lines, bytes, longest, trimmed);
        }
    }

    /** One shard's part of the digest as the runs table stores it ({@link DynamoDbRunStore#encode}). */
    private record StoredPart(int targets, byte[] data) {
        /** Items it takes in the table: chunks of {@link DynamoDbRunStore#CHUNK_BYTES}. */
        int chunks() {
            return Math.max(1, (data.length + DynamoDbRunStore.CHUNK_BYTES - 1) / DynamoDbRunStore.CHUNK_BYTES);
        }
    }

    /**
     * The publish step as {@code AuditPublishHandler} does it, in a Lambda of its own: every shard's part read back from
     * the bytes the runs table holds ({@link DynamoDbRunStore#decode}), then the run's one digest assembled with the
     * default limits. A phase is null when an OutOfMemoryError ended it before.
     *
     * @param heap from a full GC holding only the parts' bytes; its live-after-GC holds the parts read back and the digest
     */
    private record Publish(Phase read, Phase assemble, HeapWatch.Result heap, int digestBlocks, int threadMessages,
                           int threadBlocks, int uploads, String detailsFile, long detailsFileBytes,
                           int detailsFileTargets) {

        long wallMs() {
            return FleetAuditBench.wallMs(read, assemble);
        }

        boolean complete() {
            return assemble != null;
        }
    }

    /**
     * One shard audited as its own invocation, as {@code AuditShardHandler} does it: audit its slice, log the report a
     * line per target, render its part of the digest, encode the part for the runs table; from a full GC, nothing
     * held from before. A phase is null when an OutOfMemoryError ended the shard before it.
     */
    private record ShardRun(String label, Percentiles perTarget, Phase audit, Phase log, Phase part, Phase store,
                            HeapWatch.Result heap, LogFigures logged, long partBytes, int chunks) {

        long wallMs() {
            return FleetAuditBench.wallMs(audit, log, part, store);
        }

        long cpuMs() {
            return FleetAuditBench.cpuMs(audit, log, part, store);
        }

        boolean complete() {
            return store != null;
        }
    }

    /**
     * One run over the whole inventory in one JVM: the audit, the report logged a line per target (per shard, with its
     * label), the digest parts rendered per shard of {@code --shard-size} from the shards' sub-reports, each encoded as
     * the runs table stores it; then the publish step from those bytes; then one shard as its own invocation. A phase
     * is null when an OutOfMemoryError ended the run before it. Holds figures only, never the report, so the next run
     * starts from the same baseline.
     *
     * @param perTarget     per-target durations and statuses; null when the audit did not finish
     * @param errors        the distinct target errors with their counts
     * @param stored        the parts as the runs table stores them
     * @param partJsonBytes the parts' JSON before gzip, all together
     * @param finishedAtMs  when the k-th target finished, from the start of the audit
     * @param serverCpuMs   CPU time of all redis-server processes during the audit (/proc/PID/stat)
     * @param rejected      rejected_connections added up over the servers, after minus before the run
     * @param lowMaxclientsFailures live targets not audited on servers with maxclients below {@link #LOW_MAXCLIENTS}
     * @param otherFailures live targets not audited on the other servers
     * @param retainedBytes live heap after a full GC holding, in turn: the report; + every part; + the first part's
     *                      JSON tree (what {@code encode} builds), over the baseline
     * @param treeTargets   the targets of the part whose tree {@code retainedBytes[2]} holds
     * @param outOfMemory   every OutOfMemoryError seen: thrown to the bench, uncaught in a thread, or in a target's error
     */
    private record InventoryRun(Percentiles perTarget, String errors, Phase audit, Phase log, Phase parts, Phase store,
                                HeapWatch.Result heap, LogFigures logged, List<StoredPart> stored, long partJsonBytes,
                                long[] finishedAtMs, long serverCpuMs, long rejected, long lowMaxclientsFailures,
                                long otherFailures, long maxOpenFds, long[] retainedBytes, int treeTargets,
                                Publish publish, ShardRun shard, List<String> outOfMemory, String loadBefore,
                                String loadAfter) {

        long totalWallMs() {
            return wallMs(audit, log, parts, store);
        }

        long totalCpuMs() {
            return cpuMs(audit, log, parts, store);
        }

        boolean complete() {
            return store != null && publish != null && publish.complete() && shard != null && shard.complete();
        }

        long gcMillis() {
            return heap.gcMillis();
        }

        long storedBytes() {
            return stored.stream().mapToLong(p -> p.data().length).sum();
        }
    }

    private void runInventory(long mainEnteredUptime) throws Exception {
        long deadlineS = policy.get(PolicyKey.TARGET_DEADLINE_SECONDS);
        int concurrency = policy.getInt(PolicyKey.CONCURRENCY);
        header(mainEnteredUptime);
        System.out.println("open files: " + openFileLimits() + " (this JVM, and the redis-servers it starts: a server"
                + " needs maxclients + 32 descriptors)");

        long setupStart = System.nanoTime();
        List<RedisServerProcess> fleet = startFleet(serverCount);
        List<SilentListener> silents = startSilent(silentCount);
        int liveCount = targetCount - silentCount;
        List<String> liveUris = new ArrayList<>();
        for (int i = 0; i < liveCount; i++) {
            liveUris.add(fleet.get(i % fleet.size()).uri()); // round robin: concurrent audits spread over the servers
        }
        List<String> silentUris = silents.stream().map(SilentListener::uri).toList();
        List<String> uris = interleave(liveUris, silentUris);
        Set<String> silentUriSet = Set.copyOf(silentUris);
        List<TargetSpec> all = new ArrayList<>();
        Set<String> silentNames = new java.util.HashSet<>();
        for (int k = 0; k < uris.size(); k++) {
            String name = String.format(Locale.ROOT, "svc-%05d", k);
            all.add(TargetSpec.fromUri(name, uris.get(k), null,
                    Map.of("team", "team-" + (k % 40), "env", k % 4 == 0 ? "staging" : "prod"), "bench"));
            if (silentUriSet.contains(uris.get(k))) {
                silentNames.add(name);
            }
        }
        Map<String, Long> maxclients = maxclientsOf(fleet);
        System.out.printf(Locale.ROOT, "fleet: %d redis-server processes (bind 127.0.0.1; save \"\", appendonly no;"
                + " varied timeout / tcp-keepalive / protected-mode / maxclients / CONFIG renamed); maxclients"
                + " {value=servers}: %s%n", fleet.size(), maxclients.values().stream().collect(Collectors.groupingBy(
                v -> v, java.util.TreeMap::new, Collectors.counting())));
        System.out.printf(Locale.ROOT, "inventory: %d entries with distinct names (svc-00000 ..., tags team and env):"
                        + " %d on the servers round robin (%d-%d entries per host:port) + %d silent endpoints (%.1f %%; one"
                        + " listener each, accept TCP and never answer), interleaved every %d entries; started in %.1f s%n",
                all.size(), liveCount, liveCount / fleet.size(), (liveCount + fleet.size() - 1) / fleet.size(),
                silents.size(), 100.0 * silents.size() / all.size(),
                silents.isEmpty() ? 0 : Math.max(1, all.size() / silents.size()), (System.nanoTime() - setupStart) / 1e9);
        System.out.printf(Locale.ROOT, "  at concurrency %d over %d servers round robin, about %.1f audits per server at"
                + " a time (2 connections each while it runs: the session, then the unauthenticated probe)%n",
                concurrency, fleet.size(), (double) concurrency / fleet.size());
        if (fleet.size() < concurrency) {
            System.out.printf(Locale.ROOT, "  NOTE fewer servers than concurrency: audits of the same host:port overlap, so"
                    + " the maxclients-4 servers refuse some of Ghostwatch's own connections (counted per run below);"
                    + " a real fleet of %d distinct servers would not%n", all.size());
        }
        List<Shard.Targets> shards = shards(all);
        System.out.printf(Locale.ROOT, "shards: %d of up to %d targets (ShardPlan, as AuditPlanHandler cuts the inventory"
                + " with GHOSTWATCH_TARGETS_PER_SHARD=%d)%n", shards.size(), shardSize, shardSize);
        System.out.println();

        System.out.printf(Locale.ROOT, "[L1] One JVM, the whole inventory (%d targets), default policy: concurrency %d,"
                        + " targetDeadlineSeconds %d, connect/read timeout %d/%d ms; then what the shards and the publisher"
                        + " do with it: log a line per target (ReportLog, per shard), a digest part per shard of %d"
                        + " (new DigestRenderer(%d).part(DigestInput.firstRun(shard's sub-report))), each encoded as the runs"
                        + " table stores it (DynamoDbRunStore.encode: gzipped JSON); publish: decode the parts, assemble the"
                        + " digest (new DigestRenderer(%d, %d).assemble); then one shard of %d as its own invocation%n",
                all.size(), concurrency, deadlineS, policy.get(PolicyKey.CONNECT_TIMEOUT_MS),
                policy.get(PolicyKey.READ_TIMEOUT_MS), shardSize, SlackConfig.DEFAULT_MAX_LISTED,
                SlackConfig.DEFAULT_MAX_LISTED, SlackConfig.DEFAULT_MAX_THREAD_MESSAGES, shards.getFirst().size());
        List<InventoryRun> runs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            String label = r == 0 ? "cold" : "warm" + r;
            InventoryRun run = inventoryOnce(all, shards, silentNames, fleet, maxclients);
            runs.add(run);
            labels.add(label);
            printInventoryRun(label, run, all.size());
            if (!run.complete()) {
                System.out.println("  (stopped: an OutOfMemoryError ended this run)");
                break;
            }
        }
        System.out.println("  (per-target figures: targets[].durationMs, from the target's turn to its report; heap: the"
                + " 1 ms MemoryMXBean sampler + each GC's before-collection usage, per phase, no GC forced between"
                + " phases; heap peak is heap used, baseline included; CPU: the whole JVM, JIT and GC threads included)");
        System.out.println();

        System.out.println("[L2] Summary");
        System.out.printf(Locale.ROOT, "  the whole inventory in one JVM (%d targets)%n", all.size());
        System.out.println("  run    audit s  log s  parts s  store s  total s  targets/s  live p50/p99/max ms"
                + "  silent p50/p99/max ms  audited/unreach/error  peak heap MiB  held MiB  GC ms  OOM");
        for (int i = 0; i < runs.size(); i++) {
            printSummaryRow(labels.get(i), runs.get(i));
        }
        System.out.printf(Locale.ROOT, "  one shard of %d as its own invocation, and the publish step (%d part(s), %d"
                + " targets)%n", shards.getFirst().size(), shards.size(), all.size());
        System.out.println("  run    shard s  live p50/p99/max ms  peak heap MiB  held MiB  part KiB gz  chunks  |"
                + "  read s  assemble s  peak heap MiB  held MiB  thread msgs  details file");
        for (int i = 0; i < runs.size(); i++) {
            printShardPublishRow(labels.get(i), runs.get(i));
        }
        System.out.println();
        limits(runs, all.size(), silents.size(), concurrency);
        System.out.println("load average at end: " + loadAverage());
    }

    /** The inventory cut as AuditPlanHandler cuts it (ShardPlan with --shard-size targets per shard). */
    private List<Shard.Targets> shards(List<TargetSpec> all) {
        return ShardPlan.of(new AuditRun("fleet-bench", java.time.Instant.EPOCH), new GhostwatchConfig(all, policy),
                "bench", shardSize).shards().stream().map(s -> (Shard.Targets) s).toList();
    }

    /** A shard's share of the whole report: its targets, the run's start (every shard records under it). */
    private static AuditReport slice(AuditReport report, Shard.Targets shard) {
        return new AuditReport(report.startedAt(), report.durationMs(), report.targets().subList(shard.from(), shard.to()));
    }

    /** A shard's part of the digest, as DigestPublisher.record renders it (first run: every failing finding new). */
    private static RecordedPart part(AuditReport report) {
        return new RecordedPart(report.findings().size(), new DigestRenderer(SlackConfig.DEFAULT_MAX_LISTED)
                .part(DigestInput.firstRun(report)));
    }

    /** @param maxclients each server's maxclients by URI, to tell the failures of nearly full servers apart */
    private InventoryRun inventoryOnce(List<TargetSpec> all, List<Shard.Targets> shards, Set<String> silentNames,
                                       List<RedisServerProcess> fleet, Map<String, Long> maxclients) throws Exception {
        String loadBefore = loadAverage();
        long rejected0 = rejectedConnections(fleet);
        long[] finishedAt = new long[all.size()];
        List<String> outOfMemory = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                outOfMemory.add("thread " + thread.getName() + ": " + e);
            }
            e.printStackTrace();
        });
        java.util.concurrent.atomic.AtomicLong maxFds = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread fdSampler = Thread.ofPlatform().daemon().name("fd-sampler").start(() -> {
            while (sampling.get()) {
                maxFds.accumulateAndGet(openFileDescriptors(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long serverCpu0 = serverCpuTicks(fleet);
        long serverCpuMs = -1;
        AuditReport report = null;
        List<RecordedPart> parts = new ArrayList<>();
        List<StoredPart> stored = new ArrayList<>();
        CountingLogger logger = new CountingLogger();
        Phase audit = null;
        Phase log = null;
        Phase partsPhase = null;
        Phase store = null;
        HeapWatch watch = HeapWatch.start();
        PhaseStart auditStart = PhaseStart.now();
        try {
            report = new FleetAuditor(policy, Secrets.environmentOnly(Map.of()), Clock.systemUTC())
                    .audit(all, (done, total) -> finishedAt[done - 1] = System.nanoTime());
            audit = auditStart.end(watch);
            sampling.set(false);
            serverCpuMs = (serverCpuTicks(fleet) - serverCpu0) * 1000 / CLOCK_TICKS_PER_SECOND;
            String runId = "fleet-bench-" + report.startedAt().toEpochMilli();

            PhaseStart started = PhaseStart.now();
            ReportLog reportLog = new ReportLog(logger);
            for (int i = 0; i < shards.size(); i++) {
                reportLog.write(slice(report, shards.get(i)), runId,
                        ReportLog.shardLabel(i, shards.size(), shards.get(i)));
            }
            log = started.end(watch);

            started = PhaseStart.now();
            for (Shard.Targets shard : shards) {
                parts.add(part(slice(report, shard)));
            }
            partsPhase = started.end(watch);

            started = PhaseStart.now();
            for (int i = 0; i < parts.size(); i++) {
                stored.add(new StoredPart(shards.get(i).size(), DynamoDbRunStore.encode(parts.get(i))));
            }
            store = started.end(watch);
        } catch (OutOfMemoryError e) {
            outOfMemory.add("bench main thread: " + e);
        } finally {
            sampling.set(false);
            fdSampler.join();
        }
        HeapWatch.Result heap = watch.stop(new Object[] {report, parts, stored});
        long[] finishedAtMs = new long[finishedAt.length];
        for (int i = 0; i < finishedAt.length; i++) {
            finishedAtMs[i] = finishedAt[i] == 0 ? -1 : (finishedAt[i] - auditStart.nanos()) / 1_000_000;
        }
        // Loops over the report and the parts run in methods of their own: an interpreted frame keeps a loop's
        // iterator (and so the list) reachable after the loop, which would count in the figures below.
        long[] failures = report == null ? new long[2] : failures(report, maxclients, outOfMemory);
        // What each holds: report + parts (as stop() measured), + the first part's JSON tree, then the report alone.
        long[] retained = {-1, -1, -1};
        long partJsonBytes = -1;
        int treeTargets = 0;
        if (store != null) {
            retained[1] = heap.liveAfterGcBytes() - heap.baselineBytes();
            retained[2] = heldWithTree(parts.getFirst(), heap.baselineBytes());
            treeTargets = shards.getFirst().size();
            partJsonBytes = jsonBytes(parts);
            parts = null;
            retained[0] = HeapWatch.liveAfterGc() - heap.baselineBytes();
        }
        Percentiles perTarget = report == null ? null : Percentiles.of(report, silentNames);
        String errors = report == null ? null : errorKinds(report);
        java.time.Instant startedAt = report == null ? null : report.startedAt();
        long durationMs = report == null ? 0 : report.durationMs();
        java.lang.ref.Reference.reachabilityFence(report);
        report = null; // the publisher and the next shard run in other Lambdas: nothing of the audit is held
        parts = null;
        Publish publish = null;
        ShardRun shard = null;
        if (store != null) {
            publish = publish(stored, startedAt, durationMs, outOfMemory);
            if (publish.complete()) {
                shard = shardOnce(all, shards, silentNames, outOfMemory);
            }
        }
        Thread.setDefaultUncaughtExceptionHandler(previous);
        return new InventoryRun(perTarget, errors, audit, log, partsPhase, store, heap, logger.figures(),
                List.copyOf(stored), partJsonBytes, finishedAtMs, serverCpuMs, rejectedConnections(fleet) - rejected0,
                failures[0], failures[1], maxFds.get(), retained, treeTargets, publish, shard,
                List.copyOf(outOfMemory), loadBefore, loadAverage());
    }

    /**
     * Live targets not audited, on servers with maxclients below {@link #LOW_MAXCLIENTS} and on the others; adds any
     * OutOfMemoryError a target reports to {@code outOfMemory}.
     */
    private static long[] failures(AuditReport report, Map<String, Long> maxclients, List<String> outOfMemory) {
        long[] failures = new long[2];
        for (TargetReport t : report.targets()) {
            if (t.error() != null && t.error().contains("OutOfMemoryError")) {
                outOfMemory.add("target " + t.name() + ": " + t.error());
            }
            Long max = maxclients.get(t.target().uri());
            if (max != null && t.status() != AuditStatus.AUDITED) {
                failures[max < LOW_MAXCLIENTS ? 0 : 1]++;
            }
        }
        return failures;
    }

    /** Heap over {@code baseline}, live after a full GC, while the part's JSON tree (what encode builds) is held too. */
    private static long heldWithTree(RecordedPart part, long baseline) {
        ObjectNode tree = DigestPartJson.write(part.part());
        long held = HeapWatch.liveAfterGc() - baseline;
        java.lang.ref.Reference.reachabilityFence(tree);
        return held;
    }

    /** The parts' JSON before gzip, in bytes; each part's tree made and dropped in turn. */
    private static long jsonBytes(List<RecordedPart> parts) throws IOException {
        long bytes = 0;
        for (RecordedPart p : parts) {
            bytes += JSON.writeValueAsBytes(DigestPartJson.write(p.part())).length;
        }
        return bytes;
    }

    /** The publish step from the parts' bytes alone (see {@link Publish}). */
    private static Publish publish(List<StoredPart> stored, java.time.Instant startedAt, long durationMs,
                                   List<String> outOfMemory) throws InterruptedException {
        List<DigestPart> parts = new ArrayList<>();
        SlackDigest digest = null;
        Phase read = null;
        Phase assemble = null;
        HeapWatch watch = HeapWatch.start();
        try {
            PhaseStart started = PhaseStart.now();
            for (StoredPart p : stored) {
                parts.add(DynamoDbRunStore.decode(p.data()).part());
            }
            read = started.end(watch);

            started = PhaseStart.now();
            digest = new DigestRenderer(SlackConfig.DEFAULT_MAX_LISTED, SlackConfig.DEFAULT_MAX_THREAD_MESSAGES)
                    .assemble(startedAt, durationMs, new DigestParts(parts));
            assemble = started.end(watch);
        } catch (OutOfMemoryError e) {
            outOfMemory.add("bench main thread, publishing: " + e);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("a part the benchmark encoded does not decode: " + e.getMessage(), e);
        }
        HeapWatch.Result heap = watch.stop(new Object[] {parts, digest});
        if (digest == null) {
            return new Publish(read, null, heap, 0, 0, 0, 0, null, 0, 0);
        }
        List<SlackMessage> messages = digest.threadMessages();
        List<DetailsFile> files = digest.thread().stream().filter(i -> i instanceof DetailsFile)
                .map(i -> (DetailsFile) i).toList();
        return new Publish(read, assemble, heap, digest.digest().blocks().size(), messages.size(),
                messages.stream().mapToInt(m -> m.blocks().size()).sum(),
                (int) digest.thread().stream().filter(i -> i instanceof ThreadUpload).count(),
                files.isEmpty() ? null : files.getFirst().filename(),
                files.stream().mapToLong(f -> utf8Length(f.text())).sum(),
                files.stream().mapToInt(DetailsFile::targets).sum());
    }

    /** The first shard audited as its own invocation (see {@link ShardRun}). */
    private ShardRun shardOnce(List<TargetSpec> all, List<Shard.Targets> shards, Set<String> silentNames,
                               List<String> outOfMemory) throws Exception {
        Shard.Targets shard = shards.getFirst();
        String label = ReportLog.shardLabel(0, shards.size(), shard);
        AuditReport report = null;
        RecordedPart part = null;
        StoredPart stored = null;
        CountingLogger logger = new CountingLogger();
        Phase audit = null;
        Phase log = null;
        Phase partPhase = null;
        Phase store = null;
        HeapWatch watch = HeapWatch.start();
        try {
            PhaseStart started = PhaseStart.now();
            report = new FleetAuditor(policy, Secrets.environmentOnly(Map.of()), Clock.systemUTC())
                    .audit(all.subList(shard.from(), shard.to()), AuditProgress.NONE);
            audit = started.end(watch);

            started = PhaseStart.now();
            new ReportLog(logger).write(report, "fleet-bench-" + report.startedAt().toEpochMilli(), label);
            log = started.end(watch);

            started = PhaseStart.now();
            part = part(report);
            partPhase = started.end(watch);

            started = PhaseStart.now();
            stored = new StoredPart(shard.size(), DynamoDbRunStore.encode(part));
            store = started.end(watch);
        } catch (OutOfMemoryError e) {
            outOfMemory.add("bench main thread, one shard: " + e);
        }
        HeapWatch.Result heap = watch.stop(new Object[] {report, part, stored});
        return new ShardRun(label, report == null ? null : Percentiles.of(report, silentNames), audit, log, partPhase,
                store, heap, logger.figures(), stored == null ? -1 : stored.data().length,
                stored == null ? 0 : stored.chunks());
    }

    private static final String PHASE_HEADER = "phase    wall ms   CPU ms  heap peak MiB  allocated MiB  GCs  GC time ms";

    private void printInventoryRun(String label, InventoryRun run, int targets) {
        System.out.printf(Locale.ROOT, "  %s (load average before %s, after %s)%n", label, run.loadBefore(),
                run.loadAfter());
        System.out.println("    " + PHASE_HEADER);
        printPhase("    ", "audit", run.audit());
        printPhase("    ", "log", run.log());
        printPhase("    ", "parts", run.parts());
        printPhase("    ", "store", run.store());
        HeapWatch.Result h = run.heap();
        System.out.printf(Locale.ROOT, "    %-7s %8d %8d  %13s  %13s  %3d  %10d%n", "total", run.totalWallMs(),
                run.totalCpuMs(), mib(h.peakBytes()), mib(h.allocatedBytes()), h.gcCount(), run.gcMillis());
        if (run.perTarget() != null) {
            Percentiles p = run.perTarget();
            System.out.printf(Locale.ROOT, "    per target: live p50/p99/max %d/%d/%d ms; silent p50/p99/max %d/%d/%d ms;"
                            + " %s audited/unreachable/error; errors: %s%n", p.live(50), p.live(99), p.live(100),
                    p.silent(50), p.silent(99), p.silent(100), p.statuses(), run.errors());
            System.out.printf(Locale.ROOT, "    throughput: %d targets in %.1f s = %.0f targets/s; finished 50 %% at %.1f s,"
                            + " 90 %% at %.1f s, 99 %% at %.1f s, 100 %% at %.1f s%n", targets, run.audit().wallMs() / 1e3,
                    targets * 1e3 / run.audit().wallMs(), finishedAt(run, 0.5), finishedAt(run, 0.9),
                    finishedAt(run, 0.99), finishedAt(run, 1.0));
            long available = Runtime.getRuntime().availableProcessors() * run.audit().wallMs();
            System.out.printf(Locale.ROOT, "    CPU during the audit: bench JVM %.1f s + redis-servers %.1f s = %.1f s of"
                            + " %.1f s (%d cores x wall): %.0f %%; max open descriptors in this JVM %d%n",
                    run.audit().cpuMs() / 1e3, run.serverCpuMs() / 1e3, (run.audit().cpuMs() + run.serverCpuMs()) / 1e3,
                    available / 1e3, Runtime.getRuntime().availableProcessors(),
                    100.0 * (run.audit().cpuMs() + run.serverCpuMs()) / available, run.maxOpenFds());
            System.out.printf(Locale.ROOT, "    maxclients: rejected_connections +%d over all servers during the run; live"
                    + " targets not audited: %d on servers with maxclients < %d, %d on the others%n", run.rejected(),
                    run.lowMaxclientsFailures(), LOW_MAXCLIENTS, run.otherFailures());
        }
        if (run.log() != null) {
            LogFigures l = run.logged();
            System.out.printf(Locale.ROOT, "    log (ReportLog, as the shards log it): %,d lines (a line per target + %d"
                            + " shard summary line(s)), %.1f MiB UTF-8, %.2f KiB per target; longest line %.1f KiB (limit %d KiB,"
                            + " CloudWatch takes 256 KB an event); %d trimmed%n", l.lines(), l.lines() - targets,
                    l.bytes() / 1048576.0, l.bytes() / 1024.0 / targets, l.maxLineBytes() / 1024.0,
                    ReportLog.MAX_LINE_BYTES / 1024, l.trimmed());
        }
        if (run.store() != null) {
            List<StoredPart> stored = run.stored();
            System.out.printf(Locale.ROOT, "    digest parts as the runs table stores them: %d part(s), gzipped %s KiB"
                            + " (%.2f KiB per target; JSON %.1f MiB in all, gzip %.1fx); items of %d KiB per part: %s%n",
                    stored.size(), range(stored.stream().map(p -> Math.round(p.data().length / 1024.0)).toList()),
                    run.storedBytes() / 1024.0 / targets, run.partJsonBytes() / 1048576.0,
                    (double) run.partJsonBytes() / run.storedBytes(), DynamoDbRunStore.CHUNK_BYTES / 1024,
                    range(stored.stream().map(p -> (long) p.chunks()).toList()));
        }
        long[] held = run.retainedBytes();
        if (held[0] >= 0) {
            System.out.printf(Locale.ROOT, "    heap held over the %s MiB baseline, live after a full GC: report %s MiB"
                            + " (%.1f KiB per target); report + the %d part(s) %s MiB (%.1f KiB); a part's JSON tree as encode"
                            + " builds it %.1f KiB per target (%d targets' part: %s MiB)%n", mib(h.baselineBytes()),
                    mib(held[0]), held[0] / 1024.0 / targets, run.stored().size(), mib(held[1]),
                    held[1] / 1024.0 / targets, treePerTarget(run) / 1024.0, run.treeTargets(),
                    mib(held[2] - held[1]));
        }
        Publish pub = run.publish();
        if (pub != null) {
            System.out.printf(Locale.ROOT, "    publish (as AuditPublishHandler, in a Lambda of its own: from a full GC"
                    + " holding only the parts' %.0f KiB of gzipped JSON)%n", run.storedBytes() / 1024.0);
            System.out.println("      step     wall ms   CPU ms  heap peak MiB  allocated MiB  GCs  GC time ms");
            printPhase("      ", "read", pub.read());
            printPhase("      ", "assemble", pub.assemble());
            if (pub.complete()) {
                System.out.printf(Locale.ROOT, "      digest: 1 message of %d blocks + a thread of %d messages (%d blocks)"
                                + " and %d upload(s)%s%n", pub.digestBlocks(), pub.threadMessages(), pub.threadBlocks(),
                        pub.uploads(), pub.detailsFile() == null ? "" : String.format(Locale.ROOT,
                                ": %s, the details of %,d targets, %.1f MiB (%.2f KiB per target in it)",
                                pub.detailsFile(), pub.detailsFileTargets(), pub.detailsFileBytes() / 1048576.0,
                                pub.detailsFileBytes() / 1024.0 / Math.max(1, pub.detailsFileTargets())));
                HeapWatch.Result ph = pub.heap();
                System.out.printf(Locale.ROOT, "      heap held over the %s MiB baseline, live after a full GC: the parts"
                                + " read back + the digest %s MiB (%.1f KiB per target)%n", mib(ph.baselineBytes()),
                        mib(ph.liveAfterGcBytes() - ph.baselineBytes()),
                        (ph.liveAfterGcBytes() - ph.baselineBytes()) / 1024.0 / targets);
            }
        }
        ShardRun s = run.shard();
        if (s != null) {
            HeapWatch.Result sh = s.heap();
            System.out.printf(Locale.ROOT, "    one shard as its own invocation (AuditShardHandler's work for %s, from a"
                    + " full GC)%n", s.label());
            System.out.println("      " + PHASE_HEADER);
            printPhase("      ", "audit", s.audit());
            printPhase("      ", "log", s.log());
            printPhase("      ", "part", s.part());
            printPhase("      ", "store", s.store());
            System.out.printf(Locale.ROOT, "      %-7s %8d %8d  %13s  %13s  %3d  %10d%n", "total", s.wallMs(), s.cpuMs(),
                    mib(sh.peakBytes()), mib(sh.allocatedBytes()), sh.gcCount(), sh.gcMillis());
            if (s.perTarget() != null && s.complete()) {
                Percentiles p = s.perTarget();
                System.out.printf(Locale.ROOT, "      per target: live p50/p99/max %d/%d/%d ms; silent p50/p99/max"
                                + " %d/%d/%d ms; %s audited/unreachable/error; log %,d lines, longest %.1f KiB; part %.0f KiB"
                                + " gzipped, %d item(s); heap held over the %s MiB baseline after it: %s MiB%n",
                        p.live(50), p.live(99), p.live(100), p.silent(50), p.silent(99), p.silent(100), p.statuses(),
                        s.logged().lines(), s.logged().maxLineBytes() / 1024.0, s.partBytes() / 1024.0, s.chunks(),
                        mib(sh.baselineBytes()), mib(sh.liveAfterGcBytes() - sh.baselineBytes()));
            }
        }
        System.out.println("    OutOfMemoryError: " + (run.outOfMemory().isEmpty() ? "none"
                : run.outOfMemory().size() + ", first: " + run.outOfMemory().getFirst()));
    }

    /** The JSON tree of a part, per target of that part. */
    private static double treePerTarget(InventoryRun run) {
        return run.treeTargets() == 0 ? 0 : (double) (run.retainedBytes()[2] - run.retainedBytes()[1]) / run.treeTargets();
    }

    /** "12" or "11-13". */
    private static String range(List<Long> values) {
        long min = Collections.min(values);
        long max = Collections.max(values);
        return min == max ? Long.toString(min) : min + "-" + max;
    }

    private static void printPhase(String indent, String name, Phase p) {
        if (p == null) {
            System.out.printf(Locale.ROOT, "%s%-8s %7s%n", indent, name, "(not reached)");
            return;
        }
        System.out.printf(Locale.ROOT, "%s%-8s %7d %8d  %13s  %13s  %3d  %10d%n", indent, name, p.wallMs(), p.cpuMs(),
                mib(p.heap().peakBytes()), mib(p.heap().allocatedBytes()), p.heap().gcCount(), p.heap().gcMillis());
    }

    private static void printSummaryRow(String label, InventoryRun run) {
        HeapWatch.Result h = run.heap();
        String perTarget = "-";
        String silent = "-";
        String statuses = "-";
        String rate = "-";
        if (run.perTarget() != null) {
            Percentiles p = run.perTarget();
            perTarget = p.live(50) + " / " + p.live(99) + " / " + p.live(100);
            silent = p.silent(50) + " / " + p.silent(99) + " / " + p.silent(100);
            statuses = p.statuses();
            rate = String.format(Locale.ROOT, "%.0f", p.targets() * 1e3 / run.audit().wallMs());
        }
        System.out.printf(Locale.ROOT, "  %-5s %8s %6s %8s %8s %8s %10s  %19s  %21s  %21s  %13s  %8s  %5d  %3d%n", label,
                seconds(run.audit()), seconds(run.log()), seconds(run.parts()), seconds(run.store()),
                String.format(Locale.ROOT, "%.1f", run.totalWallMs() / 1e3), rate, perTarget, silent, statuses,
                mib(h.peakBytes()), run.retainedBytes()[1] < 0 ? "-" : mib(run.retainedBytes()[1]), run.gcMillis(),
                run.outOfMemory().size());
    }

    private static void printShardPublishRow(String label, InventoryRun run) {
        ShardRun s = run.shard();
        Publish pub = run.publish();
        String shard = "-";
        String perTarget = "-";
        String peak = "-";
        String held = "-";
        String part = "-";
        String chunks = "-";
        if (s != null && s.complete()) {
            shard = String.format(Locale.ROOT, "%.1f", s.wallMs() / 1e3);
            perTarget = s.perTarget().live(50) + " / " + s.perTarget().live(99) + " / " + s.perTarget().live(100);
            peak = mib(s.heap().peakBytes());
            held = mib(s.heap().liveAfterGcBytes() - s.heap().baselineBytes());
            part = String.format(Locale.ROOT, "%.0f", s.partBytes() / 1024.0);
            chunks = Integer.toString(s.chunks());
        }
        String read = "-";
        String assemble = "-";
        String pubPeak = "-";
        String pubHeld = "-";
        String messages = "-";
        String file = "-";
        if (pub != null && pub.complete()) {
            read = seconds(pub.read());
            assemble = seconds(pub.assemble());
            pubPeak = mib(pub.heap().peakBytes());
            pubHeld = mib(pub.heap().liveAfterGcBytes() - pub.heap().baselineBytes());
            messages = Integer.toString(pub.threadMessages());
            file = pub.detailsFile() == null ? "none" : String.format(Locale.ROOT, "%.1f MiB, %,d targets",
                    pub.detailsFileBytes() / 1048576.0, pub.detailsFileTargets());
        }
        System.out.printf(Locale.ROOT, "  %-5s %8s  %19s  %13s  %8s  %11s  %6s  |  %6s  %10s  %13s  %8s  %11s  %s%n", label,
                shard, perTarget, peak, held, part, chunks, read, assemble, pubPeak, pubHeld, messages, file);
    }

    private static String seconds(Phase p) {
        return p == null ? "-" : String.format(Locale.ROOT, "%.1f", p.wallMs() / 1e3);
    }

    /** Throughput, how large a shard can be, the publish step, and the targets of the issue, from the runs above. */
    private void limits(List<InventoryRun> runs, int targets, int silent, int concurrency) {
        List<InventoryRun> complete = runs.stream().filter(InventoryRun::complete).toList();
        System.out.println("[L3] Throughput, shard size, and the publish step");
        if (complete.isEmpty()) {
            System.out.println("  no run completed: no figures");
            System.out.println();
            System.out.println("[L4] Targets vs measured");
            verdict(String.format(Locale.ROOT, "no OutOfMemoryError (max heap %d MiB)",
                    Runtime.getRuntime().maxMemory() >> 20), false);
            return;
        }
        InventoryRun worst = complete.stream().max(java.util.Comparator.comparingLong(InventoryRun::totalWallMs))
                .orElseThrow();
        List<Double> rates = complete.stream().map(r -> targets * 1e3 / r.audit().wallMs()).toList();
        System.out.printf(Locale.ROOT, "  targets per second at concurrency %d (audit only, %d of %d silent): %s;"
                + " worst %.0f%n", concurrency, silent, targets, rates.stream()
                .map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(), Collections.min(rates));
        System.out.printf(Locale.ROOT, "    (the silent entries hold a permit for the %d ms read deadline each: %d x %.1f s"
                        + " / %d = %.1f s of the wall)%n", policy.get(PolicyKey.READ_TIMEOUT_MS), silent,
                policy.get(PolicyKey.READ_TIMEOUT_MS) / 1e3, concurrency,
                silent * policy.get(PolicyKey.READ_TIMEOUT_MS) / 1e3 / concurrency);
        // A shard's work per target: the worse of the whole inventory in one JVM and the shard on its own (which pays
        // its own tail of silent targets at the 2 s read deadline).
        int shardTargets = complete.getFirst().stored().getFirst().targets();
        double wholeMsPerTarget = (double) worst.totalWallMs() / targets;
        double shardMsPerTarget = complete.stream().mapToDouble(r -> (double) r.shard().wallMs() / shardTargets).max()
                .orElseThrow();
        double msPerTarget = Math.max(wholeMsPerTarget, shardMsPerTarget);
        double cpuMsPerTarget = Math.max(
                complete.stream().mapToDouble(r -> (double) r.totalCpuMs() / targets).max().orElseThrow(),
                complete.stream().mapToDouble(r -> (double) r.shard().cpuMs() / shardTargets).max().orElseThrow());
        System.out.printf(Locale.ROOT, "  a shard's work (audit + log + part + store), worst run: %.1f s for %d targets in"
                        + " one JVM = %.1f ms per target; %.1f ms per target for a shard of %d on its own (its own tail"
                        + " of silent targets included); bench JVM CPU, worst: %.1f ms per target%n",
                worst.totalWallMs() / 1e3, targets, wholeMsPerTarget, shardMsPerTarget, shardTargets, cpuMsPerTarget);
        // Heap: at a shard's store step its report, its part, the part's JSON tree and the JSON text are reachable at
        // once; Jackson's writeValueAsBytes holds the text in its buffer segments, then copies it into the byte[]
        // (about 2 bytes a JSON byte at the high point), and the gzipped copy is a fraction of that.
        InventoryRun first = complete.getFirst();
        double needPerTarget = complete.stream().mapToDouble(r -> (r.retainedBytes()[1] + 2.0 * r.partJsonBytes())
                / targets + treePerTarget(r)).max().orElseThrow();
        long byHeap = (long) ((HEAP_TARGET_BYTES - first.heap().baselineBytes()) / needPerTarget);
        double reportPerTarget = complete.stream().mapToDouble(r -> (double) r.retainedBytes()[0] / targets).max()
                .orElseThrow();
        System.out.printf(Locale.ROOT, "  heap of a shard: its report %.1f KiB per target; live together at the store step"
                        + " (report + part + the part's JSON tree + its JSON text twice) about %.1f KiB per target, so"
                        + " 512 MiB over the %s MiB baseline holds a shard of at most about %,d targets, before any room"
                        + " for the collector (logging a line per target holds one line at a time)%n",
                reportPerTarget / 1024, needPerTarget / 1024, mib(first.heap().baselineBytes()), byHeap);
        double vcpu = FUNCTION_MEMORY_MB / MB_PER_VCPU;
        long deadlineS = policy.get(PolicyKey.TARGET_DEADLINE_SECONDS);
        for (int timeout : List.of(LAMBDA_MAX_TIMEOUT_S, FUNCTION_TIMEOUT_S)) {
            double budget = TIMEOUT_SHARE * timeout;
            long byWall = (long) (budget * 1e3 / msPerTarget);
            long byCpu = (long) (budget * vcpu * 1e3 / cpuMsPerTarget);
            long byDeadline = (long) (budget * concurrency / deadlineS);
            long smallest = Math.min(Math.min(byWall, byCpu), Math.min(byDeadline, byHeap));
            String binds = smallest == byHeap ? "the heap" : smallest == byDeadline ? "the deadline worst case"
                    : smallest == byCpu ? "CPU" : "wall time";
            System.out.printf(Locale.ROOT, "  targets per shard within %.0f %% of a %d s timeout (%.0f s%s), linear from the"
                            + " worst run: %,d by this machine's wall time; %,d by CPU if the function has %.2f vCPU (%d MB)"
                            + " and the bench JVM's CPU per target is the bound; %,d if every target runs to its %d s"
                            + " deadline (%d at a time: %.1f targets/s); %,d by a 512 MiB heap: %s binds first%n",
                    TIMEOUT_SHARE * 100, timeout, budget, timeout == LAMBDA_MAX_TIMEOUT_S
                            ? "; the shard function's, Lambda's maximum" : "; the issue's five minutes", byWall, byCpu,
                    vcpu, FUNCTION_MEMORY_MB, byDeadline, deadlineS, concurrency, (double) concurrency / deadlineS,
                    byHeap, binds);
        }
        double publishMsPerTarget = complete.stream().mapToDouble(r -> (double) r.publish().wallMs() / targets).max()
                .orElseThrow();
        double publishHeldPerTarget = complete.stream().mapToDouble(r -> (double) (r.publish().heap().liveAfterGcBytes()
                - r.publish().heap().baselineBytes()) / targets).max().orElseThrow();
        long publishPeak = complete.stream().mapToLong(r -> r.publish().heap().peakBytes()).max().orElseThrow();
        long publishByHeap = (long) ((HEAP_TARGET_BYTES - first.publish().heap().baselineBytes())
                / publishHeldPerTarget);
        System.out.printf(Locale.ROOT, "  publish: reading %d part(s) back and assembling the digest of %d targets, worst"
                        + " %.2f s (%.3f ms per target), peak heap %s MiB; it holds the whole run's parts and the digest,"
                        + " %.1f KiB per target, so 512 MiB holds the publish step of a run of about %,d targets (the"
                        + " fleet, not the shard); then Slack: about a message a second, %d thread messages + the digest"
                        + " + %d upload(s), about %d s%n", first.stored().size(), targets,
                worst.publish().wallMs() / 1e3, publishMsPerTarget, mib(publishPeak), publishHeldPerTarget / 1024,
                publishByHeap, worst.publish().threadMessages(), worst.publish().uploads(),
                worst.publish().threadMessages() + 1 + worst.publish().uploads());
        System.out.printf(Locale.ROOT, "  (loopback here; the wall-time bound moves with the network: at concurrency %d the"
                + " rate is at most %d / per-target seconds)%n", concurrency, concurrency);
        System.out.println();

        System.out.println("[L4] Targets vs measured");
        long maxHeapMiB = Runtime.getRuntime().maxMemory() >> 20;
        long worstPeak = runs.stream().mapToLong(r -> r.heap().peakBytes()).max().orElseThrow();
        long shardPeak = complete.stream().mapToLong(r -> r.shard().heap().peakBytes()).max().orElseThrow();
        long oom = runs.stream().mapToLong(r -> r.outOfMemory().size()).sum();
        double budget = TIMEOUT_SHARE * FUNCTION_TIMEOUT_S;
        String largeHeap = maxHeapMiB > 512
                ? "; G1 collects late with a large max heap, run with BENCH_JAVA_OPTS=-Xmx512m for the bound" : "";
        verdict(String.format(Locale.ROOT, "%d targets audited, logged a line per target, digest parts rendered and"
                        + " stored, in one JVM, within %.0f %% of a %d s timeout (%.0f s, room to spare): worst"
                        + " of %d %.1f s (%.0f %% of %d s)", targets, TIMEOUT_SHARE * 100, FUNCTION_TIMEOUT_S, budget,
                complete.size(), worst.totalWallMs() / 1e3, 100.0 * worst.totalWallMs() / 1e3 / FUNCTION_TIMEOUT_S,
                FUNCTION_TIMEOUT_S), complete.size() == runs.size() && worst.totalWallMs() / 1e3 <= budget);
        verdict(String.format(Locale.ROOT, "peak heap <= 512 MiB, %d targets in one JVM: worst of %d %s MiB (this JVM's"
                + " max heap %d MiB%s)", targets, runs.size(), mib(worstPeak), maxHeapMiB, largeHeap),
                worstPeak <= HEAP_TARGET_BYTES);
        verdict(String.format(Locale.ROOT, "peak heap <= 512 MiB, one shard of %d: worst of %d %s MiB", shardTargets,
                complete.size(), mib(shardPeak)), shardPeak <= HEAP_TARGET_BYTES);
        verdict(String.format(Locale.ROOT, "peak heap <= 512 MiB, publishing %d targets: worst of %d %s MiB", targets,
                complete.size(), mib(publishPeak)), publishPeak <= HEAP_TARGET_BYTES);
        long longest = complete.stream().mapToLong(r -> r.logged().maxLineBytes()).max().orElseThrow();
        verdict(String.format(Locale.ROOT, "every log line within %d KiB (CloudWatch takes 256 KB an event): longest %.1f"
                + " KiB", ReportLog.MAX_LINE_BYTES / 1024, longest / 1024.0), longest <= ReportLog.MAX_LINE_BYTES);
        int messages = complete.stream().mapToInt(r -> r.publish().threadMessages()).max().orElseThrow();
        verdict(String.format(Locale.ROOT, "the thread within slack.maxThreadMessages (%d): %d messages",
                SlackConfig.DEFAULT_MAX_THREAD_MESSAGES, messages), messages <= SlackConfig.DEFAULT_MAX_THREAD_MESSAGES);
        verdict(String.format(Locale.ROOT, "no OutOfMemoryError (max heap %d MiB): %d seen", maxHeapMiB, oom), oom == 0);
        long unexpected = complete.stream().mapToLong(r -> r.perTarget().targets()
                - r.perTarget().counts().getOrDefault(AuditStatus.AUDITED, 0)).max().orElseThrow() - silent;
        verdict(String.format(Locale.ROOT, "every live target audited (only the %d silent ones not): %d other(s) not"
                + " audited in the worst run", silent, Math.max(0, unexpected)), unexpected <= 0);
    }

    /** Per-target durations (live and silent apart) and statuses of one report. */
    private record Percentiles(List<Long> liveMs, List<Long> silentMs, Map<AuditStatus, Integer> counts) {

        static Percentiles of(AuditReport report, Set<String> silentNames) {
            List<Long> live = new ArrayList<>();
            List<Long> silent = new ArrayList<>();
            Map<AuditStatus, Integer> counts = new EnumMap<>(AuditStatus.class);
            for (TargetReport t : report.targets()) {
                (silentNames.contains(t.name()) ? silent : live).add(t.durationMs());
                counts.merge(t.status(), 1, Integer::sum);
            }
            return new Percentiles(live, silent, counts);
        }

        long live(double p) {
            return pct(liveMs, p);
        }

        long silent(double p) {
            return pct(silentMs, p);
        }

        int targets() {
            return liveMs.size() + silentMs.size();
        }

        String statuses() {
            return counts.getOrDefault(AuditStatus.AUDITED, 0) + "/" + counts.getOrDefault(AuditStatus.UNREACHABLE, 0)
                    + "/" + counts.getOrDefault(AuditStatus.ERROR, 0);
        }
    }

    /** The distinct target errors with their counts, digits folded so one kind of error is counted once. */
    private static String errorKinds(AuditReport report) {
        Map<String, Long> kinds = new java.util.TreeMap<>();
        for (TargetReport t : report.targets()) {
            if (t.error() != null) {
                kinds.merge(t.error().replaceAll("\\d+", "#"), 1L, Long::sum);
            }
        }
        return kinds.isEmpty() ? "none" : kinds.toString();
    }

    private static double finishedAt(InventoryRun run, double share) {
        long[] at = run.finishedAtMs();
        int k = Math.max(1, (int) Math.ceil(share * at.length));
        return at[k - 1] / 1e3;
    }

    /** The effective maxclients of each server (INFO clients), by its URI. */
    private static Map<String, Long> maxclientsOf(List<RedisServerProcess> fleet) {
        Map<String, Long> byUri = new java.util.HashMap<>();
        for (RedisServerProcess s : fleet) {
            try (Jedis admin = s.admin()) {
                byUri.put(s.uri(), Long.parseLong(field(admin.info("clients"), "maxclients")));
            }
        }
        return byUri;
    }

    private static long rejectedConnections(List<RedisServerProcess> fleet) {
        long sum = 0;
        for (RedisServerProcess s : fleet) {
            try (Jedis admin = s.admin()) {
                sum += Long.parseLong(field(admin.info("stats"), "rejected_connections"));
            }
        }
        return sum;
    }

    /** User + system CPU of the servers' processes (all threads), in clock ticks; -1 where /proc is unreadable. */
    private static long serverCpuTicks(List<RedisServerProcess> fleet) {
        long sum = 0;
        for (RedisServerProcess s : fleet) {
            try {
                String stat = Files.readString(Path.of("/proc/" + s.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 (utime) and 15 (stime)
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return sum;
    }

    private static long openFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os
                ? os.getOpenFileDescriptorCount() : -1;
    }

    /** "soft N, hard M" from /proc/self/limits. */
    private static String openFileLimits() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return "soft limit " + f[0] + ", hard limit " + f[1];
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    /** Bytes of {@code s} in UTF-8, counted without encoding it. */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------
    // CLI

    /** @param exitTailMs wall time after the VM printed its exit heap summary (VM exit, process teardown) */
    private record CliRun(long wallMs, int exitCode, JsonNode report, long maxRssKb, long heapPeakMiB, long gcs,
                          long exitTailMs) {
    }

    private static List<String> auditArgs(List<TargetSpec> targets) {
        List<String> args = new ArrayList<>(List.of("audit"));
        for (TargetSpec t : targets) {
            args.add("--target");
            args.add(t.uri());
        }
        args.add("--format");
        args.add("json");
        return args;
    }

    private CliRun runCli(List<String> cliArgs, String label) throws IOException, InterruptedException {
        return runCli(List.of(), cliArgs, label);
    }

    private CliRun runCli(List<String> jvmFlags, List<String> cliArgs, String label)
            throws IOException, InterruptedException {
        Path out = runDir.resolve(label + ".out");
        Path err = runDir.resolve(label + ".err");
        Path time = runDir.resolve(label + ".time");
        Path gc = runDir.resolve(label + ".gc.log");
        List<String> cmd = new ArrayList<>();
        boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
        if (gnuTime) {
            cmd.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", time.toString()));
        }
        cmd.add(javaBin);
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Xlog:gc,gc+exit:file=" + gc + ":uptime", "-jar", jar.toString()));
        cmd.addAll(cliArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("CLI run " + label + " did not finish within 120 s");
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        int exit = p.exitValue();
        JsonNode report = null;
        if (cliArgs.getFirst().equals("audit")) {
            try {
                report = JSON.readTree(out.toFile());
            } catch (IOException e) {
                throw new IOException("CLI run " + label + " (exit " + exit + ") printed no JSON report; stderr: "
                        + Files.readString(err), e);
            }
        }
        long rss = -1;
        if (gnuTime && Files.exists(time)) {
            List<String> lines = Files.readAllLines(time);
            rss = Long.parseLong(lines.getLast().trim());
        }
        long peakMiB = 0;
        long gcs = 0;
        long exitUptimeMs = -1;
        for (String line : Files.readAllLines(gc)) {
            Matcher u = GC_EXIT_HEAP.matcher(line);
            if (u.find()) {
                exitUptimeMs = Math.round(Double.parseDouble(u.group(1)) * 1000);
            }
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                gcs++;
                peakMiB = Math.max(peakMiB, Long.parseLong(m.group(1)));
            }
            Matcher e = GC_EXIT_USED.matcher(line);
            if (e.find()) {
                peakMiB = Math.max(peakMiB, Long.parseLong(e.group(1)) / 1024);
            }
        }
        return new CliRun(wall, exit, report, rss, peakMiB, gcs, exitUptimeMs < 0 ? -1 : wall - exitUptimeMs);
    }

    private static void printCliRow(String label, CliRun run, Set<String> silentNames) {
        List<Long> liveMs = new ArrayList<>();
        List<Long> silentMs = new ArrayList<>();
        for (JsonNode t : run.report().get("targets")) {
            (silentNames.contains(t.get("name").asText()) ? silentMs : liveMs).add(t.get("durationMs").asLong());
        }
        long reportMs = run.report().get("durationMs").asLong();
        System.out.printf(Locale.ROOT, "    %-6s %7d  %17d  %16d  %4d  %6d / %-6d  %7d / %-7d  %11d  %13s  %12d%n",
                label, run.wallMs(), reportMs, run.wallMs() - reportMs, run.exitCode(), pct(liveMs, 50),
                pct(liveMs, 99), pct(silentMs, 50), pct(silentMs, 100), run.maxRssKb() / 1024,
                run.heapPeakMiB() + " (" + run.gcs() + " GC)", run.exitTailMs());
    }

    // ---------------------------------------------------------------------------------------------------
    // redis-cli

    private long runLoop(List<String> ports) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", loopScript.toString()));
        cmd.addAll(ports);
        Path err = runDir.resolve("loop.err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("redis-cli loop did not finish within 300 s");
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        if (p.exitValue() != 0) {
            throw new IOException("redis-cli loop exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return wall;
    }

    /** What the loop does on a silent endpoint: redis-cli has no read deadline, so coreutils timeout ends it. */
    private void silentRedisCli(int port) throws IOException, InterruptedException {
        List<String> cmd = List.of("timeout", "5", "redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "CONFIG", "GET", "timeout");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "    redis-cli against one silent endpoint: %d ms, exit %d%s%n", wall, p.exitValue(),
                p.exitValue() == 124 ? " (killed by 'timeout 5': redis-cli waits for the reply indefinitely;"
                        + " the loop over the whole fleet would hang at the first silent target)" : "");
    }

    // ---------------------------------------------------------------------------------------------------
    // server-side cost

    private record ServerCost(int idleClients, long medianUsec, String longestCommand, long longestUsec) {
    }

    private ServerCost serverCost(int idle) throws Exception {
        int maxclients = Math.max(10_000, idle + 1_000);
        // slowlog-log-slower-than 0 logs every command with the same duration commandstats adds to usec: it
        // tells the cost of the 'before' INFO commandstats call exactly, and cross-checks the total.
        RedisServerProcess server = startServer(List.of("bind 127.0.0.1", "maxclients " + maxclients,
                "slowlog-log-slower-than 0", "slowlog-max-len 1024"));
        try (Jedis admin = server.admin()) {
            admin.clientSetname(ADMIN_NAME);
            long alreadyConnected = connectedClients(admin);
            try (IdleClients clients = IdleClients.open(server.port(), idle, () -> connectedClients(admin),
                    alreadyConnected)) {
                String info = admin.info("clients");
                System.out.printf(Locale.ROOT, "  %d idle clients (+1 admin connection): connected_clients %s,"
                        + " maxclients %s%n", clients.size(), field(info, "connected_clients"), field(info, "maxclients"));
                List<CommandStats> rounds = new ArrayList<>();
                List<Long> auditMs = new ArrayList<>();
                List<Long> cpuUs = new ArrayList<>();
                List<Long> idleCpuUs = new ArrayList<>();
                List<Long> snapshotUsec = new ArrayList<>();
                List<Long> slowlogUsec = new ArrayList<>();
                int census = -1;
                FleetAuditor auditor = new FleetAuditor(policy, Secrets.environmentOnly(Map.of()), Clock.systemUTC());
                for (int r = 0; r < repeats; r++) {
                    admin.slowlogReset();
                    CommandStats before = CommandStats.parse(admin.info("commandstats"));
                    long cpu0 = mainThreadCpuNanos(server.pid());
                    long t0 = System.nanoTime();
                    AuditReport report = auditor.audit(List.of(spec(server.uri())), AuditProgress.NONE);
                    long wallNs = System.nanoTime() - t0;
                    long cpu1 = mainThreadCpuNanos(server.pid());
                    CommandStats after = CommandStats.parse(admin.info("commandstats"));
                    List<Slowlog> log = admin.slowlogGet(1024);
                    long cpu2 = mainThreadCpuNanos(server.pid());
                    Thread.sleep(java.time.Duration.ofNanos(wallNs));
                    long cpu3 = mainThreadCpuNanos(server.pid());
                    TargetReport t = report.targets().getFirst();
                    if (t.status() != AuditStatus.AUDITED) {
                        throw new IllegalStateException("audit of the cost server failed: " + t.error());
                    }
                    if (t.nodes().getFirst().snapshot().census() instanceof Readout.Known<ClientCensus>(ClientCensus c)) {
                        census = c.isSkipped() ? -2 : c.connections();
                    }
                    // 'after' includes the 'before' INFO commandstats call (the 'after' call is not in its own
                    // output): take it out with its exact duration from the slowlog.
                    Slowlog beforeCall = log.stream()
                            .filter(e -> ADMIN_NAME.equals(e.getClientName())
                                    && e.getArgs().equals(List.of("INFO", "commandstats")))
                            .min(java.util.Comparator.comparingLong(Slowlog::getId))
                            .orElseThrow(() -> new IllegalStateException("the slowlog lacks the INFO commandstats call"));
                    snapshotUsec.add(beforeCall.getExecutionTime());
                    rounds.add(after.minus(before).without("info", 1, beforeCall.getExecutionTime()));
                    slowlogUsec.add(log.stream().filter(e -> !ADMIN_NAME.equals(e.getClientName()))
                            .mapToLong(Slowlog::getExecutionTime).sum());
                    auditMs.add(t.durationMs());
                    cpuUs.add((cpu1 - cpu0) / 1000);
                    idleCpuUs.add((cpu3 - cpu2) / 1000);
                }
                ServerCost cost = printCost(idle, rounds, auditMs, cpuUs, idleCpuUs, snapshotUsec, slowlogUsec, census);
                System.out.printf(Locale.ROOT, "    CLIENT LIST reply size (one more call, after the rounds): %d bytes%n",
                        admin.clientList().getBytes(StandardCharsets.UTF_8).length);
                return cost;
            }
        } finally {
            server.close();
            toClose.remove(server);
        }
    }

    private ServerCost printCost(int idle, List<CommandStats> rounds, List<Long> auditMs, List<Long> cpuUs,
                                 List<Long> idleCpuUs, List<Long> snapshotUsec, List<Long> slowlogUsec,
                                 int census) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        rounds.forEach(r -> names.addAll(r.commands().keySet()));
        StringBuilder head = new StringBuilder("    command           calls");
        for (int r = 0; r < rounds.size(); r++) {
            head.append(String.format(Locale.ROOT, "   usec r%d", r + 1));
        }
        System.out.println(head);
        String longest = "";
        long longestUsec = -1;
        for (String name : names) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "    %-16s %6d", name,
                    rounds.getFirst().commands().getOrDefault(name, new CommandStats.Entry(0, 0)).calls()));
            for (CommandStats r : rounds) {
                CommandStats.Entry e = r.commands().getOrDefault(name, new CommandStats.Entry(0, 0));
                row.append(String.format(Locale.ROOT, " %9d", e.usec()));
                if (e.calls() == 1 && e.usec() > longestUsec) {
                    longestUsec = e.usec();
                    longest = name;
                }
            }
            System.out.println(row);
        }
        StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "    %-16s %6d", "TOTAL",
                rounds.getFirst().totalCalls()));
        List<Long> totals = new ArrayList<>();
        for (CommandStats r : rounds) {
            total.append(String.format(Locale.ROOT, " %9d", r.totalUsec()));
            totals.add(r.totalUsec());
        }
        System.out.println(total);
        System.out.printf(Locale.ROOT, "    (excluded: the 'before' INFO commandstats call, %s usec by the slowlog;"
                + " cross-check, slowlog sum of the audit's commands: %s usec)%n", snapshotUsec, slowlogUsec);
        System.out.printf(Locale.ROOT, "    redis main-thread CPU during the audit (/proc/PID/schedstat): %s usec;"
                + " same-length idle window: %s usec%n", cpuUs, idleCpuUs);
        System.out.printf(Locale.ROOT, "    audit durationMs (client side): %s; census counted %d connections%n",
                auditMs, census);
        return new ServerCost(idle, median(totals), longest, longestUsec);
    }

    private static long connectedClients(Jedis admin) {
        return Long.parseLong(field(admin.info("clients"), "connected_clients"));
    }

    private static String field(String info, String key) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "?";
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Nanoseconds the process's main thread has spent on a CPU (first field of /proc/PID/schedstat). */
    private static long mainThreadCpuNanos(long pid) {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/schedstat")).trim().split("\\s+")[0]);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // printing helpers

    private void header(long mainEnteredUptime) throws IOException, InterruptedException {
        Runtime rt = Runtime.getRuntime();
        String gcs = String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
        System.out.println("Ghostwatch fleet-audit benchmark");
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, %.1f GiB RAM; %s%n", rt.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), totalRamGiB(), redisVersion());
        System.out.printf(Locale.ROOT, "bench JVM: %s %s; GCs: %s; max heap %d MiB; main() entered %d ms after"
                        + " JVM start%n", System.getProperty("java.vm.name"), System.getProperty("java.version"), gcs,
                rt.maxMemory() >> 20, mainEnteredUptime);
        System.out.println("load average at start: " + loadAverage() + " (other work on this machine skews every figure)");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double totalRamGiB() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (double) (1L << 30);
        }
        return -1;
    }

    private static String redisVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(RedisServerProcess.redisServerBinary(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("v=(\\S+)").matcher(out);
        return "redis-server " + (m.find() ? m.group(1) : out);
    }

    private static void verdict(String what, boolean pass) {
        System.out.println("  " + (pass ? "PASS" : "MISS") + "  " + what);
    }

    /** Nearest-rank percentile; -1 when there are no values. */
    static long pct(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    static long median(List<Long> values) {
        return pct(values, 50);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.POSITIVE_INFINITY : (double) a / b;
    }

    private static String mib(long bytes) {
        return Long.toString(Math.round(bytes / 1048576.0));
    }

    private void closeAll() {
        List<AutoCloseable> copy;
        synchronized (toClose) {
            copy = new ArrayList<>(toClose);
            toClose.clear();
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (AutoCloseable c : copy) {
                pool.submit(() -> {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // best effort: the shell trap kills any server still running by pid
                    }
                    return null;
                });
            }
        }
    }
}
