package io.ghostwatch.core.change;

import static io.ghostwatch.core.change.Changes.APPROVER;
import static io.ghostwatch.core.change.Changes.LAB;
import static io.ghostwatch.core.change.Changes.NODE_A;
import static io.ghostwatch.core.change.Changes.NODE_B;
import static io.ghostwatch.core.change.Changes.T0;
import static io.ghostwatch.core.change.Changes.applied;
import static io.ghostwatch.core.change.Changes.minutes;
import static io.ghostwatch.core.change.Changes.proposed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.RecordingDynamoDbClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * {@link DynamoDbChangeStore} against DynamoDB Local in this JVM, over HTTP with the real SDK client: the contract,
 * then the table design, the raw item (TTL), damaged items and the declared IAM actions. Each test gets a table of
 * its own.
 */
class DynamoDbChangeStoreIT extends ChangeStoreContract {

    @RegisterExtension
    static final DynamoDbLocal.PerClass DYNAMO = DynamoDbLocal.perClass();

    private final DynamoDbClient client = DYNAMO.client();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    /** This test's own table. */
    private final String table = DYNAMO.newTable("ghostwatch-changes", DynamoDbChangeStore::createTable);

    @Override
    protected DynamoDbChangeStore store() {
        return DynamoDbChangeStore.using(client, table, warnings::add);
    }

    @Override
    protected ChangeStore anotherStore() {
        return DynamoDbChangeStore.using(client, table, warnings::add);
    }

    private Map<String, AttributeValue> rawItem(ChangeId id) {
        return client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("changeId", AttributeValue.fromS(id.value())))).item();
    }

    // ---- table design ---------------------------------------------------------------------------------------------

    @Test
    void theTableIsKeyedByChangeIdWithTwoIndexesOnDemandAndTtl() {
        TableDescription t = client.describeTable(b -> b.tableName(table)).table();
        assertThat(t.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("changeId:" + KeyType.HASH);
        assertThat(t.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeType())
                .containsExactlyInAnyOrder("changeId:S", "target:S", "feed:S", "createdAt:N");
        assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(t.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("byTarget", "byTime");
        for (GlobalSecondaryIndexDescription index : t.globalSecondaryIndexes()) {
            assertThat(index.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                    .containsExactly((index.indexName().equals("byTarget") ? "target" : "feed") + ":" + KeyType.HASH,
                            "createdAt:" + KeyType.RANGE);
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
        }
        assertThat(client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription()).satisfies(d -> {
            assertThat(d.attributeName()).isEqualTo("expiresAt");
            assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        });
    }

    @Test
    void theItemExpiresTheRetentionAfterCreationAndKeepsItsAttributesReadable() {
        Change c = proposed(LAB, T0.plusMillis(250));
        store().create(c);
        Map<String, AttributeValue> created = rawItem(c.id());
        assertThat(created.get("v").n()).isEqualTo("1");
        assertThat(created.get("target").s()).isEqualTo(LAB);
        assertThat(created.get("feed").s()).isEqualTo("changes");
        assertThat(created.get("createdAt").n()).isEqualTo(Long.toString(T0.toEpochMilli() + 250));
        assertThat(created.get("expiresAt").n()).as("TTL: createdAt + 400 days, in epoch seconds")
                .isEqualTo(Long.toString(T0.plus(Duration.ofDays(400)).getEpochSecond()));
        assertThat(created.get("state").s()).isEqualTo("PROPOSED");
        assertThat(created.get("version").n()).isEqualTo("1");
        assertThat(created.get("history").l()).isEmpty();
        assertThat(created.get("proposal").s()).contains("\"expiresAt\":\"" + minutes(30).plusMillis(250) + "\"");
        assertThat(created).doesNotContainKeys("result", "channel", "ts");

        store().transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), "ok");
        store().setApprovalMessage(c.id(), MESSAGE);
        store().transition(c.id(), 2, ChangeState.APPLYING, Transition.GHOSTWATCH, minutes(2), "");
        store().transition(c.id(), 3, ChangeState.APPLIED, Transition.GHOSTWATCH, minutes(3), "",
                new ChangeOutcome.Applied(List.of(applied(NODE_A, 0), applied(NODE_B, 300))));
        Map<String, AttributeValue> applied = rawItem(c.id());
        assertThat(applied.get("expiresAt")).as("moves do not touch the TTL").isEqualTo(created.get("expiresAt"));
        assertThat(applied.get("state").s()).isEqualTo("APPLIED");
        assertThat(applied.get("version").n()).isEqualTo("4");
        assertThat(applied.get("channel").s()).isEqualTo(MESSAGE.channel());
        assertThat(applied.get("ts").s()).isEqualTo(MESSAGE.ts());
        assertThat(applied.get("history").l()).hasSize(3).first().satisfies(t -> {
            assertThat(t.m().get("from").s()).isEqualTo("PROPOSED");
            assertThat(t.m().get("to").s()).isEqualTo("APPROVED");
            assertThat(t.m().get("actor").s()).isEqualTo(APPROVER);
            assertThat(t.m().get("at").n()).isEqualTo(Long.toString(minutes(1).toEpochMilli()));
            assertThat(t.m().get("note").s()).isEqualTo("ok");
        });
        assertThat(applied.get("result").s()).startsWith("{\"kind\":\"applied\"");
    }

    @Test
    void theRetentionIsConfigurable() {
        Change c = proposed();
        DynamoDbChangeStore.using(client, table, Duration.ofDays(30), warnings::add).create(c);
        assertThat(rawItem(c.id()).get("expiresAt").n())
                .isEqualTo(Long.toString(T0.plus(Duration.ofDays(30)).getEpochSecond()));
        assertThatThrownBy(() -> DynamoDbChangeStore.using(client, table, Duration.ofDays(-1), warnings::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be positive");
    }

    // ---- damage ---------------------------------------------------------------------------------------------------

    @Test
    void aDamagedItemIsAnErrorForFindAndAWarningForRecent() {
        Change good = proposed();
        Change bad = proposed(LAB, minutes(1));
        store().create(good);
        store().create(bad);
        Map<String, AttributeValue> item = new HashMap<>(rawItem(bad.id()));
        item.put("state", AttributeValue.fromS("MAYBE"));
        client.putItem(b -> b.tableName(table).item(item));

        assertThatThrownBy(() -> store().find(bad.id())).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("DynamoDB table " + table + " item " + bad.id() + " cannot be read")
                .hasMessageContaining("'MAYBE' is not a change state").hasMessageContaining("left as it is");
        assertThat(store().recent(Optional.of(LAB), 10)).containsExactly(good);
        assertThat(warnings).singleElement().asString().contains("item " + bad.id()).contains("not listed");
        assertThat(rawItem(bad.id())).isEqualTo(item);
    }

    @Test
    void anItemFromANewerGhostwatchStopsTheOperation() {
        Change c = proposed();
        store().create(c);
        Map<String, AttributeValue> item = new HashMap<>(rawItem(c.id()));
        item.put("v", AttributeValue.fromN("2"));
        client.putItem(b -> b.tableName(table).item(item));

        assertThatThrownBy(() -> store().find(c.id())).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("is in format 2").hasMessageContaining("upgrade Ghostwatch");
        assertThatThrownBy(() -> store().recent(Optional.empty(), 5)).isInstanceOf(ChangeStoreException.class);
    }

    // ---- IAM and the factory --------------------------------------------------------------------------------------

    @Test
    void theStoreCallsExactlyTheActionsItDeclares() {
        RecordingDynamoDbClient recording = new RecordingDynamoDbClient(client);
        DynamoDbChangeStore store = DynamoDbChangeStore.using(recording, table, warnings::add);
        Change c = proposed();
        store.create(c);
        store.setApprovalMessage(c.id(), MESSAGE);
        store.transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), "");
        store.transition(c.id(), 1, ChangeState.APPROVED, "U0LATE0001", minutes(1), "");
        store.find(c.id());
        store.recent(Optional.of(LAB), 5);
        store.recent(Optional.empty(), 5);

        assertThat(recording.actions()).containsExactlyInAnyOrderElementsOf(List.of("dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:GetItem",
                "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Query"));
        assertThat(DynamoDbChangeStore.IAM_ACTIONS).containsExactlyInAnyOrderElementsOf(
                recording.actions().stream().distinct().toList());
    }

    @Test
    void aWriterBeatenBetweenItsReadAndItsUpdateLearnsTheWinnerFromTheFailedConditionAlone() {
        Change c = proposed();
        store().create(c);
        RecordingDynamoDbClient recording = new RecordingDynamoDbClient(client);
        recording.beforeNextUpdate(real -> assertThat(DynamoDbChangeStore.using(real, table, warnings::add)
                .transition(c.id(), 1, ChangeState.APPROVED, "U0FASTER01", minutes(1), "first"))
                .isInstanceOf(TransitionOutcome.Done.class));

        TransitionOutcome late = DynamoDbChangeStore.using(recording, table, warnings::add)
                .transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), "second");

        assertThat(late).isInstanceOfSatisfying(TransitionOutcome.Conflict.class, conflict -> {
            assertThat(conflict.current().movedTo(ChangeState.APPROVED).orElseThrow().actor()).isEqualTo("U0FASTER01");
            assertThat(conflict.current()).isEqualTo(store().find(c.id()).orElseThrow());
        });
        assertThat(recording.actions()).as("the stored item came back with the failed condition (ALL_OLD)")
                .containsExactly("dynamodb:GetItem", "dynamodb:UpdateItem");
    }

    @Test
    void theFactoryNeedsARegionAndAValidTableName() {
        assertThatThrownBy(() -> DynamoDbChangeStore.create("ghostwatch-changes", ChangeStore.DEFAULT_RETENTION,
                Map.of(), warnings::add)).isInstanceOf(IllegalStateException.class).hasMessageContaining("AWS_REGION");
        assertThatThrownBy(() -> DynamoDbChangeStore.using(client, "x", warnings::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' is not a DynamoDB table name");
    }
}
