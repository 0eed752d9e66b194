package io.ghostwatch.core.findings;

import static io.ghostwatch.core.storage.DynamoDbTables.attribute;
import static io.ghostwatch.core.storage.DynamoDbTables.key;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.storage.DynamoDbTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Finding state in a DynamoDB table: the store the Lambda functions use.
 *
 * <h2>Table</h2>
 * <pre>
 * target       S  partition key  the target's inventory name, e.g. "orders-cache"
 * finding      S  sort key       "&lt;node&gt;/&lt;checkId&gt;", e.g. "10.0.0.5:6379/redis_idle_timeout_enabled"
 *                                (target + "/" + finding is the finding key; it parses from the right)
 * v            N  item format (1)
 * status       S  "open" | "resolved"
 * severity     S  CRITICAL | HIGH | MEDIUM | LOW, as it last failed
 * detail       S  the detail sentence it last failed with
 * firstSeen, openSince, lastSeen, lastChecked   N  epoch milliseconds (run start times)
 * resolvedAt   N  epoch ms; only on resolved items
 * reported     S  "open" | "resolved": what the channel was last told; absent = never
 * reportedAt   N  epoch ms of that digest's run
 * channel, ts  S  the last full digest that listed it; absent = none yet
 * version      N  1 on the first write, +1 on every write: each write is conditional on the version it read
 * expiresAt    N  time-to-live attribute, epoch seconds = resolvedAt + retention (90 days); only on resolved items,
 *                 removed when a finding opens again; open findings never expire
 * </pre>
 * One Query per target reads everything a run needs ({@code target = :t}, strongly consistent), so the table is read
 * by the fleet's own target names and never scanned; one GetItem reads a finding by key (the bot, and a re-read after
 * a conflict). Billing PAY_PER_REQUEST (on-demand): a run writes its open findings once an hour, far below anything
 * provisioned capacity would be worth. Point-in-time recovery is enabled in template.yaml: this state is what keeps
 * the channel from being told everything again. {@link #createTable} creates exactly this (keys, billing, TTL);
 * template.yaml's FindingsTable must declare the same, and the function may call exactly {@link #IAM_ACTIONS}.
 *
 * <h2>Writes</h2>
 * Each changed finding is one PutItem conditioned on the version read ({@code attribute_not_exists(finding)} for a new
 * one). When another writer got there first, the item is read again (GetItem) and the transition applied to what is
 * there now, up to {@value #MAX_ATTEMPTS} times; {@link FindingLedger} makes an older run lose to a newer one. So
 * overlapping invocations never lose each other's updates. Each item is written atomically; a run's items are not one
 * transaction (a crash midway leaves each finding as it was or as the run left it, and the next run completes the
 * rest). Writes go out in parallel, at most {@value #PARALLEL_REQUESTS} at a time. Unchanged findings are not written.
 *
 * <h2>Damage</h2>
 * An item this version cannot read (a missing or mistyped attribute) is reported as a warning and left untouched: it
 * is neither listed nor overwritten. An item in a newer format stops the operation with an error naming it.
 *
 * <p>Build one per execution environment ({@link #create}) and keep it: the SDK client holds connections.
 */
public final class DynamoDbFindingStore implements FindingStore, AutoCloseable {

    /** Exactly the DynamoDB actions this store calls; template.yaml grants these and no others on the table. */
    public static final List<String> IAM_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query");
    /** What a reader that only lists findings ({@link #findings}: the bot's status) calls. */
    public static final List<String> READ_IAM_ACTIONS = List.of("dynamodb:Query");
    public static final Duration DEFAULT_RETENTION = FileFindingStore.DEFAULT_RETENTION;

    static final String TARGET = "target";
    static final String FINDING = "finding";
    static final String FORMAT = "v";
    static final String STATUS = "status";
    static final String SEVERITY = "severity";
    static final String DETAIL = "detail";
    static final String FIRST_SEEN = "firstSeen";
    static final String OPEN_SINCE = "openSince";
    static final String LAST_SEEN = "lastSeen";
    static final String LAST_CHECKED = "lastChecked";
    static final String RESOLVED_AT = "resolvedAt";
    static final String REPORTED = "reported";
    static final String REPORTED_AT = "reportedAt";
    static final String CHANNEL = "channel";
    static final String TS = "ts";
    static final String VERSION = "version";
    static final String EXPIRES_AT = "expiresAt";
    static final int ITEM_FORMAT = 1;
    static final int MAX_ATTEMPTS = 10;
    static final int PARALLEL_REQUESTS = 16;

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final String table;
    private final Duration retention;
    private final Consumer<String> warnings;

    DynamoDbFindingStore(DynamoDbClient client, boolean ownsClient, String table, Duration retention,
                         Consumer<String> warnings) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.table = DynamoDbTables.checkName(table);
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("finding retention must be positive, not " + retention);
        }
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** A store on a client the caller built and keeps (not closed by {@link #close()}). */
    public static DynamoDbFindingStore using(DynamoDbClient client, String tableName, Consumer<String> warnings) {
        return new DynamoDbFindingStore(client, false, tableName, DEFAULT_RETENTION, warnings);
    }

    /**
     * A store with an SDK client of its own: the URL-connection HTTP client, region from {@code AWS_REGION} (which
     * Lambda sets), credentials from the default chain; {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL}
     * point it at DynamoDB Local or another stand-in.
     */
    public static DynamoDbFindingStore create(String tableName, Map<String, String> env, Consumer<String> warnings) {
        DynamoDbClient client = DynamoDbTables.client("findings", tableName, env);
        return new DynamoDbFindingStore(client, true, tableName, DEFAULT_RETENTION, warnings);
    }

    /** Creates the table as described above (keys, on-demand billing, TTL on expiresAt) and waits until it is active. */
    public static void createTable(DynamoDbClient client, String tableName) {
        DynamoDbTables.create(client, tableName, EXPIRES_AT, b -> b
                .attributeDefinitions(attribute(TARGET, ScalarAttributeType.S),
                        attribute(FINDING, ScalarAttributeType.S))
                .keySchema(key(TARGET, KeyType.HASH), key(FINDING, KeyType.RANGE)));
    }

    public String table() {
        return table;
    }

    @Override
    public List<FindingRecord> findings(Collection<String> targets) {
        Map<FindingKey, FindingRecord> all = read(new LinkedHashSet<>(targets)).records();
        return List.copyOf(all.values());
    }

    @Override
    public Optional<FindingRecord> find(FindingKey key) {
        Objects.requireNonNull(key, "key");
        try {
            return get(key);
        } catch (SdkException e) {
            throw new FindingStoreException("cannot read finding " + key + " from DynamoDB table " + table + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<FindingRecord> record(AuditReport report) {
        Instant run = FindingLedger.runTime(report);
        Snapshot before = read(FindingLedger.targets(report));
        Map<FindingKey, FindingRecord> state = new ConcurrentHashMap<>(before.records());
        List<Update> updates = new ArrayList<>();
        for (Map.Entry<FindingKey, Finding> e : FindingLedger.observed(report).entrySet()) {
            if (before.unreadable().contains(e.getKey())) {
                warnings.accept("finding " + e.getKey() + " was not updated: its item in DynamoDB table " + table
                        + " cannot be read (see the warning above); it is left as it is");
                continue;
            }
            Function<FindingRecord, Optional<FindingRecord>> transition =
                    prior -> FindingLedger.observe(prior, e.getKey(), e.getValue(), run);
            transition.apply(before.records().get(e.getKey()))
                    .ifPresent(first -> updates.add(new Update(e.getKey(), before.records().get(e.getKey()), first, transition)));
        }
        writeAll("record the run of " + run, updates, state);
        return new TreeMap<>(state).values().stream().toList();
    }

    @Override
    public void recordReported(Instant run, Map<FindingKey, Status> told, PostedMessage postedIn) {
        Objects.requireNonNull(run, "run");
        if (told.isEmpty()) {
            return;
        }
        Map<FindingKey, FindingRecord> before = read(told.keySet().stream().map(FindingKey::target)
                .collect(Collectors.toCollection(LinkedHashSet::new))).records();
        List<Update> updates = new ArrayList<>();
        told.forEach((key, status) -> {
            Function<FindingRecord, Optional<FindingRecord>> transition =
                    prior -> FindingLedger.told(prior, status, run, postedIn);
            transition.apply(before.get(key)).ifPresent(first -> updates.add(new Update(key, before.get(key), first,
                    transition)));
        });
        writeAll("record the digest of " + run, updates, new ConcurrentHashMap<>());
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /** What a read found: the records, and the keys of items that could not be read (already warned about). */
    private record Snapshot(Map<FindingKey, FindingRecord> records, Set<FindingKey> unreadable) {
    }

    private Snapshot read(Set<String> targets) {
        Map<FindingKey, FindingRecord> records = new ConcurrentHashMap<>();
        Set<FindingKey> unreadable = ConcurrentHashMap.newKeySet();
        List<String> failures = parallel(List.copyOf(targets), target -> {
            query(target, records, unreadable);
            return null;
        });
        if (!failures.isEmpty()) {
            throw new FindingStoreException("cannot read the findings of " + failures.size() + " of " + targets.size()
                    + " target(s) from DynamoDB table " + table + ": " + failures.getFirst());
        }
        return new Snapshot(new TreeMap<>(records), unreadable);
    }

    private void query(String target, Map<FindingKey, FindingRecord> into, Set<FindingKey> unreadable) {
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("#t = :t")
                    .expressionAttributeNames(Map.of("#t", TARGET))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(target)))
                    .consistentRead(true);
            if (startKey != null) {
                q.exclusiveStartKey(startKey);
            }
            QueryResponse page = client.query(q.build());
            for (Map<String, AttributeValue> item : page.items()) {
                try {
                    FindingRecord r = record(item);
                    into.put(r.key(), r);
                } catch (UnreadableItem e) {
                    unreadable.add(e.key);
                    warnings.accept(e.getMessage() + "; the item is left as it is and ignored");
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
    }

    private Optional<FindingRecord> get(FindingKey key) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true).key(keyOf(key))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(record(item));
        } catch (UnreadableItem e) {
            throw new FindingStoreException(e.getMessage());
        }
    }

    // ---- writing --------------------------------------------------------------------------------------------------

    /** One finding to write: the record it was computed from (null = none), the result, and how to redo it. */
    private record Update(FindingKey key, FindingRecord prior, FindingRecord next,
                          Function<FindingRecord, Optional<FindingRecord>> transition) {
    }

    private void writeAll(String what, List<Update> updates, Map<FindingKey, FindingRecord> state) {
        List<String> failures = parallel(updates, u -> {
            write(u).ifPresent(r -> state.put(r.key(), r));
            return null;
        });
        if (!failures.isEmpty()) {
            throw new FindingStoreException(failures.size() + " of " + updates.size() + " finding updates were not stored"
                    + " in DynamoDB table " + table + " (" + what + "): " + failures.getFirst());
        }
    }

    /** Writes one update, re-reading and re-applying on conflict; returns what is stored now (empty: no change). */
    private Optional<FindingRecord> write(Update u) {
        FindingRecord prior = u.prior();
        FindingRecord next = u.next();
        for (int attempt = 1; ; attempt++) {
            PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item(next));
            if (prior == null) {
                put.conditionExpression("attribute_not_exists(#f)").expressionAttributeNames(Map.of("#f", FINDING));
            } else {
                put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                        .expressionAttributeValues(Map.of(":v", number(prior.version())));
            }
            try {
                client.putItem(put.build());
                return Optional.of(next);
            } catch (ConditionalCheckFailedException conflict) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new FindingStoreException("finding " + u.key() + " kept changing under " + MAX_ATTEMPTS
                            + " attempts to write it", conflict);
                }
                prior = get(u.key()).orElse(null);
                Optional<FindingRecord> redo = u.transition().apply(prior);
                if (redo.isEmpty()) {
                    return Optional.ofNullable(prior);
                }
                next = redo.get();
            }
        }
    }

    /** Runs {@code task} for every item, at most {@link #PARALLEL_REQUESTS} at once; returns the failures' messages. */
    private <T> List<String> parallel(List<T> items, Task<T> task) {
        List<String> failures = new ArrayList<>();
        if (items.size() <= 1) {
            for (T item : items) {
                try {
                    task.run(item);
                } catch (SdkException | FindingStoreException e) {
                    failures.add(describe(item, e));
                }
            }
            return failures;
        }
        Semaphore permits = new Semaphore(PARALLEL_REQUESTS);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                results.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        task.run(item);
                        return null;
                    } catch (SdkException | FindingStoreException e) {
                        return describe(item, e);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<String> f : results) {
                try {
                    String failure = f.get();
                    if (failure != null) {
                        failures.add(failure);
                    }
                } catch (ExecutionException e) {
                    failures.add(e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("interrupted while waiting for DynamoDB");
                    break;
                }
            }
        }
        return failures;
    }

    @FunctionalInterface
    private interface Task<T> {
        Object run(T item);
    }

    private static String describe(Object item, RuntimeException e) {
        String what = item instanceof Update u ? u.key().value() : String.valueOf(item);
        return what + ": " + e.getMessage();
    }

    // ---- items ----------------------------------------------------------------------------------------------------

    private static Map<String, AttributeValue> keyOf(FindingKey key) {
        return Map.of(TARGET, AttributeValue.fromS(key.target()),
                FINDING, AttributeValue.fromS(key.node() + "/" + key.checkId()));
    }

    private Map<String, AttributeValue> item(FindingRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(r.key()));
        item.put(FORMAT, number(ITEM_FORMAT));
        item.put(STATUS, AttributeValue.fromS(word(r.status())));
        item.put(SEVERITY, AttributeValue.fromS(r.severity().name()));
        item.put(DETAIL, AttributeValue.fromS(r.detail()));
        item.put(FIRST_SEEN, millis(r.firstSeen()));
        item.put(OPEN_SINCE, millis(r.openSince()));
        item.put(LAST_SEEN, millis(r.lastSeen()));
        item.put(LAST_CHECKED, millis(r.lastChecked()));
        if (r.resolvedAt() != null) {
            item.put(RESOLVED_AT, millis(r.resolvedAt()));
            item.put(EXPIRES_AT, number(r.resolvedAt().plus(retention).getEpochSecond()));
        }
        if (r.reported() != null) {
            item.put(REPORTED, AttributeValue.fromS(word(r.reported())));
            item.put(REPORTED_AT, millis(r.reportedAt()));
        }
        if (r.postedIn() != null) {
            item.put(CHANNEL, AttributeValue.fromS(r.postedIn().channel()));
            item.put(TS, AttributeValue.fromS(r.postedIn().ts()));
        }
        item.put(VERSION, number(r.version()));
        return item;
    }

    /** An item this version cannot read: named, with what is wrong. */
    private static final class UnreadableItem extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient FindingKey key;

        UnreadableItem(FindingKey key, String message) {
            super(message);
            this.key = key;
        }
    }

    private FindingRecord record(Map<String, AttributeValue> item) throws UnreadableItem {
        String target = item.get(TARGET) == null ? "?" : item.get(TARGET).s();
        String finding = item.get(FINDING) == null ? "?" : item.get(FINDING).s();
        String where = "DynamoDB table " + table + " item " + target + "/" + finding;
        FindingKey key;
        try {
            key = FindingKey.parse(target + "/" + finding);
        } catch (IllegalArgumentException e) {
            throw new FindingStoreException(where + ": the key is not target/node/checkId");
        }
        try {
            long format = longValue(item, FORMAT);
            if (format > ITEM_FORMAT) {
                throw new FindingStoreException(where + " is in format " + format + "; this Ghostwatch reads format "
                        + ITEM_FORMAT + " (upgrade Ghostwatch)");
            }
            if (format != ITEM_FORMAT) {
                throw new IllegalArgumentException("unknown format " + format);
            }
            String channel = optionalString(item, CHANNEL);
            String ts = optionalString(item, TS);
            String reported = optionalString(item, REPORTED);
            return new FindingRecord(key, status(string(item, STATUS)), Severity.valueOf(string(item, SEVERITY)),
                    string(item, DETAIL), time(item, FIRST_SEEN), time(item, OPEN_SINCE), time(item, LAST_SEEN),
                    time(item, LAST_CHECKED), item.containsKey(RESOLVED_AT) ? time(item, RESOLVED_AT) : null,
                    reported == null ? null : status(reported),
                    item.containsKey(REPORTED_AT) ? time(item, REPORTED_AT) : null,
                    channel == null || ts == null ? null : new PostedMessage(channel, ts), longValue(item, VERSION));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableItem(key, where + " cannot be read: " + e.getMessage());
        }
    }

    private static String word(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static Status status(String text) {
        return switch (text) {
            case "open" -> Status.OPEN;
            case "resolved" -> Status.RESOLVED;
            default -> throw new IllegalArgumentException("status '" + text + "' is not open or resolved");
        };
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static AttributeValue millis(Instant t) {
        return number(t.toEpochMilli());
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.s() == null) {
            throw new IllegalArgumentException("no string attribute " + name);
        }
        return v.s();
    }

    private static String optionalString(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? string(item, name) : null;
    }

    private static long longValue(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            throw new IllegalArgumentException("no number attribute " + name);
        }
        try {
            return Long.parseLong(v.n());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attribute " + name + " is not a whole number: " + v.n());
        }
    }

    private static Instant time(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(longValue(item, name));
    }
}
