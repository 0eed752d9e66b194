package io.ghostwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.slack.DigestInput;
import io.ghostwatch.core.slack.DigestRenderer;
import io.ghostwatch.core.slack.SlackDigest;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SilentListener;
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
 * round robin over the servers (each server addressed by many entries) plus silent endpoints, audited in one JVM as
 * the scheduled-audit Lambda does it, then the report rendered as the Lambda's JSON log line and as the Slack digest:
 * wall and CPU time, heap, per-target percentiles, throughput and the fleet size one invocation can take.
 *
 * <p>Run by {@code infra/bench/fleet-audit.sh}; options: {@code --servers N --silent N --idle-clients N
 * --repeats N --targets N --jar PATH --loop-script PATH --run-dir DIR}. All traffic goes to 127.0.0.1.
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
    /** The share of a Lambda timeout one invocation may use before the fleet is split over several. */
    private static final double TIMEOUT_SHARE = 0.6;
    /** Lambda's longest timeout, and the scheduled-audit function's (template.yaml), in seconds. */
    private static final int LAMBDA_MAX_TIMEOUT_S = 900;
    private static final int FUNCTION_TIMEOUT_S = 300;
    /** The scheduled-audit function's memory (template.yaml); Lambda gives one vCPU per 1,769 MB. */
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
    private final int idleClientCount;
    private final int repeats;
    private final Path jar;
    private final Path loopScript;
    private final Path runDir;
    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Policy policy = Policy.defaults();
    private final List<AutoCloseable> toClose = Collections.synchronizedList(new ArrayList<>());

    private FleetAuditBench(Map<String, String> options) {
        this.serverCount = Integer.parseInt(options.getOrDefault("servers", "100"));
        this.targetCount = Integer.parseInt(options.getOrDefault("targets", "0"));
        // the large-inventory mode's default: 1.5 % of the entries never answer
        this.silentCount = Integer.parseInt(options.getOrDefault("silent",
                targetCount > 0 ? Long.toString(Math.round(targetCount * SILENT_SHARE)) : "10"));
        if (targetCount > 0 && (silentCount >= targetCount || serverCount < 1)) {
            throw new IllegalArgumentException("--targets " + targetCount + " needs at least one server and fewer"
                    + " silent endpoints (--silent " + silentCount + ") than targets");
        }
        this.idleClientCount = Integer.parseInt(options.getOrDefault("idle-clients", "10000"));
        this.repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
        this.jar = Path.of(options.getOrDefault("jar", "functions/target/ghostwatch.jar"));
        this.loopScript = Path.of(options.getOrDefault("loop-script", "infra/bench/redis-cli-loop.sh"));
        this.runDir = Path.of(options.getOrDefault("run-dir", System.getProperty("java.io.tmpdir")));
    }

    public static void main(String[] args) throws Exception {
        long mainEnteredUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        Map<String, String> options = new java.util.HashMap<>();
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --servers N --silent N --idle-clients N"
                    + " --repeats N --jar PATH --loop-script PATH --run-dir DIR");
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Set<String> known = Set.of("servers", "silent", "idle-clients", "repeats", "targets", "jar", "loop-script",
                "run-dir");
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; valid: --"
                        + String.join(", --", new java.util.TreeSet<>(known)));
            }
        }
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
        AuditReport report = new FleetAuditor(policy, Map.of(), Clock.systemUTC()).audit(targets, AuditProgress.NONE);
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

    /**
     * One scheduled run over the whole inventory, as the scheduled-audit Lambda does it: the audit, the report as
     * its JSON log line, the Slack digest. A phase is null when an OutOfMemoryError ended the run before it. Holds
     * figures only, never the report, so the next run starts from the same baseline.
     *
     * @param perTarget     per-target durations and statuses; null when the audit did not finish
     * @param errors        the distinct target errors with their counts
     * @param jsonBytes     the JSON log line in UTF-8; {@code jsonChars} its length as a String, {@code jsonLatin1}
     *                      whether the String is stored one byte a character (compact strings) or two
     * @param finishedAtMs  when the k-th target finished, from the start of the audit
     * @param serverCpuMs   CPU time of all redis-server processes during the audit (/proc/PID/stat)
     * @param rejected      rejected_connections added up over the servers, after minus before the run
     * @param lowMaxclientsFailures live targets not audited on servers with maxclients below {@link #LOW_MAXCLIENTS}
     * @param otherFailures live targets not audited on the other servers
     * @param retainedBytes live heap after a full GC holding, in turn: the report; + the JSON tree; + the digest
     * @param outOfMemory   every OutOfMemoryError seen: thrown to the bench, uncaught in a thread, or in a target's error
     */
    private record InventoryRun(Percentiles perTarget, String errors, Phase audit, Phase json, Phase digest,
                                HeapWatch.Result heap, long jsonBytes, long jsonChars, boolean jsonLatin1,
                                int threadMessages, int blocks, long[] finishedAtMs, long serverCpuMs, long rejected,
                                long lowMaxclientsFailures, long otherFailures, long maxOpenFds,
                                List<String> outOfMemory, long[] retainedBytes, String loadBefore, String loadAfter) {

        long totalWallMs() {
            return Stream.of(audit, json, digest).filter(java.util.Objects::nonNull).mapToLong(Phase::wallMs).sum();
        }

        long totalCpuMs() {
            return Stream.of(audit, json, digest).filter(java.util.Objects::nonNull).mapToLong(Phase::cpuMs).sum();
        }

        boolean complete() {
            return digest != null;
        }

        long gcMillis() {
            return heap.gcMillis();
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
        System.out.println();

        System.out.printf(Locale.ROOT, "[L1] One JVM, the whole inventory (%d targets), default policy: concurrency %d,"
                + " targetDeadlineSeconds %d, connect/read timeout %d/%d ms; then what the scheduled-audit Lambda does"
                + " with the report: the JSON log line (JsonReportRenderer.tree + compact writeValueAsString) and the"
                + " Slack digest (new DigestRenderer(10).render(DigestInput.firstRun(report)))%n", all.size(),
                concurrency, deadlineS, policy.get(PolicyKey.CONNECT_TIMEOUT_MS), policy.get(PolicyKey.READ_TIMEOUT_MS));
        List<InventoryRun> runs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            String label = r == 0 ? "cold" : "warm" + r;
            InventoryRun run = inventoryOnce(all, silentNames, fleet, maxclients);
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
                + " phases; CPU: the whole JVM, JIT and GC threads included)");
        System.out.println();

        System.out.println("[L2] Summary");
        System.out.println("  run    audit s  JSON s  digest s  total s  targets/s  live p50/p99/max ms  silent p50/p99/max ms"
                + "  audited/unreach/error  peak heap MiB  held MiB  GC ms  OOM");
        for (int i = 0; i < runs.size(); i++) {
            printSummaryRow(labels.get(i), runs.get(i));
        }
        System.out.println();
        limits(runs, all.size(), silents.size(), concurrency);
        System.out.println("load average at end: " + loadAverage());
    }

    /** @param maxclients each server's maxclients by URI, to tell the failures of nearly full servers apart */
    private InventoryRun inventoryOnce(List<TargetSpec> all, Set<String> silentNames, List<RedisServerProcess> fleet,
                                       Map<String, Long> maxclients) throws Exception {
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
        ObjectNode tree = null;
        SlackDigest digest = null;
        Phase audit = null;
        Phase json = null;
        Phase digestPhase = null;
        long jsonBytes = -1;
        long jsonChars = -1;
        boolean jsonLatin1 = true;
        HeapWatch watch = HeapWatch.start();
        long auditStart = System.nanoTime();
        try {
            long cpu0 = processCpuNanos();
            report = new FleetAuditor(policy, Map.of(), Clock.systemUTC())
                    .audit(all, (done, total) -> finishedAt[done - 1] = System.nanoTime());
            audit = phase(auditStart, cpu0, watch.lap());
            sampling.set(false);
            serverCpuMs = (serverCpuTicks(fleet) - serverCpu0) * 1000 / CLOCK_TICKS_PER_SECOND;

            cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            tree = new JsonReportRenderer().tree(report); // what ScheduledAuditHandler logs
            tree.put("event", "ghostwatch_audit_report");
            String line = JSON.writeValueAsString(tree) + "\n";
            json = phase(t0, cpu0, watch.lap());
            jsonBytes = utf8Length(line); // counted without allocating; the line is dropped, as after the log call
            jsonChars = line.length();
            jsonLatin1 = line.chars().allMatch(c -> c <= 0xFF);

            cpu0 = processCpuNanos();
            t0 = System.nanoTime();
            digest = new DigestRenderer(10).render(DigestInput.firstRun(report));
            digestPhase = phase(t0, cpu0, watch.lap());
        } catch (OutOfMemoryError e) {
            outOfMemory.add("bench main thread: " + e);
        } finally {
            sampling.set(false);
            fdSampler.join();
        }
        HeapWatch.Result heap = watch.stop(new Object[] {report, tree, digest});
        Thread.setDefaultUncaughtExceptionHandler(previous);
        long[] finishedAtMs = new long[finishedAt.length];
        for (int i = 0; i < finishedAt.length; i++) {
            finishedAtMs[i] = finishedAt[i] == 0 ? -1 : (finishedAt[i] - auditStart) / 1_000_000;
        }
        long lowMaxclientsFailures = 0;
        long otherFailures = 0;
        if (report != null) {
            for (TargetReport t : report.targets()) {
                if (t.error() != null && t.error().contains("OutOfMemoryError")) {
                    outOfMemory.add("target " + t.name() + ": " + t.error());
                }
                Long max = maxclients.get(t.target().uri());
                if (max != null && t.status() != AuditStatus.AUDITED) {
                    if (max < LOW_MAXCLIENTS) {
                        lowMaxclientsFailures++;
                    } else {
                        otherFailures++;
                    }
                }
            }
        }
        int messages = 0;
        int blocks = 0;
        if (digest != null) {
            messages = digest.threadMessages().size();
            blocks = digest.digest().blocks().size()
                    + digest.threadMessages().stream().mapToInt(m -> m.blocks().size()).sum();
        }
        // what each part holds: drop the digest, then the tree, collecting each time (as stop() did for all three)
        long[] retained = {-1, -1, -1};
        if (digest != null) {
            retained[2] = heap.liveAfterGcBytes() - heap.baselineBytes();
            digest = null;
            retained[1] = HeapWatch.liveAfterGc() - heap.baselineBytes();
            tree = null;
            retained[0] = HeapWatch.liveAfterGc() - heap.baselineBytes();
        }
        java.lang.ref.Reference.reachabilityFence(report);
        java.lang.ref.Reference.reachabilityFence(tree);
        return new InventoryRun(report == null ? null : Percentiles.of(report, silentNames),
                report == null ? null : errorKinds(report), audit, json, digestPhase, heap, jsonBytes, jsonChars,
                jsonLatin1, messages, blocks, finishedAtMs, serverCpuMs, rejectedConnections(fleet) - rejected0,
                lowMaxclientsFailures, otherFailures, maxFds.get(), List.copyOf(outOfMemory), retained, loadBefore,
                loadAverage());
    }

    private static Phase phase(long startNanos, long cpuStartNanos, HeapWatch.Lap lap) {
        return new Phase((System.nanoTime() - startNanos) / 1_000_000, (processCpuNanos() - cpuStartNanos) / 1_000_000,
                lap);
    }

    private void printInventoryRun(String label, InventoryRun run, int targets) {
        System.out.printf(Locale.ROOT, "  %s (load average before %s, after %s)%n", label, run.loadBefore(),
                run.loadAfter());
        System.out.println("    phase    wall ms   CPU ms  heap peak MiB  allocated MiB  GCs  GC time ms");
        printPhase("audit", run.audit());
        printPhase("JSON", run.json());
        printPhase("digest", run.digest());
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
        if (run.json() != null) {
            System.out.printf(Locale.ROOT, "    JSON log line (compact, as the Lambda logs it): %.1f MiB UTF-8, %.1f KiB"
                    + " per target; as a String %,d characters, %s%n", run.jsonBytes() / 1048576.0,
                    run.jsonBytes() / 1024.0 / targets, run.jsonChars(), run.jsonLatin1() ? "Latin-1 (1 byte a character)"
                            : "UTF-16 (2 bytes a character)");
        }
        if (run.digest() != null) {
            System.out.printf(Locale.ROOT, "    Slack digest: 1 message + a thread of %d messages, %d blocks in all%n",
                    run.threadMessages(), run.blocks());
        }
        long[] held = run.retainedBytes();
        if (held[0] >= 0) {
            System.out.printf(Locale.ROOT, "    heap held over the %s MiB baseline, live after a full GC: report %s MiB"
                            + " (%.1f KiB per target); + JSON tree %s MiB (%.1f KiB); + digest %s MiB (%.1f KiB)%n",
                    mib(h.baselineBytes()), mib(held[0]), held[0] / 1024.0 / targets, mib(held[1]),
                    held[1] / 1024.0 / targets, mib(held[2]), held[2] / 1024.0 / targets);
        }
        System.out.println("    OutOfMemoryError: " + (run.outOfMemory().isEmpty() ? "none"
                : run.outOfMemory().size() + ", first: " + run.outOfMemory().getFirst()));
    }

    private static void printPhase(String name, Phase p) {
        if (p == null) {
            System.out.printf(Locale.ROOT, "    %-7s %8s%n", name, "(not reached)");
            return;
        }
        System.out.printf(Locale.ROOT, "    %-7s %8d %8d  %13s  %13s  %3d  %10d%n", name, p.wallMs(), p.cpuMs(),
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
        System.out.printf(Locale.ROOT, "  %-5s %8s %7s %9s %8s %10s  %19s  %21s  %21s  %13s  %8s  %5d  %3d%n", label,
                seconds(run.audit()), seconds(run.json()), seconds(run.digest()),
                String.format(Locale.ROOT, "%.1f", run.totalWallMs() / 1e3), rate, perTarget, silent, statuses,
                mib(h.peakBytes()), run.retainedBytes()[2] < 0 ? "-" : mib(run.retainedBytes()[2]), run.gcMillis(),
                run.outOfMemory().size());
    }

    private static String seconds(Phase p) {
        return p == null ? "-" : String.format(Locale.ROOT, "%.1f", p.wallMs() / 1e3);
    }

    /** Throughput, the fleet one invocation can take, and the targets of the issue, from the runs above. */
    private void limits(List<InventoryRun> runs, int targets, int silent, int concurrency) {
        List<InventoryRun> complete = runs.stream().filter(InventoryRun::complete).toList();
        System.out.println("[L3] Throughput and the fleet one invocation can take");
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
        double secondsPerTarget = worst.totalWallMs() / 1e3 / targets;
        double cpuMsPerTarget = complete.stream().mapToDouble(r -> (double) r.totalCpuMs() / targets).max().orElseThrow();
        System.out.printf(Locale.ROOT, "  one invocation (audit + JSON + digest), worst run: %.1f s = %.1f ms per target;"
                + " bench JVM CPU, worst run: %.1f ms per target%n", worst.totalWallMs() / 1e3, secondsPerTarget * 1e3,
                cpuMsPerTarget);
        // Heap: at the JSON step the report, its tree and the text are all reachable at once. Jackson's
        // writeValueAsString holds the text in char[] segments (2 bytes a character), copies them into a StringBuilder
        // and that into the String (1 byte a character each when Latin-1, else 2), and the handler's + "\n" copies the
        // String once more after the segments are dropped: about 4 bytes a character at the high point (6 if UTF-16).
        InventoryRun first = complete.getFirst();
        double heldPerTarget = complete.stream().mapToDouble(r -> (double) r.retainedBytes()[2] / targets).max()
                .orElseThrow();
        double jsonStepPerTarget = complete.stream().mapToDouble(r -> (r.retainedBytes()[1]
                + (r.jsonLatin1() ? 4.0 : 6.0) * r.jsonChars()) / targets).max().orElseThrow();
        long byHeap = (long) ((HEAP_TARGET_BYTES - first.heap().baselineBytes()) / jsonStepPerTarget);
        System.out.printf(Locale.ROOT, "  heap: held after the run (report + JSON tree + digest) %.1f KiB per target; live"
                        + " together at the JSON step (report + tree + text) about %.1f KiB per target, so 512 MiB over the"
                        + " %s MiB baseline holds at most about %,d targets, before any room for the collector%n",
                heldPerTarget / 1024, jsonStepPerTarget / 1024, mib(first.heap().baselineBytes()), byHeap);
        double vcpu = FUNCTION_MEMORY_MB / MB_PER_VCPU;
        for (int timeout : List.of(LAMBDA_MAX_TIMEOUT_S, FUNCTION_TIMEOUT_S)) {
            double budget = TIMEOUT_SHARE * timeout;
            long byWall = (long) (budget / secondsPerTarget);
            long byCpu = (long) (budget * vcpu * 1e3 / cpuMsPerTarget);
            System.out.printf(Locale.ROOT, "  largest fleet within %.0f %% of a %d s timeout (%.0f s), linear from the worst"
                            + " run: %,d targets by this machine's wall time; %,d by CPU if the function has %.2f vCPU (%d MB)"
                            + " and the bench JVM's CPU per target is the bound; %,d by a 512 MiB heap: %s binds first%n",
                    TIMEOUT_SHARE * 100, timeout, budget, byWall, byCpu, vcpu, FUNCTION_MEMORY_MB, byHeap,
                    byHeap < Math.min(byWall, byCpu) ? "the heap" : byCpu < byWall ? "CPU" : "wall time");
        }
        long deadlineS = policy.get(PolicyKey.TARGET_DEADLINE_SECONDS);
        System.out.printf(Locale.ROOT, "  (loopback here; the wall-time bound moves with the network: at concurrency %d the"
                        + " rate is at most %d / per-target seconds. Worst case, every target runs to its %d s deadline:"
                        + " %.1f targets/s, %,d targets in %.0f s, %,d in %.0f s)%n", concurrency, concurrency, deadlineS,
                (double) concurrency / deadlineS, (long) (TIMEOUT_SHARE * LAMBDA_MAX_TIMEOUT_S * concurrency / deadlineS),
                TIMEOUT_SHARE * LAMBDA_MAX_TIMEOUT_S, (long) (TIMEOUT_SHARE * FUNCTION_TIMEOUT_S * concurrency / deadlineS),
                TIMEOUT_SHARE * FUNCTION_TIMEOUT_S);
        System.out.println();

        System.out.println("[L4] Targets vs measured");
        long maxHeapMiB = Runtime.getRuntime().maxMemory() >> 20;
        long worstPeak = runs.stream().mapToLong(r -> r.heap().peakBytes()).max().orElseThrow();
        long oom = runs.stream().mapToLong(r -> r.outOfMemory().size()).sum();
        double budget = TIMEOUT_SHARE * FUNCTION_TIMEOUT_S;
        verdict(String.format(Locale.ROOT, "%d targets audited, logged as JSON and digested within %.0f %% of the %d s"
                        + " function timeout (%.0f s, room to spare): worst of %d %.1f s (%.0f %% of %d s)", targets,
                TIMEOUT_SHARE * 100, FUNCTION_TIMEOUT_S, budget, complete.size(), worst.totalWallMs() / 1e3,
                100.0 * worst.totalWallMs() / 1e3 / FUNCTION_TIMEOUT_S, FUNCTION_TIMEOUT_S),
                complete.size() == runs.size() && worst.totalWallMs() / 1e3 <= budget);
        verdict(String.format(Locale.ROOT, "peak heap <= 512 MiB: worst of %d %s MiB (this JVM's max heap %d MiB%s)",
                runs.size(), mib(worstPeak), maxHeapMiB, maxHeapMiB > 512
                        ? "; G1 collects late with a large max heap, run with BENCH_JAVA_OPTS=-Xmx512m for the bound"
                        : ""), worstPeak <= HEAP_TARGET_BYTES);
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
                FleetAuditor auditor = new FleetAuditor(policy, Map.of(), Clock.systemUTC());
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
