package io.ghostwatch.core.change;

import java.util.List;
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
 * A DynamoDB client that passes the four calls the change store may make (GetItem, PutItem, UpdateItem, Query) to a
 * real client and records them as IAM action names; any other call fails, as it would under the template's policy.
 * It can also run something just before the next UpdateItem, to make another writer win a race deterministically.
 */
final class RecordingDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private volatile Consumer<DynamoDbClient> beforeNextUpdate;

    RecordingDynamoDbClient(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    List<String> actions() {
        return List.copyOf(actions);
    }

    /** Runs {@code interference} (with the real client) once, just before the next UpdateItem goes out. */
    void beforeNextUpdate(Consumer<DynamoDbClient> interference) {
        beforeNextUpdate = interference;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        actions.add("dynamodb:GetItem");
        return delegate.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        actions.add("dynamodb:PutItem");
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        actions.add("dynamodb:UpdateItem");
        Consumer<DynamoDbClient> interference = beforeNextUpdate;
        if (interference != null) {
            beforeNextUpdate = null;
            interference.accept(delegate);
        }
        return delegate.updateItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        actions.add("dynamodb:Query");
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
