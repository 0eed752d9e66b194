package io.ghostwatch.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for Slack's response URLs ({@code https://hooks.slack.com/commands/...} for slash commands,
 * {@code .../actions/...} for button presses) on 127.0.0.1: records each JSON message POSTed to them and answers
 * 200 "ok", as Slack does.
 */
final class ResponseUrlStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> posts = new ArrayList<>();

    private ResponseUrlStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/commands/", this::post);
        server.createContext("/actions/", this::post);
        server.start();
    }

    static ResponseUrlStandIn start() throws IOException {
        return new ResponseUrlStandIn();
    }

    /** The base that replaces {@code https://hooks.slack.com/} in a response URL. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** A response URL on this stand-in, unique per {@code name}. */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/commands/T0GHOSTW1/" + name + "/XXXX";
    }

    private void post(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_path", ex.getRequestURI().getPath());
            synchronized (this) {
                posts.add(body);
                notifyAll();
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestMethod().equals("POST") ? 200 : 405, ok.length);
            ex.getResponseBody().write(ok);
        }
    }

    /** Waits for the first message POSTed to {@link #url(String) url(name)}. */
    synchronized JsonNode await(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode p : posts) {
                if (p.path("_path").asText().contains("/" + name + "/")) {
                    return p;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("nothing was posted to response URL " + name + " within " + timeout
                        + "; posts: " + posts);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
