package io.ghostwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * Prints how fast and how heavy a Ghostwatch audit of a local fleet is: real redis-server processes with
 * varied misconfigurations plus endpoints that accept TCP and never answer. Measures the in-process
 * {@link FleetAuditor}, the CLI jar end to end (JVM start included), the obvious redis-cli shell loop, and the
 * server-side cost of one audit (INFO commandstats, main-thread CPU) at 100 and 10,000 idle clients.
 *
 * <p>Run by {@code infra/bench/fleet-audit.sh}; options: {@code --servers N --silent N --idle-clients N
 * --repeats N --jar PATH --loop-script PATH --run-dir DIR}. All traffic goes to 127.0.0.1.
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

    private final int serverCount;
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
        this.silentCount = Integer.parseInt(options.getOrDefault("silent", "10"));
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
        FleetAuditBench bench = new FleetAuditBench(options);
        Thread hook = new Thread(bench::closeAll, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            bench.run(mainEnteredUptime);
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
        List<SilentListener> silents = new ArrayList<>();
        for (int i = 0; i < silentCount; i++) {
            SilentListener s = new SilentListener(SilentListener.Mode.SILENT);
            toClose.add(s);
            silents.add(s);
        }
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

    private static TargetSpec spec(String uri) {
        return TargetSpec.fromUri(null, uri, null, Map.of(), "bench");
    }

    private static List<TargetSpec> interleave(List<TargetSpec> live, List<TargetSpec> silent) {
        List<TargetSpec> all = new ArrayList<>(live);
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
