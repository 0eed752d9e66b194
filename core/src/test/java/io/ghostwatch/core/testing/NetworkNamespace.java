package io.ghostwatch.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Linux network namespace made for one test ({@code ip netns add}), and the processes the test starts inside
 * it ({@code ip netns exec}). Names are unique per JVM and run: {@code gw-<role>-<pid>-<n>}. Closing kills the
 * processes inside and deletes the namespace (which also deletes the veth ends in it); a JVM shutdown hook
 * does the same for namespaces a crashed test left open.
 *
 * <p>Needs root (CAP_NET_ADMIN) and iproute2: call {@link #unavailableReason()} first and skip when it gives a
 * reason. Addresses exist only inside the namespaces; nothing here touches the host's own interfaces.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final Duration IP_LIMIT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<NetworkNamespace> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(NetworkNamespace::close),
                "network-namespace-cleanup"));
    }

    private final String name;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** The output of a command run to completion. */
    public record Result(List<String> command, int exit, String stdout, String stderr) {
        /** Stdout, or an exception naming the command, exit code and stderr when it did not exit 0. */
        public String require() {
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + stderr.strip()
                        + (stdout.isBlank() ? "" : " / " + stdout.strip()));
            }
            return stdout;
        }
    }

    /** The two ends of a veth pair, each in its own namespace. */
    public record Veth(NetworkNamespace left, String leftDevice, NetworkNamespace right, String rightDevice) {
    }

    /**
     * Why network namespaces cannot be used here (not Linux, no {@code ip}, {@code ip netns add} or veth refused),
     * or empty when they can. Tries for real: creates and deletes a probe namespace with a veth pair inside.
     */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.of("network namespaces are Linux-only (os.name=" + System.getProperty("os.name") + ")");
        }
        Optional<String> ip = ipBinary();
        if (ip.isEmpty()) {
            return Optional.of("no 'ip' binary (iproute2) in /usr/sbin, /sbin, /usr/bin or /bin");
        }
        String probe = "gw-probe-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        try {
            Result add = run(IP_LIMIT, List.of(ip.get(), "netns", "add", probe));
            if (add.exit() != 0) {
                return Optional.of("'ip netns add' refused (needs root or CAP_NET_ADMIN): " + add.stderr().strip());
            }
            try {
                Result veth = run(IP_LIMIT, List.of(ip.get(), "-n", probe, "link", "add", "gwp0", "type", "veth",
                        "peer", "name", "gwp1"));
                if (veth.exit() != 0) {
                    return Optional.of("veth pairs refused inside a namespace: " + veth.stderr().strip());
                }
            } finally {
                run(IP_LIMIT, List.of(ip.get(), "netns", "del", probe));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run 'ip': " + e.getMessage());
        }
    }

    /**
     * Creates {@code gw-<role>-<pid>-<n>} with its loopback up and IPv6 off (where the kernel has it), so links
     * carry only the IPv4 traffic a test sends: no router solicitations, no MLD, no link-local chatter.
     */
    public static NetworkNamespace create(String role) throws IOException {
        String name = "gw-" + role + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        ip("netns", "add", name);
        NetworkNamespace ns = new NetworkNamespace(name);
        OPEN.add(ns);
        try {
            if (Files.isDirectory(Path.of("/proc/sys/net/ipv6"))) {
                ns.exec(IP_LIMIT, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                        "net.ipv6.conf.default.disable_ipv6=1").require();
            }
            ns.linkUp("lo");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * A veth pair with {@code leftDevice} in {@code left} and {@code rightDevice} in {@code right}, created inside
     * the namespaces directly (never in the host's namespace, so names cannot clash there). Links start down.
     */
    public static Veth veth(NetworkNamespace left, String leftDevice, NetworkNamespace right, String rightDevice)
            throws IOException {
        ip("-n", left.name, "link", "add", leftDevice, "type", "veth", "peer", "name", rightDevice, "netns", right.name);
        return new Veth(left, leftDevice, right, rightDevice);
    }

    public String name() {
        return name;
    }

    /** Adds {@code cidr} (e.g. {@code 10.213.0.1/30}) to {@code device} inside this namespace. */
    public void addAddress(String device, String cidr) throws IOException {
        ip("-n", name, "address", "add", cidr, "dev", device);
    }

    public void linkUp(String device) throws IOException {
        ip("-n", name, "link", "set", device, "up");
    }

    /** Takes {@code device} down: its packets go nowhere, and the far end of a veth loses carrier. */
    public void linkDown(String device) throws IOException {
        ip("-n", name, "link", "set", device, "down");
    }

    /** Runs {@code command} inside this namespace to completion, killing it after {@code limit}. */
    public Result exec(Duration limit, String... command) throws IOException {
        return run(limit, inside(command));
    }

    /**
     * Starts a long-running {@code command} inside this namespace, stdout and stderr to {@code output}. The
     * process is killed on {@link #close()}. {@code ip netns exec} execs the command, so its PID is the
     * command's own.
     */
    public Process start(Path output, String... command) throws IOException {
        Process p = new ProcessBuilder(inside(command)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        processes.add(p);
        return p;
    }

    private List<String> inside(String... command) {
        List<String> cmd = new ArrayList<>(List.of(requireIp(), "netns", "exec", name));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /**
     * Kills what this test started inside (SIGTERM, then SIGKILL), then anything else still inside the
     * namespace (only this test knows its name, so only this test's processes can be there), then deletes it.
     */
    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        for (Process p : processes) {
            stop(p.toHandle());
        }
        try {
            Result pids = run(IP_LIMIT, List.of(requireIp(), "netns", "pids", name));
            for (String line : pids.stdout().split("\\s+")) {
                if (!line.isBlank()) {
                    ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(NetworkNamespace::stop);
                }
            }
            Result del = run(IP_LIMIT, List.of(requireIp(), "netns", "del", name));
            if (del.exit() != 0) {
                System.err.println("warning: could not delete network namespace " + name + ": " + del.stderr().strip());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: cleaning up network namespace " + name + " failed: " + e);
        }
    }

    /** SIGTERM, up to 5 s to exit, then SIGKILL and up to 5 s more. */
    private static void stop(ProcessHandle h) {
        h.destroy();
        if (!awaitExit(h)) {
            h.destroyForcibly();
            if (!awaitExit(h)) {
                System.err.println("warning: process " + h.pid() + " survived SIGKILL for 5 s");
            }
        }
    }

    private static boolean awaitExit(ProcessHandle h) {
        try {
            h.onExit().get(5, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static void ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(requireIp());
        cmd.addAll(List.of(args));
        run(IP_LIMIT, cmd).require();
    }

    private static String requireIp() {
        return ipBinary().orElseThrow(() -> new IllegalStateException("no 'ip' binary (iproute2)"));
    }

    private static Optional<String> ipBinary() {
        for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs a host command to completion with output in temp files (no pipe to fill), killed after {@code limit}. */
    static Result run(Duration limit, List<String> command) throws IOException {
        Path out = Files.createTempFile("gw-cmd-", ".out");
        Path err = Files.createTempFile("gw-cmd-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + String.join(" ", command), e);
            }
            if (!done) {
                stop(p.toHandle());
                throw new IOException(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
