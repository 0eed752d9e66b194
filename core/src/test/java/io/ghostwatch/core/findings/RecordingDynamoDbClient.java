package io.ghostwatch.core.findings;

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

/**
 * A DynamoDB client that passes the three calls the finding store may make (Query, GetItem, PutItem) to a real client
 * and records them as IAM action names; any other call fails, as it would under the template's policy. It can also
 * run something just before the next PutItem, to make another writer win a race deterministically.
 */
final class RecordingDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private volatile Consumer<DynamoDbClient> beforeNextPut;

    RecordingDynamoDbClient(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    List<String> actions() {
        return List.copyOf(actions);
    }

    /** Runs {@code interference} (with the real client) once, just before the next PutItem goes out. */
    void beforeNextPut(Consumer<DynamoDbClient> interference) {
        beforeNextPut = interference;
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        actions.add("dynamodb:Query");
        return delegate.query(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        actions.add("dynamodb:GetItem");
        return delegate.getItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        actions.add("dynamodb:PutItem");
        Consumer<DynamoDbClient> interference = beforeNextPut;
        if (interference != null) {
            beforeNextPut = null;
            interference.accept(delegate);
        }
        return delegate.putItem(request);
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
