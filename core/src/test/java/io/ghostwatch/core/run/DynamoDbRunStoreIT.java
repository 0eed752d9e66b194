package io.ghostwatch.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.findings.RecordedPart;
import io.ghostwatch.core.slack.DigestPart;
import io.ghostwatch.core.slack.DigestPartJson;
import io.ghostwatch.core.testing.DynamoDbLocal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@link DynamoDbRunStore} against DynamoDB Local in this JVM, over HTTP with the real SDK client. */
class DynamoDbRunStoreIT {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AuditRun RUN = new AuditRun("7f1c2b9e-run", NOW.minusSeconds(120));

    @RegisterExtension
    static final DynamoDbLocal.PerClass DYNAMO = DynamoDbLocal.perClass();

    private final DynamoDbClient client = DYNAMO.client();
    /** This test's own table. */
    private final String table = DYNAMO.newTable("ghostwatch-runs", DynamoDbRunStore::createTable);

    private DynamoDbRunStore store(int chunkBytes) {
        return new DynamoDbRunStore(client, false, table, DynamoDbRunStore.DEFAULT_RETENTION, CLOCK, chunkBytes);
    }

    /** A part big enough to take several 1 KB chunks even gzipped: every target name differs. */
    private static RecordedPart bigPart(String reason) {
        return new RecordedPart(12, DigestPart.notAudited(IntStream.range(0, 400)
                .mapToObj(i -> "web-" + Integer.toHexString(i * 7919) + "-" + i * i).toList(), reason));
    }

    private List<Map<String, AttributeValue>> items() {
        return client.scan(b -> b.tableName(table).consistentRead(true)).items();
    }

    @Test
    void createTableMakesTheTableTemplateYamlDeclares() {
        var t = client.describeTable(b -> b.tableName(table)).table();
        assertThat(t.keySchema()).extracting(k -> k.attributeName() + " " + k.keyType())
                .containsExactly("runId " + KeyType.HASH, "part " + KeyType.RANGE);
        var ttl = client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void partsComeBackByShardWithTheirFindingCounts() {
        DynamoDbRunStore store = store(DynamoDbRunStore.CHUNK_BYTES);
        RecordedPart zero = new RecordedPart(5, DigestPart.notAudited(List.of("web-1"), "reason 0"));
        RecordedPart two = new RecordedPart(0, null);
        store.put(RUN, 2, two);
        store.put(RUN, 0, zero);
        store.put(new AuditRun("another-run", NOW), 1, zero);

        RunStore.Parts parts = store.parts(RUN);

        assertThat(parts.unreadable()).isEmpty();
        assertThat(parts.parts()).containsOnlyKeys(0, 2);
        assertThat(parts.parts().get(0).findings()).isEqualTo(5);
        assertThat(parts.parts().get(0).part()).isEqualTo(zero.part());
        assertThat(parts.parts().get(2)).isEqualTo(two);
        assertThat(items()).filteredOn(i -> i.get("runId").s().equals(RUN.id()))
                .extracting(i -> i.get("part").s()).containsExactlyInAnyOrder("00000/0000", "00002/0000");
        assertThat(items()).allSatisfy(i -> assertThat(i.get("expiresAt").n())
                .isEqualTo(Long.toString(NOW.plus(Duration.ofDays(7)).getEpochSecond())));
    }

    @Test
    void aLargePartIsCutIntoChunksAndReadBackWhole() {
        DynamoDbRunStore store = store(1024);
        RecordedPart big = bigPart("shard 1 did not finish");

        store.put(RUN, 1, big);

        assertThat(items()).hasSizeGreaterThan(2).allSatisfy(i -> assertThat(i.get("data").b().asByteArray().length)
                .isLessThanOrEqualTo(1024));
        RecordedPart back = store.parts(RUN).parts().get(1);
        assertThat(DigestPartJson.write(back.part())).isEqualTo(DigestPartJson.write(big.part()));
    }

    @Test
    void aRetriedShardReplacesWhatItLeftEvenWithFewerChunks() {
        DynamoDbRunStore store = store(1024);
        store.put(RUN, 3, bigPart("first attempt"));
        RecordedPart small = new RecordedPart(1, DigestPart.notAudited(List.of("web-1"), "second attempt"));

        store.put(RUN, 3, small);

        RunStore.Parts parts = store.parts(RUN);
        assertThat(parts.unreadable()).isEmpty();
        assertThat(parts.parts().get(3)).isEqualTo(small);
    }

    @Test
    void aPartWithAChunkMissingOrFromAnotherAttemptIsNamedNotGuessed() {
        DynamoDbRunStore store = store(1024);
        store.put(RUN, 4, bigPart("a"));
        store.put(RUN, 5, bigPart("b"));
        client.deleteItem(b -> b.tableName(table).key(Map.of("runId", AttributeValue.fromS(RUN.id()),
                "part", AttributeValue.fromS("00004/0001"))));
        Map<String, AttributeValue> other = new java.util.HashMap<>(client.getItem(b -> b.tableName(table)
                .consistentRead(true).key(Map.of("runId", AttributeValue.fromS(RUN.id()),
                        "part", AttributeValue.fromS("00005/0001")))).item());
        other.put("attempt", AttributeValue.fromS("some-other-attempt"));
        client.putItem(b -> b.tableName(table).item(other));

        RunStore.Parts parts = store.parts(RUN);

        assertThat(parts.parts()).isEmpty();
        assertThat(parts.unreadable()).containsOnlyKeys(4, 5);
        assertThat(parts.unreadable().get(4)).matches("its part is incomplete: chunk 1 of \\d+ is missing \\(.*\\)");
        assertThat(parts.unreadable().get(5)).matches("its part is incomplete: chunk 1 of \\d+ is from another attempt.*");
    }

    @Test
    void aChunkWithoutItsAttemptOrDataIsNamedAndTheOtherPartsStillRead() {
        DynamoDbRunStore store = store(1024);
        store.put(RUN, 1, bigPart("a"));
        store.put(RUN, 2, bigPart("b"));
        store.put(RUN, 3, bigPart("c"));
        damage("00001/0000", "attempt");
        damage("00002/0001", "data");

        RunStore.Parts parts = store.parts(RUN);

        assertThat(parts.parts()).containsOnlyKeys(3);
        assertThat(parts.unreadable()).containsOnly(Map.entry(1, "its chunk 0 has no string \"attempt\""),
                Map.entry(2, "its chunk 1 has no binary \"data\""));
    }

    /** Removes one attribute from one stored item, as a hand edit or another writer might. */
    private void damage(String part, String attribute) {
        Map<String, AttributeValue> key = Map.of("runId", AttributeValue.fromS(RUN.id()), "part",
                AttributeValue.fromS(part));
        Map<String, AttributeValue> item = new java.util.HashMap<>(client.getItem(b -> b.tableName(table)
                .consistentRead(true).key(key)).item());
        assertThat(item.remove(attribute)).as(part + " had " + attribute).isNotNull();
        client.putItem(b -> b.tableName(table).item(item));
    }

    @Test
    void aMissingTableIsAnErrorNamingTableAndRun() {
        DynamoDbRunStore store = new DynamoDbRunStore(client, false, "no-such-table", Duration.ofDays(7), CLOCK, 1024);

        assertThatThrownBy(() -> store.put(RUN, 0, new RecordedPart(0, null))).isInstanceOf(RunStoreException.class)
                .hasMessageContaining("shard 0 of run 7f1c2b9e-run").hasMessageContaining("no-such-table");
        assertThatThrownBy(() -> store.parts(RUN)).isInstanceOf(RunStoreException.class)
                .hasMessageContaining("the parts of run 7f1c2b9e-run could not be read from DynamoDB table no-such-table");
    }
}
