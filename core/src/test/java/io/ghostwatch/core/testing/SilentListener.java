package io.ghostwatch.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP listener that misbehaves on purpose: {@link Mode#SILENT} accepts and never answers,
 * {@link Mode#GARBAGE} answers every connection with an HTTP error (not the Redis protocol).
 */
public final class SilentListener implements AutoCloseable {
    public enum Mode { SILENT, GARBAGE }

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public SilentListener(Mode mode) throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    if (mode == Mode.GARBAGE) {
                        Thread.ofVirtual().start(() -> answerGarbage(s));
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void answerGarbage(Socket s) {
        try {
            s.getInputStream().read(new byte[256]);
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
            s.getOutputStream().flush();
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String uri() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
        acceptor.interrupt();
    }
}
