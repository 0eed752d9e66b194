package io.ghostwatch.bot;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.MalformedWorkItemException;
import io.ghostwatch.bot.work.WorkItem;
import io.ghostwatch.bot.work.WorkItemJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The bot's worker as an AWS Lambda function fed by the work queue (an SQS event source mapping with
 * {@code ReportBatchItemFailures}): each record's body is a {@link WorkItemJson} item, read back with the config's
 * {@link CommandParser} and carried out by the same {@link BotActions} the bot builds ({@link BotServices}), one
 * virtual thread per record. The answer is {@code {"batchItemFailures":[{"itemIdentifier":<messageId>},...]}}: the
 * records whose item could not be read (the log names the field) or whose work threw; SQS delivers those again, and
 * after the queue's maxReceiveCount moves them to the dead-letter queue. Nothing is dropped without a word.
 * <p>
 * An event that is not an SQS event, or a record without a messageId (which could not be reported), fails the whole
 * invocation with an error naming the field, so the whole batch is delivered again.
 * <p>
 * Built once per execution environment from {@link WorkerSettings}' variables and
 * {@value Remediation#CHANGES_TABLE}; no Bolt, no HTTP server, no signing secret.
 */
public final class BotWorkerHandler implements RequestStreamHandler {

    /**
     * What Lambda's SQS event source mapping calls with this function's role to feed it (the actions of the managed
     * policy AWSLambdaSQSQueueExecutionRole); template.yaml grants these and no others on the work queue. The handler
     * itself calls no SQS action: Lambda deletes the records not reported in batchItemFailures.
     */
    public static final List<String> SQS_POLLER_ACTIONS = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:GetQueueAttributes");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(BotWorkerHandler.class.getName());

    private final CommandParser parser;
    private final BotActions actions;

    public BotWorkerHandler() {
        this(BotServices.fromEnvironment(System.getenv(), Clock.systemUTC()));
    }

    BotWorkerHandler(BotServices services) {
        this(services.parser(), services.actions());
    }

    BotWorkerHandler(CommandParser parser, BotActions actions) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /** One SQS record, as far as the worker reads it. */
    record SqsRecord(String messageId, JsonNode body, JsonNode md5OfBody, int index) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<SqsRecord> records = records(input.readAllBytes());
        List<String> failed = handle(records);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode failures = out.putArray("batchItemFailures");
        failed.forEach(id -> failures.addObject().put("itemIdentifier", id));
        output.write(JSON.writeValueAsBytes(out));
    }

    /** Carries out every record's item, concurrently; returns the messageIds of those that failed, in record order. */
    List<String> handle(List<SqsRecord> records) {
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("ghostwatch-worker-", 1).factory())) {
            for (SqsRecord record : records) {
                outcomes.add(workers.submit(() -> perform(record)));
            }
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            boolean ok;
            try {
                ok = outcomes.get(i).get();
            } catch (ExecutionException e) {
                ok = false; // perform() catches what the work throws; an Error lands here and is logged below
                LOG.log(System.Logger.Level.ERROR, "SQS message " + records.get(i).messageId() + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
            }
            if (!ok) {
                failed.add(records.get(i).messageId());
            }
        }
        return failed;
    }

    /** @return true when the item was carried out */
    private boolean perform(SqsRecord record) {
        WorkItem item;
        try {
            item = WorkItemJson.read(body(record), parser);
        } catch (MalformedWorkItemException e) {
            LOG.log(System.Logger.Level.ERROR, "SQS message " + record.messageId() + " (Records[" + record.index()
                    + "]) is not a work item this worker can carry out: " + e.getMessage()
                    + "; reported as failed (after the queue's maxReceiveCount it moves to the dead-letter queue)");
            return false;
        }
        try {
            actions.perform(item);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "SQS message " + record.messageId() + ": " + item + " failed; reported as"
                    + " failed, SQS delivers it again", e);
            return false;
        }
    }

    /** The body, checked against the MD5 SQS computed when it took the message. */
    private static String body(SqsRecord record) {
        if (record.body() == null || !record.body().isTextual()) {
            throw new MalformedWorkItemException("Records[" + record.index() + "].body", "is missing or not a string");
        }
        String body = record.body().asText();
        if (record.md5OfBody() != null && !record.md5OfBody().isNull()) {
            String expected = record.md5OfBody().asText();
            String actual = md5Hex(body);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new MalformedWorkItemException("Records[" + record.index() + "].md5OfBody", "is " + expected
                        + " but the body's MD5 is " + actual + ": the body is not what was sent");
            }
        }
        return body;
    }

    /**
     * The records of an SQS event.
     *
     * @throws IllegalArgumentException naming the field when the event is not an SQS event or a record cannot be
     *                                  reported (no messageId)
     */
    static List<SqsRecord> records(byte[] event) {
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("Records").isArray()) {
            throw new IllegalArgumentException("the event has no Records array: it is not an SQS event");
        }
        List<SqsRecord> records = new ArrayList<>();
        JsonNode array = root.get("Records");
        for (int i = 0; i < array.size(); i++) {
            JsonNode r = array.get(i);
            String source = r.path("eventSource").asText("");
            if (!"aws:sqs".equals(source)) {
                throw new IllegalArgumentException("Records[" + i + "].eventSource is '" + source + "', not aws:sqs: the"
                        + " worker takes only SQS events");
            }
            JsonNode id = r.get("messageId");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                throw new IllegalArgumentException("Records[" + i + "].messageId is missing: the record could not be"
                        + " reported as failed, so the whole batch fails");
            }
            records.add(new SqsRecord(id.asText(), r.get("body"), r.get("md5OfBody"), i));
        }
        return records;
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }
}
