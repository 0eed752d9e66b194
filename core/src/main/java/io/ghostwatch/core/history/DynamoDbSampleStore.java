package io.ghostwatch.core.history;

import static io.ghostwatch.core.storage.DynamoDbTables.attribute;
import static io.ghostwatch.core.storage.DynamoDbTables.key;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.ghostwatch.core.storage.DynamoDbTables;
import io.ghostwatch.core.storage.InvalidRecordException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Audit history in a DynamoDB table: the store the Lambda functions use.
 *
 * <h2>Table</h2>
 * <pre>
 * series           S  partition key  "&lt;target&gt;/&lt;node&gt;", e.g. "orders-cache/10.0.0.5:6379"
 * ts               N  sort key       sample time, epoch milliseconds
 * expiresAt        N  TTL attribute  epoch seconds: ts + retention (default 30 days)
 * v                N  item format (1)
 * connectedClients, maxclients, rejectedConnections, totalConnectionsReceived   N
 * census           S  the per-address census as compact JSON:
 *                     [["10.0.0.9",40,3,1,86400], ...] = [address, connections, idleOver1h, idleOver1d,
 *                     oldestAgeSeconds]
 * </pre>
 * Billing PAY_PER_REQUEST (on-demand): audits write in short hourly bursts and the detector reads a handful of
 * series, so provisioned capacity would sit idle. Time to live on {@code expiresAt} deletes old samples for
 * free; DynamoDB deletes expired items within a few days, so a query may still return a sample slightly past
 * the retention. {@link #createTable} creates exactly this, and template.yaml's history table must declare the
 * same keys, billing mode and TTL attribute.
 *
 * <p>One query ({@code series = :s AND ts >= :since}, oldest first) returns a server's history. The target and
 * node are not stored separately: the series key splits at its first '/', which a target name cannot contain.
 *
 * <p>Why the census is one JSON string and not a list of maps: an item may hold at most 400 KB and on-demand
 * writes are billed per started KB. A list of maps repeats five attribute names (about 55 bytes) for every
 * client address; the positional form costs about 30 bytes per address in all, so a census of ten thousand
 * client hosts still fits in one item. The census is always read and written whole (nothing queries inside
 * it), and the same Jackson code reads it as the file store's. A sample whose item would still exceed the
 * limit is not stored and is named in the exception (the others are stored).
 *
 * <p>Writes use BatchWriteItem, 25 items per request; items DynamoDB leaves unprocessed (throttling) are
 * retried with exponential backoff and jitter, and when retries run out the exception says how many samples
 * were not stored. Reads are strongly consistent, so a sample is in the history as soon as append returns.
 * Times are kept to the millisecond; appending a sample again for the same series and millisecond replaces it
 * (a Lambda retry of the same audit writes the same items again, harmlessly).
 *
 * <p>Build one per execution environment ({@link #create}) and keep it: the SDK client holds connections.
 */
public final class DynamoDbSampleStore implements SampleStore, AutoCloseable {

    /** Exactly the DynamoDB actions this store calls: append is BatchWriteItem, history is Query. */
    public static final List<String> IAM_ACTIONS = List.of("dynamodb:BatchWriteItem", "dynamodb:Query");

    public static final Duration DEFAULT_RETENTION = FileSampleStore.DEFAULT_RETENTION;

    static final String SERIES = "series";
    static final String TS = "ts";
    static final String EXPIRES_AT = "expiresAt";
    static final String FORMAT = "v";
    static final String CONNECTED_CLIENTS = "connectedClients";
    static final String MAXCLIENTS = "maxclients";
    static final String REJECTED_CONNECTIONS = "rejectedConnections";
    static final String TOTAL_CONNECTIONS_RECEIVED = "totalConnectionsReceived";
    static final String CENSUS = "census";

    /** BatchWriteItem takes at most 25 put or delete requests. */
    static final int BATCH_SIZE = 25;
    /** DynamoDB's item size limit (attribute names and values, UTF-8). */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    /** How often and how patiently unprocessed items are retried. */
    record Retry(int attempts, Duration firstDelay, Duration maxDelay) {
        static final Retry DEFAULT = new Retry(8, Duration.ofMillis(50), Duration.ofSeconds(2));

        Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        /** Exponential with jitter: between half and all of firstDelay * 2^(attempt-1), capped at maxDelay. */
        long delayMillis(int attempt) {
            long cap = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(attempt - 1, 20));
            return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
        }
    }

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final String table;
    private final Duration retention;
    private final Retry retry;
    private final Integer pageSize;

    /** For tests: a given client (not closed by {@link #close()}), retry policy and page size (null = service's). */
    DynamoDbSampleStore(DynamoDbClient client, String table, Duration retention, Retry retry, Integer pageSize) {
        this(client, false, table, retention, retry, pageSize);
    }

    private DynamoDbSampleStore(DynamoDbClient client, boolean ownsClient, String table, Duration retention,
                                Retry retry, Integer pageSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.table = DynamoDbTables.checkName(table);
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("history retention must be positive, not " + retention);
        }
        this.retry = Objects.requireNonNull(retry, "retry");
        this.pageSize = pageSize;
    }

    /** A store on a client the caller built and keeps (not closed by {@link #close()}); default retention and retry. */
    public static DynamoDbSampleStore using(DynamoDbClient client, String tableName) {
        return new DynamoDbSampleStore(client, tableName, DEFAULT_RETENTION, Retry.DEFAULT, null);
    }

    /** {@link #create(String, Duration, Map)} with the default retention (30 days). */
    public static DynamoDbSampleStore create(String tableName, Map<String, String> env) {
        return create(tableName, DEFAULT_RETENTION, env);
    }

    /**
     * A store on the given table with an SDK client of its own: the lightweight URL-connection HTTP client,
     * region from {@code AWS_REGION} (which Lambda sets), credentials from the SDK's default chain. The SDK's
     * standard endpoint settings apply, so {@code AWS_ENDPOINT_URL_DYNAMODB} or {@code AWS_ENDPOINT_URL} point
     * it at DynamoDB Local or another stand-in.
     *
     * @param env the process environment ({@code System.getenv()})
     */
    public static DynamoDbSampleStore create(String tableName, Duration retention, Map<String, String> env) {
        DynamoDbClient client = DynamoDbTables.client("history", tableName, env);
        return new DynamoDbSampleStore(client, true, tableName, retention, Retry.DEFAULT, null);
    }

    /**
     * Creates the history table as described above (keys, on-demand billing, TTL on {@code expiresAt}) and waits
     * until it is active: what template.yaml declares for the stack. For tests and local set-ups.
     */
    public static void createTable(DynamoDbClient client, String tableName) {
        DynamoDbTables.create(client, tableName, EXPIRES_AT, b -> b
                .attributeDefinitions(attribute(SERIES, ScalarAttributeType.S), attribute(TS, ScalarAttributeType.N))
                .keySchema(key(SERIES, KeyType.HASH), key(TS, KeyType.RANGE)));
    }

    public String table() {
        return table;
    }

    @Override
    public void append(List<ServerSample> samples) {
        List<ServerSample> checked = Samples.checked(samples);
        List<WriteRequest> writes = new ArrayList<>(checked.size());
        List<String> tooLarge = new ArrayList<>();
        for (ServerSample s : checked) {
            Map<String, AttributeValue> item = item(s);
            int size = itemSize(item);
            if (size > MAX_ITEM_BYTES) {
                tooLarge.add(s.seriesKey() + " at " + s.time() + " (" + size / 1024 + " KB with a census of "
                        + s.addresses().size() + " addresses; DynamoDB items hold at most 400 KB)");
            } else {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
        }
        int stored = 0;
        String failure = null;
        SdkException cause = null;
        for (int from = 0; from < writes.size() && failure == null; from += BATCH_SIZE) {
            List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + BATCH_SIZE));
            try {
                BatchOutcome outcome = writeBatch(batch);
                stored += batch.size() - outcome.left();
                if (outcome.left() > 0) {
                    failure = "DynamoDB left " + outcome.left() + " of them unprocessed after " + outcome.attempts()
                            + " attempts" + (outcome.interrupted() ? " (interrupted while waiting to retry)"
                            : " (throttled?)");
                }
            } catch (SdkException e) {
                failure = "BatchWriteItem failed: " + e.getMessage();
                cause = e;
            }
        }
        int notStored = checked.size() - stored;
        if (notStored > 0) {
            StringBuilder m = new StringBuilder().append(notStored).append(" of ").append(checked.size())
                    .append(" samples were not stored in DynamoDB table ").append(table).append(':');
            if (failure != null) {
                m.append(' ').append(failure).append('.');
            }
            if (!tooLarge.isEmpty()) {
                m.append(" Too large: ").append(String.join("; ", tooLarge)).append('.');
            }
            throw new SampleStoreException(m.toString(), cause);
        }
    }

    private record BatchOutcome(int left, int attempts, boolean interrupted) {
    }

    /** Writes one batch, retrying unprocessed items; says how many are still unprocessed. */
    private BatchOutcome writeBatch(List<WriteRequest> batch) {
        List<WriteRequest> pending = batch;
        for (int attempt = 1; ; attempt++) {
            List<WriteRequest> request = pending;
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
            List<WriteRequest> unprocessed = r.hasUnprocessedItems()
                    ? r.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            if (unprocessed.isEmpty() || attempt >= retry.attempts()) {
                return new BatchOutcome(unprocessed.size(), attempt, false);
            }
            pending = unprocessed;
            if (!sleep(retry.delayMillis(attempt))) {
                return new BatchOutcome(unprocessed.size(), attempt, true);
            }
        }
    }

    @Override
    public List<ServerSample> history(String target, String node, Instant since) {
        Samples.checkSeries(target, node);
        Objects.requireNonNull(since, "since");
        String series = target + "/" + node;
        // stored times are whole milliseconds: ts >= since  <=>  ts >= since rounded up to a millisecond
        Instant from = since.isBefore(Samples.EARLIEST) ? Samples.EARLIEST
                : since.isAfter(Samples.LATEST) ? Samples.LATEST.plusMillis(1) : since;
        long sinceMillis = from.toEpochMilli() + (from.getNano() % 1_000_000 == 0 ? 0 : 1);
        Map<String, AttributeValue> values = Map.of(
                ":s", AttributeValue.fromS(series),
                ":since", AttributeValue.fromN(Long.toString(sinceMillis)));
        List<ServerSample> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                Map<String, AttributeValue> exclusiveStart = startKey;
                QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                        .keyConditionExpression("#s = :s AND #t >= :since")
                        .expressionAttributeNames(Map.of("#s", SERIES, "#t", TS))
                        .expressionAttributeValues(values)
                        .scanIndexForward(true)
                        .consistentRead(true)
                        .limit(pageSize);
                if (exclusiveStart != null) {
                    q.exclusiveStartKey(exclusiveStart);
                }
                QueryResponse page = client.query(q.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    out.add(sample(item));
                }
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
        } catch (SdkException e) {
            throw new SampleStoreException("cannot read the history of " + series + " from DynamoDB table " + table
                    + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    // ---- items --------------------------------------------------------------------------------------------------

    private Map<String, AttributeValue> item(ServerSample s) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(SERIES, AttributeValue.fromS(s.seriesKey()));
        item.put(TS, number(s.time().toEpochMilli()));
        item.put(EXPIRES_AT, number(s.time().plus(retention).getEpochSecond()));
        item.put(FORMAT, number(SampleJson.FORMAT));
        item.put(CONNECTED_CLIENTS, number(s.connectedClients()));
        item.put(MAXCLIENTS, number(s.maxclients()));
        item.put(REJECTED_CONNECTIONS, number(s.rejectedConnections()));
        item.put(TOTAL_CONNECTIONS_RECEIVED, number(s.totalConnectionsReceived()));
        item.put(CENSUS, AttributeValue.fromS(SampleJson.census(s.addresses())));
        return item;
    }

    private ServerSample sample(Map<String, AttributeValue> item) {
        String series = string(item, SERIES, null);
        String where = "DynamoDB table " + table + " item " + series + " ts " + (item.containsKey(TS) ? item.get(TS).n() : "?");
        long format = longValue(item, FORMAT, where);
        if (format != SampleJson.FORMAT) {
            throw new SampleStoreException(where + " is in format " + format + "; this Ghostwatch reads format "
                    + SampleJson.FORMAT + (format > SampleJson.FORMAT ? " (upgrade Ghostwatch)" : ""));
        }
        int slash = series.lastIndexOf('/');
        if (slash < 1) {
            throw new SampleStoreException(where + ": series is not <target>/<node>");
        }
        List<ServerSample.AddressSample> census;
        try {
            census = SampleJson.parseCensus(string(item, CENSUS, where));
        } catch (InvalidRecordException e) {
            throw new SampleStoreException(where + ": " + e.getMessage());
        }
        return new ServerSample(series.substring(0, slash), series.substring(slash + 1),
                Instant.ofEpochMilli(longValue(item, TS, where)), longValue(item, CONNECTED_CLIENTS, where),
                longValue(item, MAXCLIENTS, where), longValue(item, REJECTED_CONNECTIONS, where),
                longValue(item, TOTAL_CONNECTIONS_RECEIVED, where), census);
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static String string(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue v = item.get(name);
        if (v == null || v.s() == null) {
            throw new SampleStoreException((where != null ? where : "a DynamoDB item") + " has no string attribute "
                    + name);
        }
        return v.s();
    }

    private static long longValue(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            throw new SampleStoreException(where + " has no number attribute " + name);
        }
        try {
            return Long.parseLong(v.n());
        } catch (NumberFormatException e) {
            throw new SampleStoreException(where + ": attribute " + name + " is not a whole number: " + v.n());
        }
    }

    /** The item's size as DynamoDB counts it: names plus values, strings in UTF-8, numbers about 1 byte per 2 digits. */
    static int itemSize(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += e.getKey().getBytes(UTF_8).length;
            AttributeValue v = e.getValue();
            if (v.s() != null) {
                size += v.s().getBytes(UTF_8).length;
            } else if (v.n() != null) {
                size += v.n().length() / 2 + 2;
            }
        }
        return size;
    }

    /** False when interrupted (the interrupt flag is kept for the caller). */
    private static boolean sleep(long millis) {
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
