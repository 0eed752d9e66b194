package io.ghostwatch.core.change;

import static io.ghostwatch.core.storage.DynamoDbTables.attribute;
import static io.ghostwatch.core.storage.DynamoDbTables.key;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.storage.DynamoDbTables;
import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.storage.NewerFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Changes in a DynamoDB table: the store of the bot and the fix worker in AWS.
 *
 * <h2>Table</h2>
 * <pre>
 * changeId   S  partition key   "chg-7k2m9x4d1q"
 * v          N  item format (1)
 * target     S  the target's inventory name               (partition key of index byTarget)
 * createdAt  N  epoch milliseconds of the proposal          (sort key of indexes byTarget and byTime)
 * feed       S  "changes" on every item                     (partition key of index byTime: all targets)
 * proposal   S  what never changes after creation, as JSON (ChangeJson): id, target, action, nodes, values before,
 *               reason, requester, createdAt, and expiresAt, the end of the approval window (ISO-8601)
 * state      S  PROPOSED | APPROVED | APPLYING | APPLIED | FAILED | ROLLED_BACK | REJECTED | EXPIRED
 * version    N  1 when created, +1 per transition; every transition is conditional on it
 * history    L  one M per transition: from S, to S, actor S (Slack user ID or "ghostwatch"), at N (epoch ms), note S
 * result     S  how applying it ended, as JSON (ChangeJson); absent until then
 * channel, ts S  the approval message; absent until it is posted
 * expiresAt  N  time-to-live attribute, epoch seconds = createdAt + retention (400 days by default): DynamoDB deletes
 *               the item some time after that, whatever its state. (Not the approval window, which is in proposal.)
 *
 * Indexes (global, projection ALL):
 *   byTarget  partition target (S), sort createdAt (N): recent changes of one target, newest first
 *   byTime    partition feed (S),   sort createdAt (N): recent changes of every target, newest first
 * Billing PAY_PER_REQUEST (on-demand): a few changes a day. TTL enabled on expiresAt.
 * </pre>
 * byTime puts every item in one index partition: fine for a few thousand changes a year, far below a partition's
 * limits, and it lets "recent changes" be one Query instead of a Scan of the whole table. {@link #createTable}
 * creates exactly this; template.yaml's ChangesTable must declare the same, and the functions may call exactly
 * {@link #IAM_ACTIONS} (on the table and on {@code table/<name>/index/*}).
 *
 * <h2>Writes</h2>
 * {@link #create}: PutItem conditioned on {@code attribute_not_exists(changeId)}. A transition: GetItem (strongly
 * consistent), the move checked in {@link Change#transitionTo}, then UpdateItem setting state, version, result and
 * appending to history, conditioned on {@code version = :expected}; when another writer got there first, the condition
 * fails and DynamoDB returns the item as it is ({@code ReturnValuesOnConditionCheckFailure ALL_OLD}), which becomes the
 * {@link TransitionOutcome.Conflict}. The approval message is an UpdateItem of channel and ts alone
 * ({@code attribute_exists(changeId)}), so it never races a transition.
 *
 * <h2>Reads</h2>
 * {@link #find} is a strongly consistent GetItem. {@link #recent} queries an index, which DynamoDB updates a moment
 * after the table: a change created a split second ago may be missing from it, and its state may lag just as briefly.
 * An item this version cannot read is an error naming it in {@link #find}, and a warning (the item left as it is) in
 * {@link #recent}; an item in a newer format stops the operation with an error naming it.
 *
 * <p>Build one per execution environment ({@link #create}) and keep it: the SDK client holds connections.
 */
public final class DynamoDbChangeStore implements ChangeStore, AutoCloseable {

    /** Exactly the DynamoDB actions this store calls; template.yaml grants these and no others on the table. */
    public static final List<String> IAM_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:Query");

    public static final String BY_TARGET = "byTarget";
    public static final String BY_TIME = "byTime";

    static final String CHANGE_ID = "changeId";
    static final String FORMAT = "v";
    static final String TARGET = "target";
    static final String CREATED_AT = "createdAt";
    static final String FEED = "feed";
    static final String FEED_VALUE = "changes";
    static final String PROPOSAL = "proposal";
    static final String STATE = "state";
    static final String VERSION = "version";
    static final String HISTORY = "history";
    static final String RESULT = "result";
    static final String CHANNEL = "channel";
    static final String TS = "ts";
    static final String EXPIRES_AT = "expiresAt";
    static final int ITEM_FORMAT = 1;

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final String table;
    private final Duration retention;
    private final Consumer<String> warnings;

    DynamoDbChangeStore(DynamoDbClient client, boolean ownsClient, String table, Duration retention,
                        Consumer<String> warnings) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.table = DynamoDbTables.checkName(table);
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("change retention must be positive, not " + retention);
        }
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** A store on a client the caller built and keeps (not closed by {@link #close()}), default retention. */
    public static DynamoDbChangeStore using(DynamoDbClient client, String tableName, Consumer<String> warnings) {
        return using(client, tableName, DEFAULT_RETENTION, warnings);
    }

    /** A store on a client the caller built and keeps, keeping changes for {@code retention} after creation. */
    public static DynamoDbChangeStore using(DynamoDbClient client, String tableName, Duration retention,
                                            Consumer<String> warnings) {
        return new DynamoDbChangeStore(client, false, tableName, retention, warnings);
    }

    /**
     * A store with an SDK client of its own: the URL-connection HTTP client, region from {@code AWS_REGION} (which
     * Lambda sets), credentials from the default chain; {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL}
     * point it at DynamoDB Local or another stand-in.
     */
    public static DynamoDbChangeStore create(String tableName, Duration retention, Map<String, String> env,
                                             Consumer<String> warnings) {
        DynamoDbClient client = DynamoDbTables.client("changes", tableName, env);
        return new DynamoDbChangeStore(client, true, tableName, retention, warnings);
    }

    /**
     * Creates the table as described above (key, both indexes, on-demand billing, TTL on expiresAt) and waits until it
     * is active.
     */
    public static void createTable(DynamoDbClient client, String tableName) {
        DynamoDbTables.create(client, tableName, EXPIRES_AT, b -> b
                .attributeDefinitions(
                        attribute(CHANGE_ID, ScalarAttributeType.S), attribute(TARGET, ScalarAttributeType.S),
                        attribute(FEED, ScalarAttributeType.S), attribute(CREATED_AT, ScalarAttributeType.N))
                .keySchema(key(CHANGE_ID, KeyType.HASH))
                .globalSecondaryIndexes(index(BY_TARGET, TARGET), index(BY_TIME, FEED)));
    }

    private static GlobalSecondaryIndex index(String name, String partition) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(key(partition, KeyType.HASH), key(CREATED_AT, KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build();
    }

    public String table() {
        return table;
    }

    @Override
    public void create(Change change) {
        Objects.requireNonNull(change, "change");
        try {
            client.putItem(b -> b.tableName(table).item(item(change))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", CHANGE_ID)));
        } catch (ConditionalCheckFailedException e) {
            throw new DuplicateChangeException("change " + change.id() + " already exists in DynamoDB table " + table
                    + "; nothing was overwritten");
        } catch (SdkException e) {
            throw new ChangeStoreException("cannot store change " + change.id() + " in DynamoDB table " + table + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Change> find(ChangeId id) {
        Objects.requireNonNull(id, "id");
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(b -> b.tableName(table).consistentRead(true).key(keyOf(id))).item();
        } catch (SdkException e) {
            throw new ChangeStoreException("cannot read change " + id + " from DynamoDB table " + table + ": "
                    + e.getMessage(), e);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(readOrFail(item));
    }

    @Override
    public TransitionOutcome transition(ChangeId id, long expectedVersion, ChangeState to, String actor, Instant at,
                                        String note, ChangeOutcome result) {
        Optional<Change> stored = find(id);
        if (stored.isEmpty()) {
            return new TransitionOutcome.Missing(id);
        }
        Change current = stored.get();
        if (current.version() != expectedVersion) {
            return new TransitionOutcome.Conflict(current);
        }
        Change next = current.transitionTo(to, actor, at, note, result);
        Map<String, String> names = new HashMap<>(Map.of("#s", STATE, "#v", VERSION, "#h", HISTORY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":state", AttributeValue.fromS(to.name()),
                ":expected", number(expectedVersion),
                ":next", number(next.version()),
                ":t", AttributeValue.fromL(List.of(transition(next.history().getLast())))));
        String update = "SET #s = :state, #v = :next, #h = list_append(#h, :t)";
        if (result != null) {
            names.put("#r", RESULT);
            values.put(":result", AttributeValue.fromS(ChangeJson.text(ChangeJson.result(result))));
            update += ", #r = :result";
        }
        try {
            client.updateItem(UpdateItemRequest.builder().tableName(table).key(keyOf(id))
                    .updateExpression(update)
                    .conditionExpression("#v = :expected")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
        } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && !e.item().isEmpty()) {
                return new TransitionOutcome.Conflict(readOrFail(e.item()));
            }
            return find(id).<TransitionOutcome>map(TransitionOutcome.Conflict::new)
                    .orElseGet(() -> new TransitionOutcome.Missing(id));
        } catch (SdkException e) {
            throw new ChangeStoreException("cannot move change " + id + " to " + to + " in DynamoDB table " + table
                    + ": " + e.getMessage(), e);
        }
        return new TransitionOutcome.Done(next);
    }

    @Override
    public Change setApprovalMessage(ChangeId id, PostedMessage message) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        try {
            Map<String, AttributeValue> item = client.updateItem(b -> b.tableName(table).key(keyOf(id))
                    .updateExpression("SET #c = :c, #ts = :ts")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#c", CHANNEL, "#ts", TS, "#id", CHANGE_ID))
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(message.channel()),
                            ":ts", AttributeValue.fromS(message.ts())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return readOrFail(item);
        } catch (ConditionalCheckFailedException e) {
            throw new ChangeStoreException("cannot record the approval message of " + id + ": there is no change " + id
                    + " in DynamoDB table " + table);
        } catch (SdkException e) {
            throw new ChangeStoreException("cannot record the approval message of " + id + " in DynamoDB table "
                    + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Change> recent(Optional<String> target, int limit) {
        Objects.requireNonNull(target, "target");
        if (limit < 1) {
            throw new IllegalArgumentException("a list of recent changes needs a limit of at least 1, not " + limit);
        }
        String index = target.isPresent() ? BY_TARGET : BY_TIME;
        AttributeValue partition = AttributeValue.fromS(target.orElse(FEED_VALUE));
        List<Change> changes = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(index)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", target.isPresent() ? TARGET : FEED))
                        .expressionAttributeValues(Map.of(":p", partition))
                        .scanIndexForward(false)
                        .limit(limit - changes.size());
                if (startKey != null) {
                    q.exclusiveStartKey(startKey);
                }
                QueryResponse page = client.query(q.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    try {
                        changes.add(read(item));
                    } catch (UnreadableItem e) {
                        warnings.accept(e.getMessage() + "; the item is left as it is and not listed");
                    }
                }
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (startKey != null && changes.size() < limit);
        } catch (SdkException e) {
            throw new ChangeStoreException("cannot list the recent changes" + target.map(t -> " of " + t).orElse("")
                    + " in DynamoDB table " + table + ": " + e.getMessage(), e);
        }
        return List.copyOf(changes);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    // ---- items ----------------------------------------------------------------------------------------------------

    private static Map<String, AttributeValue> keyOf(ChangeId id) {
        return Map.of(CHANGE_ID, AttributeValue.fromS(id.value()));
    }

    private Map<String, AttributeValue> item(Change c) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(c.id()));
        item.put(FORMAT, number(ITEM_FORMAT));
        item.put(TARGET, AttributeValue.fromS(c.target()));
        item.put(CREATED_AT, number(c.createdAt().toEpochMilli()));
        item.put(FEED, AttributeValue.fromS(FEED_VALUE));
        item.put(PROPOSAL, AttributeValue.fromS(ChangeJson.text(ChangeJson.proposal(c))));
        item.put(STATE, AttributeValue.fromS(c.state().name()));
        item.put(VERSION, number(c.version()));
        item.put(HISTORY, AttributeValue.fromL(c.history().stream().map(DynamoDbChangeStore::transition).toList()));
        if (c.result() != null) {
            item.put(RESULT, AttributeValue.fromS(ChangeJson.text(ChangeJson.result(c.result()))));
        }
        if (c.approvalMessage() != null) {
            item.put(CHANNEL, AttributeValue.fromS(c.approvalMessage().channel()));
            item.put(TS, AttributeValue.fromS(c.approvalMessage().ts()));
        }
        item.put(EXPIRES_AT, number(c.createdAt().plus(retention).getEpochSecond()));
        return item;
    }

    private static AttributeValue transition(Transition t) {
        return AttributeValue.fromM(Map.of(
                "from", AttributeValue.fromS(t.from().name()),
                "to", AttributeValue.fromS(t.to().name()),
                "actor", AttributeValue.fromS(t.actor()),
                "at", number(t.at().toEpochMilli()),
                "note", AttributeValue.fromS(t.note())));
    }

    /** An item this version cannot read: named, with what is wrong. */
    private static final class UnreadableItem extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableItem(String message) {
            super(message);
        }
    }

    private Change readOrFail(Map<String, AttributeValue> item) {
        try {
            return read(item);
        } catch (UnreadableItem e) {
            throw new ChangeStoreException(e.getMessage() + "; the item is left as it is");
        }
    }

    private Change read(Map<String, AttributeValue> item) throws UnreadableItem {
        String id = item.get(CHANGE_ID) == null ? "?" : item.get(CHANGE_ID).s();
        String where = "DynamoDB table " + table + " item " + id;
        try {
            long format = longValue(item, FORMAT);
            if (format > ITEM_FORMAT) {
                throw new ChangeStoreException(where + " is in format " + format + "; this Ghostwatch reads format "
                        + ITEM_FORMAT + " (upgrade Ghostwatch)");
            }
            if (format != ITEM_FORMAT) {
                throw new IllegalArgumentException("unknown format " + format);
            }
            JsonNode proposalJson = ChangeJson.tree(string(item, PROPOSAL).getBytes(UTF_8));
            Change p = ChangeJson.parseProposal(proposalJson);
            if (!p.id().value().equals(id)) {
                throw new IllegalArgumentException("its proposal is change " + p.id());
            }
            List<Transition> history = new ArrayList<>();
            AttributeValue h = item.get(HISTORY);
            if (h == null || !h.hasL()) {
                throw new IllegalArgumentException("no list attribute " + HISTORY);
            }
            for (AttributeValue t : h.l()) {
                if (!t.hasM()) {
                    throw new IllegalArgumentException("a history entry is not a map");
                }
                Map<String, AttributeValue> m = t.m();
                history.add(new Transition(ChangeState.parse(string(m, "from")), ChangeState.parse(string(m, "to")),
                        string(m, "actor"), Instant.ofEpochMilli(longValue(m, "at")), string(m, "note")));
            }
            String channel = optionalString(item, CHANNEL);
            String ts = optionalString(item, TS);
            if ((channel == null) != (ts == null)) {
                throw new IllegalArgumentException("channel and ts go together");
            }
            String result = optionalString(item, RESULT);
            return new Change(p.id(), p.target(), p.action(), p.scope(), p.reason(), p.requester(),
                    p.createdAt(), p.expiresAt(), ChangeState.parse(string(item, STATE)), longValue(item, VERSION),
                    channel == null ? null : new PostedMessage(channel, ts),
                    result == null ? null : ChangeJson.parseResult(ChangeJson.tree(result.getBytes(UTF_8))), history);
        } catch (NewerFormatException e) {
            throw new ChangeStoreException(where + ": its proposal is in " + e.getMessage());
        } catch (InvalidRecordException | IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new UnreadableItem(where + " cannot be read: " + e.getMessage());
        }
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
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

}
