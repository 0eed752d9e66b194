package io.ghostwatch.incident;

import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.testing.NetworkNamespace;
import io.ghostwatch.core.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server running inside a network namespace, bound to the namespace's address and 127.0.0.1, with its
 * own directory and config file. The test JVM stays in the host's namespace, so it talks to this server with
 * {@code redis-cli} run inside the namespace over the namespace's own loopback.
 */
final class NamespacedRedis implements AutoCloseable {

    private static final Duration CLI_LIMIT = Duration.ofSeconds(15);

    private final NetworkNamespace ns;
    private final String address;
    private final int port;
    private final Path dir;
    private final Process process;

    private NamespacedRedis(NetworkNamespace ns, String address, int port, Path dir, Process process) {
        this.ns = ns;
        this.address = address;
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts {@code redis-server} in {@code ns} on {@code address:port} and 127.0.0.1, waits (10 s at most) for PING. */
    static NamespacedRedis start(NetworkNamespace ns, String address, int port, String... configLines) throws IOException {
        Path dir = Files.createTempDirectory("ghostwatch-netns-redis-");
        List<String> lines = new ArrayList<>(List.of("bind " + address + " 127.0.0.1", "port " + port));
        lines.addAll(List.of(configLines));
        lines.addAll(List.of("dir " + dir, "save \"\"", "appendonly no", "daemonize no",
                "logfile " + dir.resolve("redis.log"), "pidfile " + dir.resolve("redis.pid")));
        Path config = dir.resolve("redis.conf");
        Files.write(config, lines, StandardCharsets.UTF_8);
        Process p = ns.start(dir.resolve("stdout.log"), RedisServerProcess.redisServerBinary(), config.toString());
        NamespacedRedis redis = new NamespacedRedis(ns, address, port, dir, p);
        try {
            redis.awaitReady();
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server in " + ns + " exited with " + process.exitValue() + ": " + log());
            }
            NetworkNamespace.Result ping = ns.exec(CLI_LIMIT, "redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "PING");
            if (ping.exit() == 0 && ping.stdout().strip().equals("PONG")) {
                return;
            }
            last = ping.stdout().strip() + " " + ping.stderr().strip();
            sleep(Duration.ofMillis(50));
        }
        throw new IOException("redis-server in " + ns + " not ready within 10 s (last PING: " + last + "): " + log());
    }

    /** Runs {@code redis-cli ARGS} inside the namespace over its loopback; its own connection lasts one command. */
    String cli(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        String out = ns.exec(CLI_LIMIT, cmd.toArray(String[]::new)).require();
        if (out.startsWith("ERR") || out.startsWith("(error)")) {
            throw new IllegalStateException(String.join(" ", args) + ": " + out.strip());
        }
        return out;
    }

    /** INFO's connected_clients; the asking redis-cli is one of them. */
    long connectedClients() throws IOException {
        for (String line : cli("INFO", "clients").split("\r?\n")) {
            if (line.startsWith("connected_clients:")) {
                return Long.parseLong(line.substring("connected_clients:".length()).strip());
            }
        }
        throw new IllegalStateException("INFO clients has no connected_clients line");
    }

    List<ClientInfo> clientList() throws IOException {
        return ClientInfo.parseList(cli("CLIENT", "LIST"));
    }

    /** {@code ss -tno} lines of this server's TCP sockets from {@code peer} in {@code state} (ss's state filter). */
    List<String> sockets(String state, String peer) throws IOException {
        String out = ns.exec(CLI_LIMIT, "ss", "-Htno", "state", state, "sport", "=", ":" + port, "dst", peer).require();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://" + address + ":" + port;
    }

    Path configFile() {
        return dir.resolve("redis.conf");
    }

    String log() {
        try {
            Path log = dir.resolve("redis.log");
            Path out = dir.resolve("stdout.log");
            return (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server (SIGTERM, SIGKILL after 5 s) and removes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
