package io.ghostwatch.core.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.history.ServerSample.AddressSample;
import io.ghostwatch.core.testing.ChildJvm;
import io.ghostwatch.core.testing.DynamoDbLocal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * {@link DynamoDbSampleStore} against DynamoDB Local running in this JVM (see {@link DynamoDbLocal}), over
 * HTTP with the real SDK client: the contract, then the table design, batching, paging, retries of
 * unprocessed items, item limits and the public factory. Each test gets a table of its own.
 */
class DynamoDbSampleStoreIT extends SampleStoreContract {

    /** Quick retries so exhausting them takes milliseconds. */
    private static final DynamoDbSampleStore.Retry FAST = new DynamoDbSampleStore.Retry(4, Duration.ofMillis(1),
            Duration.ofMillis(5));

    @RegisterExtension
    static final DynamoDbLocal.PerClass DYNAMO = DynamoDbLocal.perClass();

    private final DynamoDbClient client = DYNAMO.client();

    /** This test's own table. */
    private final String table = DYNAMO.newTable("ghostwatch-history", DynamoDbSampleStore::createTable);

    @Override
    protected DynamoDbSampleStore store() {
        return new DynamoDbSampleStore(client, table, DynamoDbSampleStore.DEFAULT_RETENTION, FAST, null);
    }

    private DynamoDbSampleStore storeVia(UnprocessedItemsProxy proxy, Integer pageSize) {
        return new DynamoDbSampleStore(DynamoDbLocal.clientFor(proxy.endpoint()), table,
                DynamoDbSampleStore.DEFAULT_RETENTION, FAST, pageSize);
    }

    private static List<ServerSample> samples(int n) {
        List<ServerSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sample(T0.plusSeconds(60L * i), i));
        }
        return out;
    }

    private Map<String, AttributeValue> rawItem(String series, Instant time) {
        return client.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                "series", AttributeValue.fromS(series),
                "ts", AttributeValue.fromN(Long.toString(time.toEpochMilli()))))).item();
    }

    // ---- table --------------------------------------------------------------------------------------------------

    @Test
    void createTableMakesTheTableTemplateYamlDeclares() {
        TableDescription t = client.describeTable(b -> b.tableName(table)).table();
        assertThat(t.keySchema()).extracting(k -> k.attributeName() + " " + k.keyType())
                .containsExactly("series " + KeyType.HASH, "ts " + KeyType.RANGE);
        assertThat(t.attributeDefinitions()).extracting(a -> a.attributeName() + " " + a.attributeType())
                .containsExactlyInAnyOrder("series " + ScalarAttributeType.S, "ts " + ScalarAttributeType.N);
        assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        TimeToLiveDescription ttl = client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void anItemHoldsTheSampleCompactlyWithItsExpiry() {
        store().append(List.of(sample(T0.plusMillis(250), 12, new AddressSample("10.0.0.9", 40, 3, 1, 86_400),
                new AddressSample("2001:db8::7", 2, 0, 0, 5))));

        Map<String, AttributeValue> item = rawItem(TARGET + "/" + NODE, T0.plusMillis(250));
        assertThat(item).containsOnlyKeys("series", "ts", "expiresAt", "v", "connectedClients", "maxclients",
                "rejectedConnections", "totalConnectionsReceived", "census");
        assertThat(item.get("series").s()).isEqualTo("orders-cache/10.0.0.5:6379");
        assertThat(item.get("ts").n()).isEqualTo(Long.toString(T0.toEpochMilli() + 250));
        assertThat(item.get("expiresAt").n())
                .isEqualTo(Long.toString(T0.plus(Duration.ofDays(30)).getEpochSecond()));
        assertThat(item.get("v").n()).isEqualTo("1");
        assertThat(item.get("connectedClients").n()).isEqualTo("12");
        assertThat(item.get("census").s()).isEqualTo("[[\"10.0.0.9\",40,3,1,86400],[\"2001:db8::7\",2,0,0,5]]");
    }

    @Test
    void theExpiryFollowsTheRetention() {
        new DynamoDbSampleStore(client, table, Duration.ofDays(7), FAST, null).append(List.of(sample(T0, 1)));
        assertThat(rawItem(TARGET + "/" + NODE, T0).get("expiresAt").n())
                .isEqualTo(Long.toString(T0.getEpochSecond() + 7 * 86_400));
    }

    // ---- batching and paging ------------------------------------------------------------------------------------

    @Test
    void writesInBatchesOf25() throws IOException {
        try (UnprocessedItemsProxy proxy = UnprocessedItemsProxy.start(DYNAMO.endpoint())) {
            storeVia(proxy, null).append(samples(60));
            assertThat(proxy.calls("BatchWriteItem")).isEqualTo(3);
        }
        assertThat(store().history(TARGET, NODE, Instant.EPOCH)).hasSize(60);
    }

    @Test
    void historyFollowsEveryPage() throws IOException {
        List<ServerSample> samples = samples(10);
        store().append(samples);
        try (UnprocessedItemsProxy proxy = UnprocessedItemsProxy.start(DYNAMO.endpoint())) {
            assertThat(storeVia(proxy, 4).history(TARGET, NODE, Instant.EPOCH)).containsExactlyElementsOf(samples);
            assertThat(proxy.calls("Query")).as("pages of 4").isGreaterThanOrEqualTo(3);
        }
        try (UnprocessedItemsProxy proxy = UnprocessedItemsProxy.start(DYNAMO.endpoint())) {
            assertThat(storeVia(proxy, 4).history(TARGET, NODE, samples.get(7).time()))
                    .containsExactlyElementsOf(samples.subList(7, 10));
        }
    }

    // ---- unprocessed items --------------------------------------------------------------------------------------

    @Test
    void unprocessedItemsAreRetriedUntilStored() throws IOException {
        try (UnprocessedItemsProxy proxy = UnprocessedItemsProxy.start(DYNAMO.endpoint())) {
            proxy.processing(call -> call <= 3 ? 1 : UnprocessedItemsProxy.ALL); // throttled for three calls
            storeVia(proxy, null).append(samples(30));
            assertThat(proxy.calls("BatchWriteItem")).as("3 throttled + 1 for the first batch, 1 for the second")
                    .isEqualTo(5);
        }
        assertThat(store().history(TARGET, NODE, Instant.EPOCH)).containsExactlyElementsOf(samples(30));
    }

    @Test
    void samplesStillUnprocessedAfterTheRetriesAreCountedInTheError() throws IOException {
        try (UnprocessedItemsProxy proxy = UnprocessedItemsProxy.start(DYNAMO.endpoint())) {
            proxy.processing(call -> call == 1 ? UnprocessedItemsProxy.ALL : 0); // the first batch only
            DynamoDbSampleStore store = storeVia(proxy, null);
            assertThatThrownBy(() -> store.append(samples(30)))
                    .isInstanceOf(SampleStoreException.class)
                    .hasMessageContaining("5 of 30 samples were not stored in DynamoDB table " + table)
                    .hasMessageContaining("left 5 of them unprocessed after 4 attempts");
            assertThat(proxy.calls("BatchWriteItem")).isEqualTo(1 + 4);
        }
        assertThat(store().history(TARGET, NODE, Instant.EPOCH)).containsExactlyElementsOf(samples(25));
    }

    // ---- item size ----------------------------------------------------------------------------------------------

    private static List<AddressSample> census(int addresses) {
        List<AddressSample> census = new ArrayList<>();
        for (int i = 0; i < addresses; i++) {
            census.add(new AddressSample("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 1 + i % 9,
                    i % 4, i % 2, 100_000L + i));
        }
        return census;
    }

    @Test
    void aCensusNearTheItemLimitIsStored() {
        // as many addresses as the store's size estimate allows: DynamoDB Local (which enforces 400 KB) must agree
        int n = 10_000;
        while (SampleJson.census(census(n + 500)).length() < DynamoDbSampleStore.MAX_ITEM_BYTES - 300) {
            n += 500;
        }
        ServerSample big = sample(TARGET, NODE, T0, 1, census(n).toArray(AddressSample[]::new));
        store().append(List.of(big));
        assertThat(store().history(TARGET, NODE, Instant.EPOCH)).containsExactly(big);
        assertThat(n).as("a census of this many client hosts fits one item").isGreaterThan(12_000);
    }

    @Test
    void aSampleTooLargeForAnItemIsNamedAndTheOthersAreStored() {
        ServerSample huge = sample(TARGET, "10.0.0.6:6379", T0, 1, census(20_000).toArray(AddressSample[]::new));
        assertThatThrownBy(() -> store().append(List.of(sample(T0, 1), huge)))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining("1 of 2 samples were not stored in DynamoDB table " + table)
                .hasMessageContaining("Too large: orders-cache/10.0.0.6:6379 at " + T0)
                .hasMessageContaining("census of 20000 addresses; DynamoDB items hold at most 400 KB");
        assertThat(store().history(TARGET, NODE, Instant.EPOCH)).hasSize(1);
    }

    // ---- failures -----------------------------------------------------------------------------------------------

    @Test
    void serviceErrorsNameTheTableAndTheCount() {
        DynamoDbSampleStore missing = new DynamoDbSampleStore(client, "no-such-table", Duration.ofDays(1), FAST, null);
        assertThatThrownBy(() -> missing.append(samples(30)))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining("30 of 30 samples were not stored in DynamoDB table no-such-table")
                .hasMessageContaining("BatchWriteItem failed");
        assertThatThrownBy(() -> missing.history(TARGET, NODE, T0))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining("cannot read the history of orders-cache/10.0.0.5:6379 from DynamoDB table "
                        + "no-such-table");
    }

    @Test
    void unreadableItemsAreNamed() {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "series", AttributeValue.fromS(TARGET + "/" + NODE), "ts", AttributeValue.fromN("1000"),
                "v", AttributeValue.fromN("2")));
        client.putItem(b -> b.tableName(table).item(item));
        assertThatThrownBy(() -> store().history(TARGET, NODE, Instant.EPOCH))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining("DynamoDB table " + table + " item orders-cache/10.0.0.5:6379 ts 1000 is in format 2")
                .hasMessageContaining("upgrade Ghostwatch");

        store().append(List.of(sample(Instant.ofEpochMilli(1000), 1)));
        client.updateItem(b -> b.tableName(table).key(Map.of("series", item.get("series"), "ts", item.get("ts")))
                .updateExpression("SET census = :c").expressionAttributeValues(Map.of(":c", AttributeValue.fromS("{}"))));
        assertThatThrownBy(() -> store().history(TARGET, NODE, Instant.EPOCH))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining("ts 1000: census is not a JSON array");
    }

    // ---- factory ------------------------------------------------------------------------------------------------

    @Test
    void theFactoryClientFollowsAwsEndpointUrlAndAwsRegion() throws Exception {
        try (UnprocessedItemsProxy proxy = UnprocessedItemsProxy.start(DYNAMO.endpoint())) {
            Map<String, String> env = new HashMap<>();
            env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "fake");
            env.put("AWS_SECRET_ACCESS_KEY", "fake");
            env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
            env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            for (String unset : List.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE", "AWS_SESSION_TOKEN",
                    "AWS_DEFAULT_REGION")) {
                env.put(unset, null);
            }
            Process child = ChildJvm.start(DynamoDbFactoryMain.class, env, table);
            String out = new String(child.getInputStream().readAllBytes(), UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(ChildJvm.stderr(child)).isZero();
            assertThat(out).isEqualTo("history 1\n");
            assertThat(proxy.calls("BatchWriteItem")).as("the child's client used AWS_ENDPOINT_URL").isEqualTo(1);
            assertThat(proxy.calls("Query")).isEqualTo(1);
        }
        assertThat(store().history("factory", "127.0.0.1:6379", Instant.EPOCH)).hasSize(1);
    }

    @Test
    void theFactoryNeedsARegionAndATableName() {
        assertThatThrownBy(() -> DynamoDbSampleStore.create("ghostwatch-history", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_REGION is not set")
                .hasMessageContaining("ghostwatch-history");
        assertThatThrownBy(() -> DynamoDbSampleStore.create("no", Map.of("AWS_REGION", "us-east-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no' is not a DynamoDB table name");
        assertThatThrownBy(() -> DynamoDbSampleStore.createTable(client, "bad name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name' is not a DynamoDB table name");
    }
}
