package io.ghostwatch.bot.work;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A local stand-in for Amazon SQS on 127.0.0.1, speaking the protocol the AWS SDK for Java 2.x uses for SQS: the AWS
 * JSON 1.0 protocol. Each operation is a POST to {@code /} with {@code X-Amz-Target: AmazonSQS.<Operation>},
 * {@code Content-Type: application/x-amz-json-1.0}, a JSON body and a SigV4 {@code Authorization} header; answers are
 * JSON, errors carry {@code __type} ({@code com.amazonaws.sqs#QueueDoesNotExist}) and the query-compatible
 * {@code x-amzn-query-error} header.
 * <p>
 * It implements SendMessage: the queue must be one {@link #createQueue created} here (URL
 * {@code http://127.0.0.1:<port>/123456789012/<name>}), the body non-empty; the answer is {@code MessageId} (a UUID)
 * and {@code MD5OfMessageBody}, the hex MD5 of the body's UTF-8 bytes, which the SDK checks against what it sent.
 * A request without a well-formed SigV4 {@code Authorization} header (credential scope {@code <date>/<region>/sqs/
 * aws4_request}, signed headers, a 64-hex signature) is refused as SQS refuses unsigned requests; the signature
 * itself is not recomputed. Every request is recorded; {@link #failNext} and {@link #corruptNextMd5} script faults.
 */
public final class SqsStandIn implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=[A-Za-z0-9]+/\\d{8}/"
            + "[a-z0-9-]+/sqs/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}");

    /** One request as it arrived. */
    public record Request(String target, String contentType, String authorization, String amzDate, JsonNode body,
                          Instant at) {
    }

    /** One message a queue took. */
    public record Message(String queue, String messageId, String body, String md5OfBody, Instant sentAt) {
    }

    /** A scripted error answer. */
    private record Fault(int status, String type, String queryError, String message) {
    }

    private final HttpServer server;
    private final Set<String> queues = new LinkedHashSet<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private boolean corruptMd5;

    private SqsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static SqsStandIn start() {
        try {
            return new SqsStandIn();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the SQS stand-in on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** The endpoint, as {@code AWS_ENDPOINT_URL_SQS} takes it. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Creates a queue and returns its URL. */
    public synchronized String createQueue(String name) {
        queues.add(name);
        return queueUrl(name);
    }

    public String queueUrl(String name) {
        return endpoint() + "/" + ACCOUNT + "/" + name;
    }

    public static String queueArn(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Message> messages(String queue) {
        return messages.stream().filter(m -> m.queue().equals(queue)).toList();
    }

    /** The next request is answered with an error, e.g. 400 {@code com.amazonaws.sqs#QueueDoesNotExist}. */
    public synchronized void failNext(int status, String type, String queryError, String message) {
        faults.add(new Fault(status, type, queryError, message));
    }

    /** The next SendMessage is stored, but answered with an MD5 that is not the body's (a corrupted transfer). */
    public synchronized void corruptNextMd5() {
        corruptMd5 = true;
    }

    /**
     * The event Lambda's SQS poller delivers to a function for these messages: {@code Records} with messageId,
     * receiptHandle, body, attributes, md5OfBody, eventSource {@code aws:sqs}, eventSourceARN and awsRegion.
     */
    public static ObjectNode lambdaEvent(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", "AQEB" + HexFormat.of().formatHex(md5(m.messageId() + "/receipt")));
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            attributes.put("ApproximateReceiveCount", "1");
            attributes.put("SentTimestamp", Long.toString(m.sentAt().toEpochMilli()));
            attributes.put("SenderId", "AROAEXAMPLEROLEID:ghostwatch-BotFunction");
            attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(m.sentAt().toEpochMilli() + 5));
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn(m.queue()));
            r.put("awsRegion", REGION);
        }
        return event;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw;
            try (InputStream in = ex.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            JsonNode body;
            try {
                body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            } catch (IOException e) {
                error(ex, 400, "com.amazonaws.sqs#InvalidParameterValue", null, "The request body is not JSON.");
                return;
            }
            Fault fault;
            synchronized (this) {
                requests.add(new Request(target, contentType, authorization, ex.getRequestHeaders().getFirst("X-Amz-Date"),
                        body, Instant.now()));
                fault = faults.poll();
            }
            if (!"POST".equals(ex.getRequestMethod()) || !"/".equals(ex.getRequestURI().getPath())) {
                error(ex, 404, "UnknownOperationException", null, "Only POST / is served.");
                return;
            }
            if (authorization == null || !AUTHORIZATION.matcher(authorization).matches()
                    || ex.getRequestHeaders().getFirst("X-Amz-Date") == null) {
                error(ex, 400, "com.amazon.coral.service#MissingAuthenticationTokenException", null,
                        "Request is missing Authentication Token");
                return;
            }
            if (contentType == null || !contentType.startsWith("application/x-amz-json-1.0")) {
                error(ex, 400, "com.amazon.coral.service#UnknownOperationException", null,
                        "Content-Type must be application/x-amz-json-1.0, not " + contentType);
                return;
            }
            if (fault != null) {
                error(ex, fault.status(), fault.type(), fault.queryError(), fault.message());
                return;
            }
            if (!"AmazonSQS.SendMessage".equals(target)) {
                error(ex, 400, "com.amazon.coral.service#UnknownOperationException", null,
                        "The stand-in does not implement " + target);
                return;
            }
            sendMessage(ex, body);
        }
    }

    private void sendMessage(HttpExchange ex, JsonNode request) throws IOException {
        String queueUrl = request.path("QueueUrl").asText("");
        String name = queueUrl.startsWith(endpoint() + "/" + ACCOUNT + "/")
                ? queueUrl.substring((endpoint() + "/" + ACCOUNT + "/").length()) : null;
        boolean known;
        synchronized (this) {
            known = name != null && queues.contains(name);
        }
        if (!known) {
            error(ex, 400, "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue;Sender",
                    "The specified queue does not exist.");
            return;
        }
        JsonNode messageBody = request.get("MessageBody");
        if (messageBody == null || !messageBody.isTextual() || messageBody.asText().isEmpty()) {
            error(ex, 400, "com.amazonaws.sqs#InvalidParameterValue", "InvalidParameterValue;Sender",
                    "The request must contain the parameter MessageBody.");
            return;
        }
        String text = messageBody.asText();
        String md5 = HexFormat.of().formatHex(md5(text));
        Message message = new Message(name, UUID.randomUUID().toString(), text, md5, Instant.now());
        String answered;
        synchronized (this) {
            messages.add(message);
            answered = corruptMd5 ? HexFormat.of().formatHex(md5(text + " (corrupted)")) : md5;
            corruptMd5 = false;
        }
        ObjectNode ok = JSON.createObjectNode();
        ok.put("MD5OfMessageBody", answered);
        ok.put("MessageId", message.messageId());
        answer(ex, 200, ok, null);
    }

    private static void error(HttpExchange ex, int status, String type, String queryError, String message)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", type);
        body.put("message", message);
        answer(ex, status, body, queryError);
    }

    private static void answer(HttpExchange ex, int status, ObjectNode body, String queryError) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (queryError != null) {
            ex.getResponseHeaders().set("x-amzn-query-error", queryError);
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
