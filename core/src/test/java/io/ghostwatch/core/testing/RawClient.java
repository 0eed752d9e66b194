package io.ghostwatch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare TCP client of a loopback test server: it sends RESP commands and reads nothing unless asked, so on the
 * server it sits exactly like an application's forgotten or ghost connection (or, after SUBSCRIBE, BLPOP or
 * MONITOR, like those clients).
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects to 127.0.0.1:{@code port} and sends {@code command} if one is given. */
    public static RawClient connect(int port, String... command) throws IOException {
        RawClient client = new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
        if (command.length > 0) {
            client.send(command);
        }
        return client;
    }

    /** Sends one command as a RESP array of bulk strings; the reply is left unread. */
    public void send(String... args) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            resp.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** This connection as the server's CLIENT LIST shows it in {@code addr}. */
    public String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /**
     * True when the server closed this connection within {@code wait}: reads (and discards) whatever arrives until
     * end of stream, a reset, or the wait is over.
     */
    public boolean closedByServer(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.max(1, leftMs));
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the server: closed as well
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
