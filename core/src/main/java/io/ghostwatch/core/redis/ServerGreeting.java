package io.ghostwatch.core.redis;

import io.ghostwatch.core.model.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What a Redis server says to a new connection before anyone speaks: normally nothing, but a server that turns clients
 * away (at {@code maxclients}, the very symptom of a ghost-connection leak) writes {@code -ERR max number of clients
 * reached} and closes. A client that writes first (Jedis sends its commands at once) then sees only a reset or a
 * broken pipe, the error lost with the connection: so when a connection fails that way, one more connection listens
 * for the greeting, sending nothing.
 */
final class ServerGreeting {

    /** Long enough for a server that greets at accept, short enough not to matter to a silent one. */
    static final int LISTEN_MILLIS = 1_000;

    private ServerGreeting() {
    }

    /**
     * The server's error greeting (e.g. {@code ERR max number of clients reached}), or null when it says nothing, says
     * something else, or cannot be reached.
     */
    static String read(HostPort node, RedisConnectionSettings settings) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(node.host(), node.port()), settings.connectTimeoutMs());
            socket.setSoTimeout(Math.min(LISTEN_MILLIS, settings.readTimeoutMs()));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256];
            int n = 0;
            while (n < buffer.length) {
                int read = in.read(buffer, n, buffer.length - n);
                if (read < 0 || (n += read) > 0 && buffer[n - 1] == '\n') {
                    break;
                }
            }
            String line = new String(buffer, 0, n, StandardCharsets.UTF_8).strip();
            return line.startsWith("-") && line.length() > 1 ? RedisConnector.firstLine(line.substring(1)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** What the greeting means for the audit, when Ghostwatch knows. */
    static String meaning(String greeting) {
        return greeting.startsWith("ERR max number of clients reached")
                ? " (connected_clients is at maxclients: new clients, this audit's included, are turned away; ghost"
                + " connections holding the slots are the usual cause)"
                : "";
    }
}
