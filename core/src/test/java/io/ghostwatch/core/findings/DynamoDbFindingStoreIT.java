package io.ghostwatch.core.findings;

import static io.ghostwatch.core.findings.Runs.BIND;
import static io.ghostwatch.core.findings.Runs.NODE;
import static io.ghostwatch.core.findings.Runs.T0;
import static io.ghostwatch.core.findings.Runs.TIMEOUT;
import static io.ghostwatch.core.findings.Runs.fail;
import static io.ghostwatch.core.findings.Runs.hours;
import static io.ghostwatch.core.findings.Runs.key;
import static io.ghostwatch.core.findings.Runs.pass;
import static io.ghostwatch.core.findings.Runs.run;
import static io.ghostwatch.core.findings.Runs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.RecordingDynamoDbClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * {@link DynamoDbFindingStore} against DynamoDB Local in this JVM, over HTTP with the real SDK client: the contract,
 * then the table design, the conditional writes (another writer winning a race), unreadable items and the factory.
 * Each test gets a table of its own.
 */
class DynamoDbFindingStoreIT extends FindingStoreContract {

    @RegisterExtension
    static final DynamoDbLocal.PerClass DYNAMO = DynamoDbLocal.perClass();

    private final DynamoDbClient client = DYNAMO.client();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    /** This test's own table. */
    private final String table = DYNAMO.newTable("ghostwatch-findings", DynamoDbFindingStore::createTable);

    @Override
    protected DynamoDbFindingStore store() {
        return DynamoDbFindingStore.using(client, table, warnings::add);
    }

    @Override
    protected FindingStore anotherStore() {
        return DynamoDbFindingStore.using(client, table, warnings::add);
    }

    private Map<String, AttributeValue> rawItem(String target, String finding) {
        return client.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                "target", AttributeValue.fromS(target), "finding", AttributeValue.fromS(finding)))).item();
    }

    // ---- table design ---------------------------------------------------------------------------------------------

    @Test
    void theTableIsKeyedByTargetAndFindingOnDemandWithTtl() {
        TableDescription t = client.describeTable(b -> b.tableName(table)).table();
        assertThat(t.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("target:" + KeyType.HASH, "finding:" + KeyType.RANGE);
        assertThat(t.attributeDefinitions()).allSatisfy(a -> assertThat(a.attributeType()).isEqualTo(ScalarAttributeType.S));
        assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription())
                .satisfies(d -> {
                    assertThat(d.attributeName()).isEqualTo("expiresAt");
                    assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                });
    }

    @Test
    void anItemHoldsTheRecordAndExpiresOnlyOnceResolved() {
        store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        store().recordReported(T0, Map.of(key(LAB, TIMEOUT), Status.OPEN), new PostedMessage("C0GHOSTW1", "1795.0001"));
        Map<String, AttributeValue> open = rawItem(LAB, NODE + "/" + TIMEOUT);
        assertThat(open.get("v").n()).isEqualTo("1");
        assertThat(open.get("status").s()).isEqualTo("open");
        assertThat(open.get("severity").s()).isEqualTo("HIGH");
        assertThat(open.get("firstSeen").n()).isEqualTo(Long.toString(T0.toEpochMilli()));
        assertThat(open.get("reported").s()).isEqualTo("open");
        assertThat(open.get("channel").s()).isEqualTo("C0GHOSTW1");
        assertThat(open.get("ts").s()).isEqualTo("1795.0001");
        assertThat(open.get("version").n()).isEqualTo("2");
        assertThat(open).doesNotContainKeys("expiresAt", "resolvedAt");

        store().record(run(hours(1), target(LAB, pass(TIMEOUT))));
        Map<String, AttributeValue> resolved = rawItem(LAB, NODE + "/" + TIMEOUT);
        assertThat(resolved.get("status").s()).isEqualTo("resolved");
        assertThat(resolved.get("expiresAt").n())
                .isEqualTo(Long.toString(hours(1).plus(Duration.ofDays(90)).getEpochSecond()));

        store().record(run(hours(2), target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        assertThat(rawItem(LAB, NODE + "/" + TIMEOUT)).as("open again: never expires").doesNotContainKey("expiresAt");
    }

    @Test
    void theStoreCallsExactlyTheActionsItDeclares() {
        RecordingDynamoDbClient recording = new RecordingDynamoDbClient(client);
        DynamoDbFindingStore store = DynamoDbFindingStore.using(recording, table, warnings::add);
        store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad")), target("lab-2", fail(BIND, Severity.LOW, "x"))));
        store.recordReported(T0, Map.of(key(LAB, TIMEOUT), Status.OPEN), new PostedMessage("C0GHOSTW1", "1.1"));
        store.find(key(LAB, TIMEOUT));
        store.findings(List.of(LAB));
        recording.beforeNextPut(c -> DynamoDbFindingStore.using(c, table, warnings::add)
                .record(run(hours(2), target(LAB, fail(TIMEOUT, Severity.HIGH, "newer")))));
        store.record(run(hours(1), target(LAB, pass(TIMEOUT))));

        assertThat(new java.util.TreeSet<>(recording.actions())).containsExactlyElementsOf(DynamoDbFindingStore.IAM_ACTIONS);
    }

    // ---- conditional writes ---------------------------------------------------------------------------------------

    @Test
    void aNewerRunThatWinsTheRaceIsNotOverwritten() {
        store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        RecordingDynamoDbClient racing = new RecordingDynamoDbClient(client);
        // between this store's read and its write, a run from hour 2 records the finding as still failing
        racing.beforeNextPut(c -> DynamoDbFindingStore.using(c, table, warnings::add)
                .record(run(hours(2), target(LAB, fail(TIMEOUT, Severity.CRITICAL, "newer")))));

        List<FindingRecord> after = DynamoDbFindingStore.using(racing, table, warnings::add)
                .record(run(hours(1), target(LAB, pass(TIMEOUT))));

        FindingRecord r = store().find(key(LAB, TIMEOUT)).orElseThrow();
        assertThat(r.status()).as("the hour-1 run's pass must not overwrite hour 2's failure").isEqualTo(Status.OPEN);
        assertThat(r.detail()).isEqualTo("newer");
        assertThat(r.version()).isEqualTo(2);
        assertThat(after).containsExactly(r);
        assertThat(racing.actions()).containsSubsequence("dynamodb:PutItem", "dynamodb:GetItem");
    }

    @Test
    void aConcurrentDigestRecordIsKeptWhenTheRunIsReapplied() {
        store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        RecordingDynamoDbClient racing = new RecordingDynamoDbClient(client);
        PostedMessage digest = new PostedMessage("C0GHOSTW1", "1795.0001");
        racing.beforeNextPut(c -> DynamoDbFindingStore.using(c, table, warnings::add)
                .recordReported(T0, Map.of(key(LAB, TIMEOUT), Status.OPEN), digest));

        DynamoDbFindingStore.using(racing, table, warnings::add).record(run(hours(1), target(LAB, pass(TIMEOUT))));

        FindingRecord r = store().find(key(LAB, TIMEOUT)).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.RESOLVED);
        assertThat(r.reported()).isEqualTo(Status.OPEN);
        assertThat(r.postedIn()).isEqualTo(digest);
        assertThat(r.version()).isEqualTo(3);
    }

    @Test
    void twoFirstWritersOfOneFindingDoNotOverwriteEachOther() {
        RecordingDynamoDbClient racing = new RecordingDynamoDbClient(client);
        racing.beforeNextPut(c -> DynamoDbFindingStore.using(c, table, warnings::add)
                .record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "earlier")))));

        DynamoDbFindingStore.using(racing, table, warnings::add)
                .record(run(hours(1), target(LAB, fail(TIMEOUT, Severity.LOW, "later"))));

        FindingRecord r = store().find(key(LAB, TIMEOUT)).orElseThrow();
        assertThat(r.firstSeen()).isEqualTo(T0);
        assertThat(r.lastSeen()).isEqualTo(hours(1));
        assertThat(r.detail()).isEqualTo("later");
    }

    // ---- damage and failures --------------------------------------------------------------------------------------

    @Test
    void anUnreadableItemIsNamedIgnoredAndLeftAsItIs() {
        store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), fail(BIND, Severity.LOW, "x"))));
        Map<String, AttributeValue> broken = new HashMap<>(rawItem(LAB, NODE + "/" + TIMEOUT));
        broken.put("severity", AttributeValue.fromS("APOCALYPTIC"));
        client.putItem(b -> b.tableName(table).item(broken));

        assertThat(store().findings(List.of(LAB))).extracting(FindingRecord::key).containsExactly(key(LAB, BIND));
        assertThat(warnings).singleElement().asString()
                .contains("DynamoDB table " + table + " item lab-1/" + NODE + "/" + TIMEOUT + " cannot be read")
                .contains("APOCALYPTIC").contains("left as it is");

        warnings.clear();
        store().record(run(hours(1), target(LAB, pass(TIMEOUT), fail(BIND, Severity.LOW, "x"))));
        assertThat(rawItem(LAB, NODE + "/" + TIMEOUT)).isEqualTo(broken);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("finding " + key(LAB, TIMEOUT) + " was not updated"));
    }

    @Test
    void anItemFromANewerGhostwatchStopsTheRead() {
        store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        Map<String, AttributeValue> newer = new HashMap<>(rawItem(LAB, NODE + "/" + TIMEOUT));
        newer.put("v", AttributeValue.fromN("2"));
        client.putItem(b -> b.tableName(table).item(newer));

        assertThatThrownBy(() -> store().findings(List.of(LAB))).isInstanceOf(FindingStoreException.class)
                .hasMessageContaining("item lab-1/" + NODE + "/" + TIMEOUT + " is in format 2")
                .hasMessageContaining("upgrade Ghostwatch");
        assertThatThrownBy(() -> store().find(key(LAB, TIMEOUT))).isInstanceOf(FindingStoreException.class);
    }

    @Test
    void serviceErrorsNameTheTable() {
        DynamoDbFindingStore missing = DynamoDbFindingStore.using(client, "no-such-table", warnings::add);
        assertThatThrownBy(() -> missing.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad")))))
                .isInstanceOf(FindingStoreException.class)
                .hasMessageContaining("cannot read the findings of 1 of 1 target(s) from DynamoDB table no-such-table");
        assertThatThrownBy(() -> missing.find(key(LAB, TIMEOUT))).isInstanceOf(FindingStoreException.class)
                .hasMessageContaining("cannot read finding " + key(LAB, TIMEOUT) + " from DynamoDB table no-such-table");
    }

    @Test
    void theFactoryNeedsARegionAndATableName() {
        assertThatThrownBy(() -> DynamoDbFindingStore.create("ghostwatch-findings", Map.of(), warnings::add))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AWS_REGION is not set")
                .hasMessageContaining("ghostwatch-findings");
        assertThatThrownBy(() -> DynamoDbFindingStore.create("no", Map.of("AWS_REGION", "us-east-1"), warnings::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no' is not a DynamoDB table name");
    }
}
