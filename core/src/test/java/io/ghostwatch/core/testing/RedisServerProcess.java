package io.ghostwatch.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real {@code redis-server} process on a free loopback port, with its own directory and config file,
 * for tests and benchmarks. Closing it kills the process and deletes the directory.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;
    private final Path configFile;
    private final String adminUser;
    private final String adminPassword;
    private final TestCertificates tls;

    private RedisServerProcess(Process process, int port, Path dir, Path configFile, String adminUser, String adminPassword,
                               TestCertificates tls) {
        this.tls = tls;
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.configFile = configFile;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** A server started from a config file holding {@code configLines} (plus port, dir, no persistence). */
    public static RedisServerProcess start(String... configLines) throws IOException {
        return builder().config(configLines).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<String> lines = new ArrayList<>();
        private boolean withConfigFile = true;
        private String adminUser;
        private String adminPassword;
        private int port;
        private boolean sentinel;
        private TestCertificates tls;

        /** Serve TLS only: the server's port becomes its tls-port, with {@code port 0} (no plaintext). */
        public Builder tls(TestCertificates certificates) {
            this.tls = certificates;
            return this;
        }

        /** Start in Sentinel mode ({@code redis-server FILE --sentinel}); a Sentinel needs a writable config file. */
        public Builder sentinel() {
            sentinel = true;
            return this;
        }

        public Builder config(String... configLines) {
            lines.addAll(List.of(configLines));
            return this;
        }

        /** Start with command-line arguments only, so CONFIG REWRITE has no file to write. */
        public Builder withoutConfigFile() {
            withConfigFile = false;
            return this;
        }

        /** Credentials the harness itself uses for readiness checks and {@link #admin()}. */
        public Builder admin(String user, String password) {
            this.adminUser = user;
            this.adminPassword = password;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public RedisServerProcess start() throws IOException {
            int p = port != 0 ? port : freePort();
            Path dir = Files.createTempDirectory("ghostwatch-redis-" + p + "-");
            // The harness's own lines come last so they win over a copied config (Debian's sets port, dir...).
            List<String> all = new ArrayList<>();
            if (lines.stream().noneMatch(l -> l.startsWith("bind "))) {
                all.add("bind 127.0.0.1"); // never listen beyond loopback unless a test asks for it
            }
            all.addAll(lines);
            if (tls != null) {
                all.addAll(List.of(tls.redisConfig(p)));
            }
            all.add("port " + (tls != null ? 0 : p));
            all.add("dir " + dir);
            if (!sentinel) {
                all.add("save \"\"");
                all.add("appendonly no");
            }
            all.add("daemonize no");
            all.add("logfile " + dir.resolve("redis.log"));
            all.add("pidfile " + dir.resolve("redis.pid"));
            List<String> command = new ArrayList<>();
            command.add(redisServerBinary());
            Path configFile = null;
            if (withConfigFile) {
                configFile = dir.resolve("redis.conf");
                Files.write(configFile, all, StandardCharsets.UTF_8);
                command.add(configFile.toString());
                if (sentinel) {
                    command.add("--sentinel");
                }
            } else {
                for (String line : all) {
                    String[] kv = line.split(" ", 2);
                    command.add("--" + kv[0]);
                    command.addAll(splitArgs(kv.length > 1 ? kv[1] : ""));
                }
            }
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            RedisServerProcess server = new RedisServerProcess(process, p, dir, configFile, adminUser, adminPassword, tls);
            try {
                server.awaitReady();
            } catch (IOException | RuntimeException e) {
                server.close(); // a server that never became ready must not outlive the failed start, nor its directory
                throw e;
            }
            return server;
        }

        private static List<String> splitArgs(String value) {
            if (value.equals("\"\"")) {
                return List.of("");
            }
            return List.of(value.split(" "));
        }
    }

    public static String redisServerBinary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not installed: apt-get install redis-server (.ci/run does this)");
    }

    /**
     * A free port whose cluster bus port (port + 10000) is free too: a cluster node listens on both, and an ephemeral
     * port's +10000 is often out of range or taken by a connection of the machine's.
     */
    public static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort() % 45_000 + 10_000; // 10000..54999, so that its bus port fits below 65536
                try (ServerSocket a = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
                     ServerSocket b = new ServerSocket(port + 10_000, 1, java.net.InetAddress.getLoopbackAddress())) {
                    a.setReuseAddress(true);
                    b.setReuseAddress(true);
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port with a free cluster bus port after 100 tries");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited with " + process.exitValue() + ": " + log());
            }
            try (Jedis j = admin()) {
                j.ping();
                return;
            } catch (JedisException e) {
                String msg = String.valueOf(e.getMessage());
                if (msg.startsWith("NOAUTH") || msg.startsWith("WRONGPASS") || msg.startsWith("NOPERM")) {
                    return; // up, just not ours to talk to without the right credentials
                }
                sleep(Duration.ofMillis(20));
            }
        }
        throw new IOException("redis-server on port " + port + " not ready within 10 s: " + log());
    }

    /** Waits until this master reports a replica in state online (INFO replication). */
    public void awaitReplicaOnline() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Jedis j = admin()) {
                if (j.info("replication").contains("state=online")) {
                    return;
                }
            }
            sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("no replica of port " + port + " came online within 15 s");
    }

    public String log() {
        try {
            Path log = dir.resolve("redis.log");
            Path out = dir.resolve("stdout.log");
            return (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A connection for test setup and assertions, with the admin credentials if any. */
    public Jedis admin() {
        DefaultJedisClientConfig.Builder c = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2_000).socketTimeoutMillis(5_000)
                .clientSetInfoConfig(redis.clients.jedis.ClientSetInfoConfig.DISABLED);
        if (adminUser != null) c.user(adminUser);
        if (adminPassword != null) c.password(adminPassword);
        if (tls != null) c.sslOptions(tls.sslOptions());
        return connect(c.build());
    }

    public Jedis connect(JedisClientConfig config) {
        return new Jedis(new HostAndPort("127.0.0.1", port), config);
    }

    public int port() {
        return port;
    }

    public String uri() {
        return (tls != null ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** The config file, or null when started without one. */
    public Path configFile() {
        return configFile;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the process (SIGKILL after 5 s) and removes its directory. */
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
        deleteRecursively(dir);
    }

    static void deleteRecursively(Path dir) {
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
        }
    }
}
