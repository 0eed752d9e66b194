package io.ghostwatch.core.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client that passes the item calls the finding and change stores make (GetItem, PutItem, UpdateItem,
 * Query) to a real client and records them as IAM action names, so a test can hold a store to the actions it
 * declares; any other call fails, as it would under the template's policy. It can also run something just before
 * the next call of an action, to make another writer win a race deterministically.
 */
public final class RecordingDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<DynamoDbClient>> beforeNext = new ConcurrentHashMap<>();

    public RecordingDynamoDbClient(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    public List<String> actions() {
        return List.copyOf(actions);
    }

    /** Runs {@code interference} (with the real client) once, just before the next PutItem goes out. */
    public void beforeNextPut(Consumer<DynamoDbClient> interference) {
        beforeNext.put("dynamodb:PutItem", interference);
    }

    /** Runs {@code interference} (with the real client) once, just before the next UpdateItem goes out. */
    public void beforeNextUpdate(Consumer<DynamoDbClient> interference) {
        beforeNext.put("dynamodb:UpdateItem", interference);
    }

    private void call(String action) {
        actions.add(action);
        Consumer<DynamoDbClient> interference = beforeNext.remove(action);
        if (interference != null) {
            interference.accept(delegate);
        }
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        call("dynamodb:GetItem");
        return delegate.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        call("dynamodb:PutItem");
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        call("dynamodb:UpdateItem");
        return delegate.updateItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        call("dynamodb:Query");
        return delegate.query(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the delegate belongs to the test
    }
}
