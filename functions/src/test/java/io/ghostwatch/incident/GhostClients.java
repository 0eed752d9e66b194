package io.ghostwatch.incident;

import io.ghostwatch.core.testing.NetworkNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A leaky application in a client namespace: one bash process that opens {@code count} connections with
 * {@code /dev/tcp}, names each with {@code CLIENT SETNAME}, checks every {@code +OK}, prints {@code ready}, then
 * execs {@code sleep}, which inherits the sockets and holds them idle. Killing it while the link is down is a
 * client host vanishing without FIN.
 */
final class GhostClients implements AutoCloseable {

    private static final String SCRIPT = """
            count=$1 host=$2 port=$3 name=$4
            for i in $(seq 1 "$count"); do
              exec {fd}<>"/dev/tcp/$host/$port" || { echo "connection $i: connect failed"; exit 1; }
              printf 'CLIENT SETNAME %s\\r\\n' "$name" >&"$fd"
              IFS= read -r -t 10 -u "$fd" reply || { echo "connection $i: no reply"; exit 1; }
              case $reply in +OK*) ;; *) echo "connection $i: $reply"; exit 1 ;; esac
            done
            echo ready
            exec sleep 3600
            """;

    private final Process process;
    private final Path output;

    private GhostClients(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the client in {@code ns} and waits (at most {@code limit}) until all connections are named. */
    static GhostClients open(NetworkNamespace ns, String host, int port, int count, String name, Duration limit)
            throws IOException {
        Path output = Files.createTempFile("ghostwatch-ghost-clients-", ".out");
        Process p = ns.start(output, "/bin/bash", "-c", SCRIPT, "ghost-clients", Integer.toString(count), host,
                Integer.toString(port), name);
        GhostClients clients = new GhostClients(p, output);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String out = Files.readString(output);
            if (out.lines().anyMatch("ready"::equals)) {
                return clients;
            }
            if (!p.isAlive()) {
                clients.close();
                throw new IOException("ghost clients in " + ns + " exited " + p.exitValue() + " before ready: " + out);
            }
            NamespacedRedis.sleep(Duration.ofMillis(50));
        }
        String out = Files.readString(output);
        clients.close();
        throw new IOException("ghost clients in " + ns + " not ready within " + limit.toSeconds() + " s: " + out);
    }

    /** SIGKILL: the process and its sockets are gone at once; whatever the kernel sends next never arrives. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ghost client process " + process.pid() + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
