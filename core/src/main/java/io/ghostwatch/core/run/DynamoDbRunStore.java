package io.ghostwatch.core.run;

import static io.ghostwatch.core.storage.DynamoDbTables.attribute;
import static io.ghostwatch.core.storage.DynamoDbTables.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.findings.RecordedPart;
import io.ghostwatch.core.slack.DigestPartJson;
import io.ghostwatch.core.storage.DynamoDbTables;
import io.ghostwatch.core.storage.InvalidRecordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The run store on DynamoDB: partition key {@code runId} (the run's ID), sort key {@code part} =
 * {@code <shard>/<chunk>} ({@code 00003/0000}). A part is gzipped JSON cut into chunks below DynamoDB's 400 KB item
 * limit; every chunk of one write carries that write's {@code attempt} and the number of {@code chunks}, and chunk 0
 * is written last, so a reader takes the chunks of chunk 0's attempt and knows when one is missing or left over from
 * another attempt. {@code expiresAt} (epoch seconds, write time + retention, default 7 days) lets TTL delete runs.
 * Reads are strongly consistent: the publisher runs after the shards returned.
 */
public final class DynamoDbRunStore implements RunStore, AutoCloseable {

    /** What a shard calls: one PutItem per chunk. */
    public static final List<String> WRITE_IAM_ACTIONS = List.of("dynamodb:PutItem");
    /** What the publisher calls: Query over the run's items. */
    public static final List<String> READ_IAM_ACTIONS = List.of("dynamodb:Query");
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    static final String RUN_ID = "runId";
    static final String PART = "part";
    static final String ATTEMPT = "attempt";
    static final String CHUNKS = "chunks";
    static final String DATA = "data";
    static final String EXPIRES_AT = "expiresAt";
    static final String FORMAT = "v";
    static final int FORMAT_VERSION = 1;
    /** Bytes of gzipped JSON per item: well under 400 KB with the keys and attribute names. */
    public static final int CHUNK_BYTES = 350 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final String table;
    private final Duration retention;
    private final Clock clock;
    private final int chunkBytes;

    DynamoDbRunStore(DynamoDbClient client, boolean ownsClient, String table, Duration retention, Clock clock,
                     int chunkBytes) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.table = DynamoDbTables.checkName(table);
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.chunkBytes = chunkBytes;
    }

    /** A store on a client the caller built and keeps (not closed by {@link #close()}). */
    public static DynamoDbRunStore using(DynamoDbClient client, String tableName, Clock clock) {
        return new DynamoDbRunStore(client, false, tableName, DEFAULT_RETENTION, clock, CHUNK_BYTES);
    }

    /**
     * A store with an SDK client of its own ({@link DynamoDbTables#client}: region from {@code AWS_REGION}, the SDK's
     * endpoint settings apply).
     */
    public static DynamoDbRunStore create(String tableName, Map<String, String> env) {
        return new DynamoDbRunStore(DynamoDbTables.client("runs", tableName, env), true, tableName, DEFAULT_RETENTION,
                Clock.systemUTC(), CHUNK_BYTES);
    }

    /** Creates the table as described above and waits until it is active: what template.yaml declares. */
    public static void createTable(DynamoDbClient client, String tableName) {
        DynamoDbTables.create(client, tableName, EXPIRES_AT, b -> b
                .attributeDefinitions(attribute(RUN_ID, ScalarAttributeType.S), attribute(PART, ScalarAttributeType.S))
                .keySchema(key(RUN_ID, KeyType.HASH), key(PART, KeyType.RANGE)));
    }

    @Override
    public void put(AuditRun run, int shard, RecordedPart part) {
        byte[] data = encode(part);
        int chunks = Math.max(1, (data.length + chunkBytes - 1) / chunkBytes);
        String attempt = UUID.randomUUID().toString();
        long expiresAt = clock.instant().plus(retention).getEpochSecond();
        try {
            for (int chunk = chunks - 1; chunk >= 0; chunk--) {
                int from = chunk * chunkBytes;
                Map<String, AttributeValue> item = new HashMap<>();
                item.put(RUN_ID, AttributeValue.fromS(run.id()));
                item.put(PART, AttributeValue.fromS(sortKey(shard, chunk)));
                item.put(FORMAT, AttributeValue.fromN(Integer.toString(FORMAT_VERSION)));
                item.put(ATTEMPT, AttributeValue.fromS(attempt));
                item.put(CHUNKS, AttributeValue.fromN(Integer.toString(chunks)));
                item.put(DATA, AttributeValue.fromB(SdkBytes.fromByteArray(java.util.Arrays.copyOfRange(data, from,
                        Math.min(data.length, from + chunkBytes)))));
                item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
                client.putItem(b -> b.tableName(table).item(item));
            }
        } catch (SdkException e) {
            throw new RunStoreException("shard " + shard + " of run " + run.id() + ": its part (" + data.length
                    + " bytes gzipped) could not be stored in DynamoDB table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Parts parts(AuditRun run) {
        Map<Integer, Map<Integer, Map<String, AttributeValue>>> byShard = new TreeMap<>();
        Map<Integer, String> unreadable = new TreeMap<>();
        try {
            client.queryPaginator(b -> b.tableName(table).consistentRead(true)
                            .keyConditionExpression("#run = :run")
                            .expressionAttributeNames(Map.of("#run", RUN_ID))
                            .expressionAttributeValues(Map.of(":run", AttributeValue.fromS(run.id()))))
                    .items().forEach(item -> {
                        String key = item.get(PART).s();
                        int slash = key.indexOf('/');
                        try {
                            int shard = Integer.parseInt(key.substring(0, slash));
                            int chunk = Integer.parseInt(key.substring(slash + 1));
                            byShard.computeIfAbsent(shard, s -> new TreeMap<>()).put(chunk, item);
                        } catch (RuntimeException e) {
                            throw new RunStoreException("run " + run.id() + " in DynamoDB table " + table
                                    + " holds an item whose part '" + key + "' is not <shard>/<chunk>", e);
                        }
                    });
        } catch (SdkException e) {
            throw new RunStoreException("the parts of run " + run.id() + " could not be read from DynamoDB table "
                    + table + ": " + e.getMessage(), e);
        }
        Map<Integer, RecordedPart> parts = new TreeMap<>();
        byShard.forEach((shard, chunks) -> {
            try {
                parts.put(shard, read(chunks));
            } catch (InvalidRecordException e) {
                unreadable.put(shard, e.getMessage());
            }
        });
        return new Parts(parts, unreadable);
    }

    private static RecordedPart read(Map<Integer, Map<String, AttributeValue>> chunks) throws InvalidRecordException {
        Map<String, AttributeValue> first = chunks.get(0);
        if (first == null) {
            throw new InvalidRecordException("its part is incomplete: chunk 0 is missing (the shard stopped while"
                    + " writing it)");
        }
        int version = number(first, FORMAT);
        if (version != FORMAT_VERSION) {
            throw new InvalidRecordException("its part has format version " + version + "; this Ghostwatch reads "
                    + FORMAT_VERSION);
        }
        String attempt = text(first, ATTEMPT, 0);
        int count = number(first, CHUNKS);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int chunk = 0; chunk < count; chunk++) {
            Map<String, AttributeValue> item = chunks.get(chunk);
            if (item == null || !attempt.equals(text(item, ATTEMPT, chunk))) {
                throw new InvalidRecordException("its part is incomplete: chunk " + chunk + " of " + count + " is "
                        + (item == null ? "missing" : "from another attempt") + " (the shard stopped while writing it)");
            }
            AttributeValue bytes = item.get(DATA);
            if (bytes == null || bytes.b() == null) {
                throw new InvalidRecordException("its chunk " + chunk + " has no binary \"" + DATA + "\"");
            }
            data.writeBytes(bytes.b().asByteArray());
        }
        return decode(data.toByteArray());
    }

    /**
     * A shard's part as the table stores it, before it is cut into {@link #CHUNK_BYTES} chunks: gzipped JSON, an
     * object of {@code findings} (the count) and {@code part} (as {@link DigestPartJson} writes it). Public so the
     * fleet benchmark measures exactly what a shard writes and the publisher reads.
     */
    public static byte[] encode(RecordedPart part) {
        return gzip(json(part));
    }

    /** A part from the bytes {@link #encode} made (its chunks put together again), as the publisher reads it. */
    public static RecordedPart decode(byte[] data) throws InvalidRecordException {
        JsonNode json;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            json = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new InvalidRecordException("its part is not gzipped JSON: " + e.getMessage());
        }
        JsonNode findings = json.get("findings");
        if (findings == null || !findings.isInt()) {
            throw new InvalidRecordException("its part has no \"findings\" count");
        }
        JsonNode part = json.get("part");
        return new RecordedPart(findings.asInt(), part == null || part.isNull() ? null : DigestPartJson.read(part));
    }

    private static String text(Map<String, AttributeValue> item, String attribute, int chunk)
            throws InvalidRecordException {
        AttributeValue v = item.get(attribute);
        if (v == null || v.s() == null) {
            throw new InvalidRecordException("its chunk " + chunk + " has no string \"" + attribute + "\"");
        }
        return v.s();
    }

    private static int number(Map<String, AttributeValue> item, String attribute) throws InvalidRecordException {
        AttributeValue v = item.get(attribute);
        try {
            return Integer.parseInt(v.n());
        } catch (RuntimeException e) {
            throw new InvalidRecordException("its item has no whole number \"" + attribute + "\"");
        }
    }

    static String sortKey(int shard, int chunk) {
        return String.format(Locale.ROOT, "%05d/%04d", shard, chunk);
    }

    private static byte[] json(RecordedPart part) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("findings", part.findings());
        o.set("part", part.part() == null ? null : DigestPartJson.write(part.part()));
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
