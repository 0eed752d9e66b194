package io.ghostwatch.bot;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.work.SqsPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bot as an AWS Lambda function behind an API Gateway HTTP API (payload format 2.0): the event becomes an
 * {@link EndpointRequest} for the shared {@link SlackEndpoint}, and its answer becomes
 * {@code {"statusCode":..,"headers":{..},"body":..}}. In payload 2.0 header names arrive in lower case and repeated
 * headers comma-joined; a body API Gateway did not pass as text arrives base64-encoded ({@code isBase64Encoded}).
 * The path routed is {@code rawPath}, so the API must use the {@code $default} stage (no stage prefix).
 * <p>
 * Built once per execution environment from the variables {@link BotRuntime#fromEnvironment} reads. Lambda may freeze
 * the environment once the response is returned, so in the deployment {@code GHOSTWATCH_WORK_QUEUE_URL} is set and work
 * goes to SQS before the ack ({@link io.ghostwatch.bot.work.SqsWorkQueue}), for the worker function
 * ({@link BotWorkerHandler}); without it work runs in-process, which only a long-running process can rely on.
 */
public final class SlackEventsHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackEndpoint endpoint;

    /**
     * Lambda's init. With a work queue, its send path is primed on another thread while the bot is built
     * ({@link SqsPriming}), so that the first ack does not pay for the SDK's first request.
     */
    public SlackEventsHandler() {
        this(start(System.getenv()));
    }

    private static SlackEndpoint start(Map<String, String> environment) {
        try (SqsPriming _ = SqsPriming.start(environment)) {
            return BotRuntime.fromEnvironment(environment, Clock.systemUTC()).endpoint();
        }
    }

    SlackEventsHandler(SlackEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EndpointResponse response = endpoint.handle(request(input.readAllBytes()));
        ObjectNode out = JSON.createObjectNode();
        out.put("statusCode", response.status());
        ObjectNode headers = out.putObject("headers");
        response.headers().forEach(headers::put);
        out.put("body", response.body());
        out.put("isBase64Encoded", false);
        output.write(JSON.writeValueAsBytes(out));
    }

    /**
     * Reads the fields of a payload 2.0 event the endpoint needs.
     *
     * @throws IllegalArgumentException naming the missing or malformed field (an event that is not from an HTTP API)
     */
    static EndpointRequest request(byte[] event) {
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        if (!"2.0".equals(root.path("version").asText())) {
            throw new IllegalArgumentException("the event's version is '" + root.path("version").asText()
                    + "', not 2.0: configure the HTTP API integration with payload format version 2.0");
        }
        JsonNode http = root.path("requestContext").path("http");
        String method = text(http, "method", "requestContext.http.method");
        String path = text(root, "rawPath", "rawPath");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        root.path("headers").properties().forEach(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        byte[] body = body(root);
        String sourceIp = http.path("sourceIp").isTextual() ? http.path("sourceIp").asText() : null;
        return new EndpointRequest(method, path, headers, body, sourceIp);
    }

    private static byte[] body(JsonNode root) {
        JsonNode body = root.get("body");
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        if (!body.isTextual()) {
            throw new IllegalArgumentException("the event's body is not a string");
        }
        if (root.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the event says isBase64Encoded but its body is not base64: "
                        + e.getMessage(), e);
            }
        }
        return body.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("the event has no " + path + ": it is not an API Gateway HTTP API"
                    + " (payload 2.0) request");
        }
        return value.asText();
    }
}
