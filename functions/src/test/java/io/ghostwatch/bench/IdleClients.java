package io.ghostwatch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Idle client connections to one loopback server, opened from this process: they connect and never send a
 * command, so the server holds them as ordinary idle clients (what ghost connections look like to Redis).
 */
final class IdleClients implements AutoCloseable {

    private final List<SocketChannel> channels = new ArrayList<>();

    /**
     * Opens {@code count} connections to 127.0.0.1:{@code port}, pausing every batch until the server reports
     * them connected ({@code connectedClients}), so its accept queue never overflows.
     */
    static IdleClients open(int port, int count, LongSupplier connectedClients, long alreadyConnected)
            throws IOException, InterruptedException {
        IdleClients idle = new IdleClients();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            int batch = 250;
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open();
                idle.channels.add(ch);
                ch.connect(address);
                if ((i + 1) % batch == 0 || i + 1 == count) {
                    awaitConnected(connectedClients, alreadyConnected + i + 1);
                }
            }
            return idle;
        } catch (IOException | InterruptedException | RuntimeException e) {
            idle.close();
            throw e;
        }
    }

    private static void awaitConnected(LongSupplier connectedClients, long expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = connectedClients.getAsLong();
            if (seen >= expected) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IOException("server reports " + seen + " connected clients, expected " + expected + " within 30 s");
    }

    int size() {
        return channels.size();
    }

    @Override
    public void close() {
        for (SocketChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing an idle socket has nothing to report
            }
        }
        channels.clear();
    }
}
