package io.ghostwatch.core.history;

import java.time.Instant;
import java.util.List;

/**
 * Run by DynamoDbSampleStoreIT in a separate JVM whose environment points the SDK at DynamoDB Local: builds the
 * store with the public factory exactly as a Lambda handler would, appends one sample and prints
 * "history N" for what it reads back.
 *
 * <p>Argument: TABLE
 */
public final class DynamoDbFactoryMain {

    private DynamoDbFactoryMain() {
    }

    public static void main(String[] args) {
        try (DynamoDbSampleStore store = DynamoDbSampleStore.create(args[0], System.getenv())) {
            store.append(List.of(new ServerSample("factory", "127.0.0.1:6379", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    3, 10_000, 0, 3, List.of())));
            System.out.println("history " + store.history("factory", "127.0.0.1:6379", Instant.EPOCH).size());
        }
    }
}
