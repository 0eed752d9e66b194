package io.ghostwatch.core.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32;

/**
 * An HTTP proxy on 127.0.0.1 in front of DynamoDB Local that makes BatchWriteItem behave as throttled DynamoDB
 * does: it forwards only some of each request's items and returns the rest as {@code UnprocessedItems}, in the
 * real JSON 1.0 wire format (with a recomputed {@code x-amz-crc32}, which the SDK checks). DynamoDB Local
 * itself never leaves items unprocessed. Every other call is relayed as it is. It also counts calls per
 * operation, which shows how the store batches and pages.
 */
final class UnprocessedItemsProxy implements AutoCloseable {

    /** "Process every item" for {@link #processing}. */
    static final int ALL = Integer.MAX_VALUE;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile IntUnaryOperator processing = n -> ALL;

    private UnprocessedItemsProxy(HttpServer server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    static UnprocessedItemsProxy start(URI upstream) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        UnprocessedItemsProxy proxy = new UnprocessedItemsProxy(server, upstream);
        server.createContext("/", proxy::handle);
        server.start();
        return proxy;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * How many items of the n-th BatchWriteItem call (1-based) reach DynamoDB Local; the rest come back as
     * unprocessed. {@link #ALL} relays the call unchanged.
     */
    void processing(IntUnaryOperator itemsForCall) {
        processing = itemsForCall;
    }

    /** How many calls of an operation ("BatchWriteItem", "Query", ...) passed through. */
    int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "?" : target.substring(target.indexOf('.') + 1);
            int call = calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();

            ArrayNode heldBack = null;
            String table = null;
            boolean nothingForwarded = false;
            int process = operation.equals("BatchWriteItem") ? processing.applyAsInt(call) : ALL;
            if (process != ALL) {
                ObjectNode request = (ObjectNode) JSON.readTree(body);
                ObjectNode items = (ObjectNode) request.get("RequestItems");
                table = items.fieldNames().next();
                ArrayNode all = (ArrayNode) items.get(table);
                ArrayNode forwarded = JSON.createArrayNode();
                heldBack = JSON.createArrayNode();
                for (int i = 0; i < all.size(); i++) {
                    (i < process ? forwarded : heldBack).add(all.get(i));
                }
                if (forwarded.isEmpty()) {
                    nothingForwarded = true; // DynamoDB refuses an empty request list: answer for it
                } else {
                    items.set(table, forwarded);
                }
                body = JSON.writeValueAsBytes(request);
            }

            byte[] responseBody;
            int status;
            Map<String, List<String>> responseHeaders;
            if (nothingForwarded) {
                status = 200;
                responseBody = "{\"UnprocessedItems\":{}}".getBytes(StandardCharsets.UTF_8);
                responseHeaders = Map.of("Content-Type", List.of("application/x-amz-json-1.0"));
            } else {
                HttpResponse<byte[]> response = forward(exchange, body);
                status = response.statusCode();
                responseBody = response.body();
                responseHeaders = response.headers().map();
            }
            if (heldBack != null && !heldBack.isEmpty() && status == 200) {
                ObjectNode result = (ObjectNode) JSON.readTree(responseBody);
                ObjectNode unprocessed = JSON.createObjectNode();
                unprocessed.set(table, heldBack);
                result.set("UnprocessedItems", unprocessed);
                responseBody = JSON.writeValueAsBytes(result);
            }

            responseHeaders.forEach((name, values) -> {
                String n = name.toLowerCase(Locale.ROOT);
                if (!NOT_FORWARDED.contains(n) && !n.equals("x-amz-crc32") && !n.equals(":status")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            CRC32 crc = new CRC32();
            crc.update(responseBody);
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            exchange.sendResponseHeaders(status, responseBody.length == 0 ? -1 : responseBody.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(responseBody);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }
}
