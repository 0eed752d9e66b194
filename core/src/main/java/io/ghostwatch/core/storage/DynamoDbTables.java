package io.ghostwatch.core.storage;

import io.ghostwatch.core.render.SafeText;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What the DynamoDB stores (samples, findings, changes) share: the table-name check, the SDK client they build for
 * themselves, and creating a table (for tests and local set-ups; in AWS template.yaml declares them).
 */
public final class DynamoDbTables {

    private DynamoDbTables() {
    }

    /** The name, if DynamoDB accepts it (3-255 of letters, digits and {@code _ - .}). */
    public static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("'" + (name == null ? "null" : SafeText.terminal(name))
                    + "' is not a DynamoDB table name (3-255 of letters, digits and _ - .)");
        }
        return name;
    }

    /**
     * An SDK client of the store's own: the URL-connection HTTP client, region from {@code AWS_REGION} (which Lambda
     * sets), credentials from the default chain. The SDK's endpoint settings apply, so {@code AWS_ENDPOINT_URL_DYNAMODB}
     * or {@code AWS_ENDPOINT_URL} point it at DynamoDB Local or another stand-in.
     *
     * @param what what the table holds, for the error ("history", "findings", "changes")
     */
    public static DynamoDbClient client(String what, String tableName, Map<String, String> env) {
        checkName(tableName);
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: the DynamoDB " + what + " table '" + tableName
                    + "' needs a region (Lambda sets AWS_REGION; elsewhere export AWS_REGION=us-east-1 or similar)");
        }
        return DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region.strip()))
                .build();
    }

    /**
     * Creates an on-demand table with {@code schema} (attributes, keys, indexes), waits until it is active, and turns
     * on TTL on {@code ttlAttribute}.
     */
    public static void create(DynamoDbClient client, String tableName, String ttlAttribute,
                              Consumer<CreateTableRequest.Builder> schema) {
        checkName(tableName);
        client.createTable(b -> schema.accept(b.tableName(tableName).billingMode(BillingMode.PAY_PER_REQUEST)));
        client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        client.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(ttlAttribute).enabled(true)));
    }

    public static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    public static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
