package io.ghostwatch.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.history.ServerSample.AddressSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link SampleStore} does, run against each implementation (FileSampleStoreTest on real files,
 * DynamoDbSampleStoreIT on DynamoDB Local), so the CLI and the Lambda functions see the same behaviour.
 * Subclasses give a fresh, empty store per test.
 */
abstract class SampleStoreContract {

    /**
     * Yesterday, 00:00 UTC: recent, because DynamoDB Local runs TTL like DynamoDB and deletes samples whose expiresAt
     * (time + 30 days) has passed, and the file store prunes them the same way.
     */
    static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(java.time.Duration
            .ofDays(1));
    static final String TARGET = "orders-cache";
    static final String NODE = "10.0.0.5:6379";

    /** A new, empty store; called once per test. */
    protected abstract SampleStore store();

    static ServerSample sample(String target, String node, Instant time, long connected, AddressSample... census) {
        return new ServerSample(target, node, time, connected, 10_000, 0, 1_000 + connected, Arrays.asList(census));
    }

    static ServerSample sample(Instant time, long connected, AddressSample... census) {
        return sample(TARGET, NODE, time, connected, census);
    }

    static Instant hours(int n) {
        return T0.plus(Duration.ofHours(n));
    }

    @Test
    void roundTripKeepsEveryField() {
        SampleStore store = store();
        ServerSample s = new ServerSample(TARGET, NODE, T0, 1234, -1, 17, Long.MAX_VALUE, List.of(
                new AddressSample("10.0.0.9", 40, 3, 1, 86_400),
                new AddressSample("2001:db8::7", 2, 0, 0, 5),
                // client-controlled text must not break a record: quotes, a line break, non-ASCII
                new AddressSample("evil\"\n{\"v\":1} клиент", Integer.MAX_VALUE, 0, 0, Long.MAX_VALUE)));
        store.append(List.of(s));

        assertThat(store.history(TARGET, NODE, T0)).containsExactly(s);
    }

    @Test
    void emptyCensusRoundTrips() {
        SampleStore store = store();
        ServerSample s = sample(T0, 5);
        store.append(List.of(s));
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).containsExactly(s);
    }

    @Test
    void historyIsOldestFirstWhateverTheAppendOrder() {
        SampleStore store = store();
        store.append(List.of(sample(hours(2), 30), sample(hours(0), 10)));
        store.append(List.of(sample(hours(1), 20)));

        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(10L, 20L, 30L);
    }

    @Test
    void sinceIsInclusiveAndFiltersOlderSamples() {
        SampleStore store = store();
        store.append(List.of(sample(hours(0), 10), sample(hours(1), 20), sample(hours(2), 30)));

        assertThat(store.history(TARGET, NODE, hours(1))).extracting(ServerSample::connectedClients)
                .containsExactly(20L, 30L);
        assertThat(store.history(TARGET, NODE, hours(1).minusMillis(1))).hasSize(2);
        assertThat(store.history(TARGET, NODE, hours(1).plusMillis(1))).hasSize(1);
        assertThat(store.history(TARGET, NODE, hours(3))).isEmpty();
        assertThat(store.history(TARGET, NODE, Instant.MIN)).hasSize(3);
        assertThat(store.history(TARGET, NODE, Instant.MAX)).isEmpty();
    }

    @Test
    void theWholeRangeOfTimesIsAccepted() {
        SampleStore store = store();
        List<ServerSample> extremes = List.of(sample(Instant.EPOCH, 1), sample(Instant.parse("9999-12-31T23:59:59.999Z"), 2));
        store.append(extremes);
        assertThat(store.history(TARGET, NODE, Instant.MIN)).containsExactlyElementsOf(extremes);
    }

    @Test
    void seriesAreKeptApart() {
        SampleStore store = store();
        List<ServerSample> samples = List.of(
                sample("lab-1", "10.0.0.5:6379", T0, 1),
                sample("lab-1", "10.0.0.5:6380", T0, 2),
                sample("lab-2", "10.0.0.5:6379", T0, 3),
                sample("Lab-1", "10.0.0.5:6379", T0, 4), // differs only in case (case-insensitive file systems)
                sample("lab-1", "[::1]:6379", T0, 5),
                sample("lab-1", "::1:6379", T0, 6));     // kept exactly as given, not normalised
        store.append(samples);

        for (ServerSample s : samples) {
            assertThat(store.history(s.target(), s.node(), Instant.EPOCH)).as(s.seriesKey()).containsExactly(s);
        }
    }

    @Test
    void unknownSeriesHasNoHistory() {
        SampleStore store = store();
        store.append(List.of(sample(T0, 1)));
        assertThat(store.history("other", NODE, Instant.EPOCH)).isEmpty();
        assertThat(store.history(TARGET, "10.0.0.6:6379", Instant.EPOCH)).isEmpty();
    }

    @Test
    void emptyAppendStoresNothing() {
        SampleStore store = store();
        store.append(List.of());
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).isEmpty();
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        SampleStore store = store();
        Instant precise = T0.plusNanos(123_456_789);
        store.append(List.of(sample(precise, 7)));

        Instant stored = T0.plusMillis(123);
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::time).containsExactly(stored);
        assertThat(store.history(TARGET, NODE, stored)).hasSize(1);
        assertThat(store.history(TARGET, NODE, stored.plusNanos(1))).isEmpty();
        assertThat(store.history(TARGET, NODE, stored.minusNanos(1))).hasSize(1);
    }

    @Test
    void appendingTheSameSeriesAndMillisecondAgainReplacesTheSample() {
        SampleStore store = store();
        store.append(List.of(sample(T0, 10), sample(hours(1), 11)));
        store.append(List.of(sample(T0.plusNanos(400_000), 20, new AddressSample("10.0.0.9", 1, 0, 0, 1))));

        assertThat(store.history(TARGET, NODE, Instant.EPOCH))
                .containsExactly(sample(T0, 20, new AddressSample("10.0.0.9", 1, 0, 0, 1)), sample(hours(1), 11));
    }

    @Test
    void twoSamplesForOneSeriesAndMillisecondInOneAppendAreRefused() {
        SampleStore store = store();
        assertThatThrownBy(() -> store.append(List.of(sample(hours(1), 1), sample(T0, 1), sample(T0.plusNanos(5), 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 3 of 3")
                .hasMessageContaining(TARGET + "/" + NODE)
                .hasMessageContaining("same series and time")
                .hasMessageContaining("sample 2");
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).as("nothing stored").isEmpty();
    }

    @Test
    void anElastiCacheCachesSamplesAreKeptUnderItsName() {
        SampleStore store = store();
        String cache = "prod/us-east-1/orders";
        String node = "orders-001.abc123.0001.use1.cache.amazonaws.com:6379";
        ServerSample s = sample(cache, node, T0, 7);
        store.append(List.of(s, sample(TARGET, NODE, T0, 8)));

        assertThat(store.history(cache, node, Instant.EPOCH)).containsExactly(s);
        assertThat(store.history(TARGET, node, Instant.EPOCH)).isEmpty();
    }

    @Test
    void manySamplesAcrossSeriesInOneAppend() {
        SampleStore store = store();
        List<ServerSample> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (String node : List.of("10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379")) {
                samples.add(sample(TARGET, node, T0.plusSeconds(60L * i), i));
            }
        }
        store.append(samples);

        for (String node : List.of("10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379")) {
            assertThat(store.history(TARGET, node, Instant.EPOCH)).as(node)
                    .containsExactlyElementsOf(samples.stream().filter(s -> s.node().equals(node)).toList());
        }
    }

    @Test
    void aLargeCensusRoundTrips() {
        SampleStore store = store();
        List<AddressSample> census = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            census.add(new AddressSample("10.1." + (i / 250) + "." + (i % 250), 1 + i % 7, i % 3, i % 2, 3_600L * i));
        }
        ServerSample s = new ServerSample(TARGET, NODE, T0, 9_000, 10_000, 0, 50_000, census);
        store.append(List.of(s));
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).containsExactly(s);
    }

    static Stream<Arguments> invalidSamples() {
        return Stream.of(
                Arguments.of(sample("bad name", NODE, T0, 1), "target 'bad name' is not a valid target name"),
                Arguments.of(sample("", NODE, T0, 1), "target '' is not a valid target name"),
                Arguments.of(sample("a/b", NODE, T0, 1), "target 'a/b' is not a valid target name"),
                Arguments.of(sample("-lab", NODE, T0, 1), "starting with a letter or digit"),
                Arguments.of(sample(null, NODE, T0, 1), "has no target"),
                Arguments.of(sample(TARGET, "10.0.0.5", T0, 1), "node '10.0.0.5' is not host:port"),
                Arguments.of(sample(TARGET, "10.0.0.5:http", T0, 1), "port that is not a number"),
                Arguments.of(sample(TARGET, "10.0.0.5:70000", T0, 1), "outside 1..65535"),
                Arguments.of(sample(TARGET, "a b:6379", T0, 1), "node 'a b:6379' is not host:port"),
                Arguments.of(sample(TARGET, "a/b:6379", T0, 1), "node 'a/b:6379' is not host:port"),
                Arguments.of(sample(TARGET, "x\n:6379", T0, 1), "node 'x\\u000a:6379'"),
                Arguments.of(sample(TARGET, null, T0, 1), "has no node"),
                Arguments.of(sample(TARGET, NODE, null, 1), "has no time"),
                Arguments.of(sample(TARGET, NODE, Instant.EPOCH.minusMillis(1), 1), "outside 1970-01-01T00:00:00Z .."),
                Arguments.of(sample(TARGET, NODE, Instant.MAX, 1), "has time " + Instant.MAX + ", outside"),
                Arguments.of(new ServerSample(TARGET, NODE, T0, 1, 1, 1, 1,
                        List.of(new AddressSample(null, 1, 0, 0, 0))), "census entry without an address"));
    }

    @ParameterizedTest
    @MethodSource("invalidSamples")
    void invalidSamplesAreRefusedBeforeAnythingIsStored(ServerSample bad, String message) {
        SampleStore store = store();
        assertThatThrownBy(() -> store.append(List.of(sample(T0, 1), bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 2 of 2")
                .hasMessageContaining(message);
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).as("nothing stored").isEmpty();
    }

    @Test
    void nullsAreRefusedWithTheirName() {
        SampleStore store = store();
        assertThatThrownBy(() -> store.append(null)).isInstanceOf(NullPointerException.class).hasMessage("samples");
        List<ServerSample> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> store.append(withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample 1 of 1 is null");
        assertThatThrownBy(() -> store.history(TARGET, NODE, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("since");
    }

    @Test
    void historyQueriesAreCheckedLikeSamples() {
        SampleStore store = store();
        assertThatThrownBy(() -> store.history("../etc", NODE, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history query: target '../etc' is not a valid target name");
        assertThatThrownBy(() -> store.history(TARGET, "nohost", T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history query: node 'nohost' is not host:port");
    }
}
