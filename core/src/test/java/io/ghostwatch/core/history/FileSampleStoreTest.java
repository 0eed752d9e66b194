package io.ghostwatch.core.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.history.ServerSample.AddressSample;
import io.ghostwatch.core.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileSampleStore} on real files in a temporary directory: the contract, then what only files have. */
class FileSampleStoreTest extends SampleStoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private Path historyDir;

    @BeforeEach
    void setUp() {
        historyDir = dir.resolve("history");
    }

    /**
     * For the contract: retention is each store's own business (pruning here, DynamoDB's TTL there) and must not
     * remove the contract's fixed-date samples, whatever today's date; the retention tests below use their own.
     */
    @Override
    protected FileSampleStore store() {
        return new FileSampleStore(historyDir, Duration.ofDays(365L * 10_000), Clock.fixed(T0, ZoneOffset.UTC),
                warnings::add);
    }

    private FileSampleStore store(Instant now) {
        return new FileSampleStore(historyDir, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC), warnings::add);
    }

    private Path seriesFile() {
        return store().fileOf(TARGET, NODE);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, UTF_8);
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    @Test
    void fileNamesAreSafeAndReadable() {
        FileSampleStore store = store();
        assertThat(store.fileOf("lab-1", "10.0.0.5:6379")).isEqualTo(historyDir.resolve("lab-1@10.0.0.5%3A6379.jsonl"));
        assertThat(store.fileOf("lab_1.a:b", "[::1]:6379").getFileName().toString())
                .isEqualTo("lab_1.a%3Ab@%5B%3A%3A1%5D%3A6379.jsonl");
        assertThat(store.fileOf("lab-1", "[fe80::1%eth0]:6379").getFileName().toString())
                .isEqualTo("lab-1@%5Bfe80%3A%3A1%25eth0%5D%3A6379.jsonl");

        String longTarget = "t".repeat(128);
        String longNode = "h".repeat(250) + ":6379";
        Path a = store.fileOf(longTarget, longNode);
        Path b = store.fileOf(longTarget, "h".repeat(250) + ":6380");
        assertThat(a.getParent()).isEqualTo(historyDir);
        assertThat(a.getFileName().toString()).hasSizeLessThan(255).endsWith(".jsonl").contains("~");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void eachSampleIsOneSelfDescribingJsonLine() throws IOException {
        FileSampleStore store = store();
        store.append(List.of(
                sample(TARGET, NODE, T0, 3, new AddressSample("evil\"\n{}", 2, 1, 0, 99)),
                sample(TARGET, NODE, hours(1), 4)));

        List<String> lines = lines(seriesFile());
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("v").asInt()).isEqualTo(1);
        assertThat(first.get("target").asText()).isEqualTo(TARGET);
        assertThat(first.get("node").asText()).isEqualTo(NODE);
        assertThat(first.get("time").asText()).isEqualTo(T0.toString());
        assertThat(first.get("connectedClients").asLong()).isEqualTo(3);
        assertThat(first.get("addresses").get(0).get("address").asText()).isEqualTo("evil\"\n{}");
        assertThat(first.get("addresses").get(0).get("idleOver1h").asInt()).isEqualTo(1);
        assertThat(Files.readString(seriesFile())).endsWith("}\n");
    }

    @Test
    void historyOfAMissingDirectoryIsEmptyAndCreatesNothing() {
        assertThat(store().history(TARGET, NODE, Instant.EPOCH)).isEmpty();
        assertThat(store().prune(T0)).isZero();
        assertThat(historyDir).doesNotExist();
    }

    @Test
    void aDirectoryThatIsAFileIsNamed() throws IOException {
        Files.writeString(historyDir, "not a directory");
        assertThatThrownBy(() -> store().history(TARGET, NODE, Instant.EPOCH))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining(historyDir.toString()).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> store().append(List.of(sample(T0, 1))))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining("cannot create the history directory " + historyDir);
    }

    // ---- concurrency --------------------------------------------------------------------------------------------

    @Test
    void manyThreadsAppendingAtOnceLoseAndInterleaveNothing() throws Exception {
        int threads = 8;
        int perThread = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                FileSampleStore own = store(); // separate instances share the directory's lock
                start.await();
                for (int i = 0; i < perThread; i++) {
                    Instant time = T0.plusMillis((long) i * threads + thread);
                    // every append also touches a second series, so appends span files
                    own.append(List.of(sample(TARGET, NODE, time, thread,
                                    new AddressSample("10.0.0." + thread, i, 0, 0, i)),
                            sample(TARGET, "10.0.0.6:6379", time, thread)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        List<ServerSample> history = store().history(TARGET, NODE, Instant.EPOCH);
        assertThat(history).hasSize(threads * perThread);
        assertThat(history).extracting(ServerSample::time).doesNotHaveDuplicates().isSorted();
        assertThat(store().history(TARGET, "10.0.0.6:6379", Instant.EPOCH)).hasSize(threads * perThread);
        assertThat(lines(seriesFile())).hasSize(threads * perThread);
        assertThat(warnings).isEmpty();
        assertThat(FileSampleStore.corruptFileOf(seriesFile())).doesNotExist();
    }

    @Test
    void twoProcessesAppendingAtOnceLoseAndInterleaveNothing() throws Exception {
        int n = 400;
        Files.createDirectories(historyDir);
        // the child appends at even milliseconds, this JVM at odd ones, one sample per append
        Process child = ChildJvm.start(FileAppenderMain.class, Map.of(), historyDir.toString(), TARGET, NODE,
                Integer.toString(n), Long.toString(T0.toEpochMilli()), "2");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
             Writer in = child.outputWriter(UTF_8)) {
            assertThat(out.readLine()).as("child ready").isEqualTo("ready");
            in.write("go\n");
            in.flush();
            FileSampleStore store = store();
            for (int i = 0; i < n; i++) {
                store.append(List.of(sample(TARGET, NODE, T0.plusMillis(2L * i + 1), 1_000_000 + i,
                        new AddressSample("parent", i, 0, 0, i))));
            }
            assertThat(out.readLine()).as("child finished").isEqualTo("done " + n);
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(ChildJvm.stderr(child)).isZero();

        List<ServerSample> history = store().history(TARGET, NODE, Instant.EPOCH);
        assertThat(history).hasSize(2 * n);
        assertThat(history).filteredOn(s -> s.connectedClients() >= 1_000_000).hasSize(n);
        assertThat(history).extracting(ServerSample::time).doesNotHaveDuplicates();
        List<String> lines = lines(seriesFile());
        assertThat(lines).hasSize(2 * n);
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("v").asInt()).as(line).isEqualTo(1);
        }
        assertThat(warnings).isEmpty();
        assertThat(FileSampleStore.corruptFileOf(seriesFile())).doesNotExist();
    }

    // ---- damage -------------------------------------------------------------------------------------------------

    @Test
    void aTruncatedLastLineIsSetAsideWithAWarningAndAppendsGoOn() throws IOException {
        FileSampleStore store = store();
        store.append(List.of(sample(hours(0), 10), sample(hours(1), 11)));
        Path file = seriesFile();
        String partial = "{\"v\":1,\"target\":\"orders-cache\",\"node\":\"10.0.0.5:63"; // a crash mid-write
        Files.writeString(file, partial, StandardOpenOption.APPEND);

        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(10L, 11L);
        assertThat(warnings).singleElement().asString()
                .contains("history file " + file, "ended in a partial record (" + partial.length() + " bytes",
                        "moved it to " + file + ".corrupt");
        assertThat(Files.readString(FileSampleStore.corruptFileOf(file))).isEqualTo(partial + "\n");

        store.append(List.of(sample(hours(2), 12)));
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(10L, 11L, 12L);
        assertThat(lines(file)).hasSize(3);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void anAppendRepairsATruncatedLastLineBeforeWriting() throws IOException {
        FileSampleStore store = store();
        store.append(List.of(sample(hours(0), 10)));
        Path file = seriesFile();
        Files.write(file, new byte[] {'{', '"', 'v', 0, 0, 0}, StandardOpenOption.APPEND);

        store.append(List.of(sample(hours(1), 11)));

        assertThat(warnings).singleElement().asString().contains("ended in a partial record (6 bytes");
        assertThat(lines(file)).hasSize(2);
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(10L, 11L);
        assertThat(Files.readAllBytes(FileSampleStore.corruptFileOf(file)))
                .containsExactly('{', '"', 'v', 0, 0, 0, '\n');
    }

    @Test
    void aCorruptMiddleLineIsQuarantinedWithAWarningNamingFileAndLine() throws IOException {
        FileSampleStore store = store();
        store.append(List.of(sample(hours(0), 10), sample(hours(1), 11), sample(hours(2), 12)));
        Path file = seriesFile();
        List<String> lines = new ArrayList<>(lines(file));
        lines.set(1, "{\"v\":1,\"target\":\"orders-cache\"}");
        lines.add(2, "garbage ~~~");
        Files.write(file, lines, UTF_8);

        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(10L, 12L);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("history file " + file + " line 2 is not a valid sample",
                "\"time\" is missing or not a string", "moved it to " + file + ".corrupt");
        assertThat(warnings.get(1)).contains("line 3 is not a valid sample", "not JSON");
        assertThat(lines(FileSampleStore.corruptFileOf(file)))
                .containsExactly("{\"v\":1,\"target\":\"orders-cache\"}", "garbage ~~~");
        assertThat(lines(file)).hasSize(2);

        // set aside once: reading again is quiet, and appends go on
        store.append(List.of(sample(hours(3), 13)));
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).hasSize(3);
        assertThat(warnings).hasSize(2);
    }

    @Test
    void aFileOfGarbageIsSetAsideWithBoundedWarnings() throws IOException {
        FileSampleStore store = store();
        store.append(List.of(sample(T0, 1)));
        Path file = seriesFile();
        Files.writeString(file, "x\n".repeat(20));

        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).isEmpty();
        assertThat(warnings).hasSize(6);
        assertThat(warnings.get(5)).contains("15 more invalid lines moved to " + file + ".corrupt");
        assertThat(file).doesNotExist();
        assertThat(lines(FileSampleStore.corruptFileOf(file))).hasSize(20);
    }

    @Test
    void aRecordFromANewerGhostwatchStopsTheReadAndLeavesTheFileAlone() throws IOException {
        FileSampleStore store = store();
        store.append(List.of(sample(T0, 1)));
        Path file = seriesFile();
        Files.writeString(file, "{\"v\":2,\"target\":\"orders-cache\",\"newShape\":true}\n", StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> store.history(TARGET, NODE, Instant.EPOCH))
                .isInstanceOf(SampleStoreException.class)
                .hasMessageContaining("history file " + file + " line 2 was written in format 2")
                .hasMessageContaining("upgrade Ghostwatch");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(FileSampleStore.corruptFileOf(file)).doesNotExist();
    }

    @Test
    void unknownFieldsAreIgnoredAndSurviveARewrite() throws IOException {
        FileSampleStore store = store();
        store.append(List.of(sample(T0, 1)));
        Path file = seriesFile();
        String future = "{\"v\":1,\"target\":\"orders-cache\",\"node\":\"10.0.0.5:6379\",\"time\":\"" + T0.plusSeconds(5 * 3600) + "\","
                + "\"connectedClients\":5,\"maxclients\":10,\"rejectedConnections\":0,\"totalConnectionsReceived\":9,"
                + "\"addresses\":[],\"addedLater\":{\"x\":1}}";
        Files.writeString(file, future + "\n", StandardOpenOption.APPEND);

        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(1L, 5L);
        assertThat(store.prune(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(lines(file)).containsExactly(future);
    }

    // ---- retention ----------------------------------------------------------------------------------------------

    @Test
    void pruneRemovesOlderSamplesFromEveryFileAndDeletesEmptyOnes() throws IOException {
        FileSampleStore store = store();
        for (int i = 0; i < 10; i++) {
            store.append(List.of(sample(hours(i), i), sample(TARGET, "10.0.0.6:6379", hours(i), i)));
        }
        store.append(List.of(sample("old", NODE, hours(1), 1)));

        assertThat(store.prune(hours(5))).isEqualTo(5 + 5 + 1);

        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(store.history(TARGET, "10.0.0.6:6379", Instant.EPOCH)).hasSize(5);
        assertThat(lines(seriesFile())).hasSize(5);
        assertThat(store.fileOf("old", NODE)).doesNotExist();
        assertThat(store.prune(hours(5))).isZero();
        try (var files = Files.list(historyDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void anAppendPrunesItsFileOnceTheOldestSampleIsADayPastTheRetention() throws IOException {
        Instant now = T0.plus(Duration.ofDays(100));
        FileSampleStore store = store(now);
        Instant inSlack = now.minus(Duration.ofDays(30)).minus(Duration.ofHours(12)); // past retention, within a day
        store.append(List.of(sample(inSlack, 1), sample(now.minus(Duration.ofDays(3)), 2)));
        assertThat(lines(seriesFile())).as("not yet worth a rewrite").hasSize(2);

        store.append(List.of(sample(now.minus(Duration.ofDays(45)), 0)));
        assertThat(lines(seriesFile())).as("oldest line still the in-slack one").hasSize(3);

        // a file whose first record is more than a day past the retention is pruned to the retention
        Path file = seriesFile();
        Files.delete(file);
        store.append(List.of(sample(now.minus(Duration.ofDays(45)), 0), sample(inSlack, 1),
                sample(now.minus(Duration.ofDays(3)), 2)));
        assertThat(store.history(TARGET, NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients)
                .containsExactly(2L);
        assertThat(lines(file)).hasSize(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void retentionIsThirtyDaysUnlessGivenAndMustBePositive() throws IOException {
        FileSampleStore byDefault = new FileSampleStore(historyDir, warnings::add);
        assertThat(byDefault.retention()).isEqualTo(Duration.ofDays(30));
        Instant now = Instant.now();
        byDefault.append(List.of(sample(now.minus(Duration.ofDays(32)), 1), sample(now.minus(Duration.ofDays(29)), 2)));
        assertThat(byDefault.history(TARGET, NODE, Instant.MIN)).extracting(ServerSample::connectedClients)
                .containsExactly(2L);
        assertThatThrownBy(() -> new FileSampleStore(historyDir, Duration.ZERO, Clock.systemUTC(), w -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be positive");
    }

    // ---- default directory --------------------------------------------------------------------------------------

    @Test
    void defaultDirectoryFollowsXdgDataHome() {
        assertThat(FileSampleStore.defaultDirectory(Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/u")))
                .isEqualTo(Path.of("/data/ghostwatch/history"));
        assertThat(FileSampleStore.defaultDirectory(Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.local/share/ghostwatch/history"));
        // the XDG spec: an empty or relative XDG_DATA_HOME is ignored
        assertThat(FileSampleStore.defaultDirectory(Map.of("XDG_DATA_HOME", "", "HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.local/share/ghostwatch/history"));
        assertThat(FileSampleStore.defaultDirectory(Map.of("XDG_DATA_HOME", "rel/data", "HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.local/share/ghostwatch/history"));
        Map<String, String> noHome = new HashMap<>();
        assertThat(FileSampleStore.defaultDirectory(noHome))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local", "share", "ghostwatch", "history"));
    }

    @Test
    void hashedNamesAndSharedFilesNeverMixSeries() throws IOException {
        // two series forced into one file (as a hash collision or a case-insensitive file system would) stay apart
        FileSampleStore store = store();
        store.append(List.of(sample("a", NODE, T0, 1)));
        Path a = store.fileOf("a", NODE);
        Path b = store.fileOf("b", NODE);
        store.append(List.of(sample("b", NODE, T0, 2)));
        Files.write(a, Files.readAllBytes(b), StandardOpenOption.APPEND);
        Files.delete(b);
        Files.move(a, b);

        assertThat(store.history("b", NODE, Instant.EPOCH)).extracting(ServerSample::connectedClients).containsExactly(2L);
        Set<String> targets = new HashSet<>();
        for (String line : lines(b)) {
            targets.add(JSON.readTree(line).get("target").asText());
        }
        assertThat(targets).containsExactlyInAnyOrder("a", "b");
    }
}
