package io.ghostwatch.bot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ghostwatch.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The bot on the JDK's HTTP server, for running it on a machine of your own (behind a tunnel to Slack) and for the
 * tests: every request goes to the shared {@link SlackEndpoint}, which serves {@code POST /slack/events}.
 * <p>
 * Environment: {@value #PORT} (default {@value #DEFAULT_PORT}; 0 = any free port), {@value #HOST} (the address to
 * listen on, default {@value #DEFAULT_HOST}: a tunnel reaches it there; give 0.0.0.0 to listen on every interface),
 * and what {@link BotSettings} reads: {@code SLACK_SIGNING_SECRET}, {@code SLACK_BOT_TOKEN}, {@code GHOSTWATCH_CONFIG},
 * optionally {@code SLACK_API_URL}.
 */
public final class LocalBotServer implements AutoCloseable {

    public static final String PORT = "PORT";
    public static final String HOST = "HOST";
    public static final int DEFAULT_PORT = 3000;
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Slack's payloads are a few KB; anything beyond this is refused unread (413). */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(LocalBotServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final SlackEndpoint endpoint;

    private LocalBotServer(HttpServer server, ExecutorService executor, SlackEndpoint endpoint) {
        this.server = server;
        this.executor = executor;
        this.endpoint = endpoint;
    }

    /** Starts serving {@code endpoint} on {@code address}; one virtual thread per request. */
    public static LocalBotServer start(SlackEndpoint endpoint, InetSocketAddress address) {
        Objects.requireNonNull(endpoint, "endpoint");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        LocalBotServer bot = new LocalBotServer(server, executor, endpoint);
        server.createContext("/", bot::exchange);
        server.setExecutor(executor);
        server.start();
        return bot;
    }

    /** The address it listens on, with the real port when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            EndpointResponse response;
            if (body.length > MAX_BODY_BYTES) {
                response = EndpointResponse.empty(413);
            } else {
                response = endpoint.handle(new EndpointRequest(exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body,
                        exchange.getRemoteAddress().getAddress().getHostAddress()));
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = response.bodyBytes();
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        BotRuntime runtime;
        LocalBotServer server;
        try {
            InetSocketAddress address = address(environment);
            runtime = BotRuntime.fromEnvironment(environment, Clock.systemUTC());
            try {
                server = start(runtime.endpoint(), address);
            } catch (UncheckedIOException e) {
                runtime.close();
                throw e;
            }
        } catch (ConfigException | UncheckedIOException e) {
            System.err.println("ghostwatch-bot: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            runtime.close();
        }));
        LOG.log(System.Logger.Level.INFO, "ghostwatch-bot listening on http://" + server.address().getHostString() + ":"
                + server.address().getPort() + SlackEndpoint.PATH);
    }

    /** {@value #HOST} and {@value #PORT}, with their defaults; a bad value is a {@link ConfigException} naming it. */
    static InetSocketAddress address(Map<String, String> environment) {
        String portText = environment.getOrDefault(PORT, "").strip();
        int port;
        if (portText.isEmpty()) {
            port = DEFAULT_PORT;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new ConfigException(PORT + " '" + portText + "' is not a port number (valid: 0..65535, 0 = any"
                        + " free port; default " + DEFAULT_PORT + ")");
            }
        }
        String host = environment.getOrDefault(HOST, "").strip();
        InetSocketAddress address = new InetSocketAddress(host.isEmpty() ? DEFAULT_HOST : host, port);
        if (address.isUnresolved()) {
            throw new ConfigException(HOST + " '" + host + "' is not an address of this machine (valid: an IP address"
                    + " such as 127.0.0.1 or 0.0.0.0, or a resolvable name; default " + DEFAULT_HOST + ")");
        }
        return address;
    }
}
