package io.ghostwatch.core.findings;

import static io.ghostwatch.core.findings.Runs.BIND;
import static io.ghostwatch.core.findings.Runs.T0;
import static io.ghostwatch.core.findings.Runs.TIMEOUT;
import static io.ghostwatch.core.findings.Runs.fail;
import static io.ghostwatch.core.findings.Runs.hours;
import static io.ghostwatch.core.findings.Runs.key;
import static io.ghostwatch.core.findings.Runs.pass;
import static io.ghostwatch.core.findings.Runs.run;
import static io.ghostwatch.core.findings.Runs.target;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.Severity;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileFindingStore} on real files in a temporary directory: the contract, then what only files have. */
class FileFindingStoreTest extends FindingStoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private Path findingsDir;

    @BeforeEach
    void setUp() {
        findingsDir = dir.resolve("findings");
    }

    /** Retention is each store's own business; the contract's fixed dates must not be forgotten, whatever today is. */
    @Override
    protected FileFindingStore store() {
        return new FileFindingStore(findingsDir, Duration.ofDays(365L * 10_000), Clock.fixed(T0, ZoneOffset.UTC),
                warnings::add);
    }

    @Override
    protected FindingStore anotherStore() {
        return store();
    }

    private FileFindingStore store(Instant now) {
        return new FileFindingStore(findingsDir, Duration.ofDays(90), Clock.fixed(now, ZoneOffset.UTC), warnings::add);
    }

    private Path file() {
        return findingsDir.resolve("findings.jsonl");
    }

    private Path corrupt() {
        return findingsDir.resolve("findings.jsonl.corrupt");
    }

    private void recordTwo() {
        store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), fail(BIND, Severity.MEDIUM, "open"))));
    }

    // ---- layout ---------------------------------------------------------------------------------------------------

    @Test
    void everyFindingIsOneSelfDescribingJsonLineInKeyOrder() throws IOException {
        recordTwo();
        List<String> lines = Files.readAllLines(file(), UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.getFirst());
        assertThat(first.get("v").asInt()).isEqualTo(1);
        assertThat(first.get("check").asText()).isEqualTo(BIND);
        assertThat(first.get("target").asText()).isEqualTo(LAB);
        assertThat(first.get("node").asText()).isEqualTo(Runs.NODE);
        assertThat(first.get("status").asText()).isEqualTo("open");
        assertThat(first.get("severity").asText()).isEqualTo("MEDIUM");
        assertThat(first.get("firstSeen").asText()).isEqualTo(T0.toString());
        assertThat(first.get("reported").isNull()).isTrue();
        assertThat(JSON.readTree(lines.get(1)).get("check").asText()).isEqualTo(TIMEOUT);
        assertThat(findingsDir.resolve("findings.jsonl.tmp")).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    @Test
    void theDefaultDirectoryIsBesideTheHistoryUnderXdgDataHome() {
        assertThat(FileFindingStore.defaultDirectory(Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/u")))
                .isEqualTo(Path.of("/data/ghostwatch/findings"));
        assertThat(FileFindingStore.defaultDirectory(Map.of("XDG_DATA_HOME", "relative", "HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.local/share/ghostwatch/findings"));
        assertThat(FileFindingStore.defaultDirectory(Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.local/share/ghostwatch/findings"));
    }

    @Test
    void readingCreatesNothingAndADirectoryThatIsAFileIsNamed() throws IOException {
        assertThat(store().findings(List.of(LAB))).isEmpty();
        assertThat(store().find(key(LAB, TIMEOUT))).isEmpty();
        assertThat(findingsDir).doesNotExist();

        Files.writeString(findingsDir, "not a directory");
        assertThatThrownBy(() -> store().findings(List.of(LAB))).isInstanceOf(FindingStoreException.class)
                .hasMessageContaining("finding state directory " + findingsDir + " is not a directory");
        assertThatThrownBy(() -> store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad")))))
                .isInstanceOf(FindingStoreException.class).hasMessageContaining(findingsDir.toString());
    }

    // ---- retention ------------------------------------------------------------------------------------------------

    @Test
    void resolvedFindingsAreForgottenAfterTheRetentionOpenOnesNever() {
        store(T0).record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), fail(BIND, Severity.MEDIUM, "open"))));
        store(hours(1)).record(run(hours(1), target(LAB, pass(TIMEOUT), fail(BIND, Severity.MEDIUM, "open"))));

        Instant later = hours(1).plus(Duration.ofDays(90)).plusSeconds(1);
        store(later.minusSeconds(2)).record(run(later.minusSeconds(2), target("other", fail(TIMEOUT, Severity.LOW, "x"))));
        assertThat(store().find(key(LAB, TIMEOUT))).as("89.99 days after resolution").isPresent();

        store(later).record(run(later, target("other", fail(TIMEOUT, Severity.LOW, "x"))));
        assertThat(store().find(key(LAB, TIMEOUT))).as("90 days after resolution").isEmpty();
        assertThat(store().find(key(LAB, BIND))).as("open, however old").isPresent();
    }

    // ---- damage ---------------------------------------------------------------------------------------------------

    @Test
    void aDamagedLineIsSetAsideWithAWarningAndTheRestStaysUsable() throws IOException {
        recordTwo();
        List<String> lines = new ArrayList<>(Files.readAllLines(file(), UTF_8));
        String damaged = lines.get(1).substring(0, 40);
        lines.set(1, damaged);
        lines.add("{\"v\":1,\"target\":\"x\"}");
        Files.write(file(), lines, UTF_8);

        List<FindingRecord> left = store().findings(List.of(LAB, "x"));

        assertThat(left).extracting(FindingRecord::key).containsExactly(key(LAB, BIND));
        assertThat(Files.readAllLines(corrupt(), UTF_8)).containsExactly(damaged, "{\"v\":1,\"target\":\"x\"}");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.getFirst()).contains("finding state file " + file() + " line 2 is not a valid record (not JSON")
                .contains("moved it to " + corrupt());
        assertThat(warnings.get(1)).contains("line 3").contains("field \"node\" is missing");
        assertThat(Files.readAllLines(file(), UTF_8)).as("rewritten without them").hasSize(1);

        warnings.clear();
        store().record(run(hours(1), target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), fail(BIND, Severity.MEDIUM, "open"))));
        assertThat(warnings).as("set aside once").isEmpty();
        assertThat(store().find(key(LAB, TIMEOUT)).orElseThrow().firstSeen()).as("a lost record only means news again")
                .isEqualTo(hours(1));
    }

    @Test
    void aWhollyGarbledFileIsKeptAsideNotLost() throws IOException {
        byte[] garbage = new byte[3000];
        new java.util.Random(7).nextBytes(garbage);
        Files.createDirectories(findingsDir);
        Files.write(file(), garbage);

        assertThat(store().record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))))).hasSize(1);

        assertThat(Files.size(corrupt())).as("every byte kept, plus one line break per set-aside line")
                .isGreaterThanOrEqualTo(garbage.length - new String(garbage, UTF_8).chars().filter(c -> c == '\n').count());
        assertThat(warnings).isNotEmpty();
        assertThat(store().findings(List.of(LAB))).hasSize(1);
    }

    @Test
    void aSecondRecordForTheSameKeyIsSetAside() throws IOException {
        recordTwo();
        List<String> lines = Files.readAllLines(file(), UTF_8);
        String copy = lines.getFirst().replace("\"detail\":\"open\"", "\"detail\":\"copy\"");
        Files.writeString(file(), copy + "\n", StandardOpenOption.APPEND);

        assertThat(store().find(key(LAB, BIND)).orElseThrow().detail()).isEqualTo("open");
        assertThat(Files.readAllLines(corrupt(), UTF_8)).containsExactly(copy);
        assertThat(warnings).singleElement().asString().contains("a second record for " + key(LAB, BIND));
    }

    @Test
    void aRecordFromANewerGhostwatchStopsEverythingAndTouchesNothing() throws IOException {
        recordTwo();
        Files.writeString(file(), "{\"v\":2,\"whatever\":\"comes next\"}\n", StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(() -> store().findings(List.of(LAB))).isInstanceOf(FindingStoreException.class)
                .hasMessageContaining("finding state file " + file() + " line 3 was written in format 2")
                .hasMessageContaining("upgrade Ghostwatch").hasMessageContaining("left as it is");
        assertThatThrownBy(() -> store().record(run(hours(1), target(LAB, pass(TIMEOUT)))))
                .isInstanceOf(FindingStoreException.class);
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(corrupt()).doesNotExist();
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredAndReplaced() throws IOException {
        recordTwo();
        Files.writeString(findingsDir.resolve("findings.jsonl.tmp"), "{\"v\":1,\"half a rec");

        assertThat(store().findings(List.of(LAB))).hasSize(2);
        store().record(run(hours(1), target(LAB, pass(TIMEOUT))));
        assertThat(store().find(key(LAB, TIMEOUT)).orElseThrow().status()).isEqualTo(Status.RESOLVED);
        assertThat(findingsDir.resolve("findings.jsonl.tmp")).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    // ---- other processes ------------------------------------------------------------------------------------------

    private static Process recorder(Path dir, String target, int runs, Instant first, int findings) throws IOException {
        return ChildJvm.start(FindingRecorderMain.class, Map.of(), dir.toString(), target, Integer.toString(runs),
                Long.toString(first.toEpochMilli()), Integer.toString(findings));
    }

    private static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
    }

    private static void go(Process p) throws IOException {
        Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), UTF_8);
        in.write("go\n");
        in.flush();
    }

    @Test
    void twoProcessesAndThisOneRecordingAtOnceLoseNothing() throws Exception {
        Files.createDirectories(findingsDir);
        Process a = recorder(findingsDir, "proc-a", 30, T0, 20);
        Process b = recorder(findingsDir, "proc-b", 30, T0, 20);
        BufferedReader outA = stdout(a);
        BufferedReader outB = stdout(b);
        assertThat(outA.readLine()).isEqualTo("ready");
        assertThat(outB.readLine()).isEqualTo("ready");
        go(a);
        go(b);
        for (int i = 0; i < 30; i++) {
            store().record(run(T0.plusSeconds(i), target("this-jvm", fail(TIMEOUT, Severity.HIGH, "run " + i))));
        }
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(ChildJvm.stderr(a)).isZero();
        assertThat(b.exitValue()).as(ChildJvm.stderr(b)).isZero();

        for (String target : List.of("proc-a", "proc-b")) {
            List<FindingRecord> records = store().findings(List.of(target));
            assertThat(records).as(target).hasSize(20).allSatisfy(r -> {
                assertThat(r.detail()).isEqualTo("run 29");
                assertThat(r.version()).isEqualTo(30);
            });
        }
        assertThat(store().find(key("this-jvm", TIMEOUT)).orElseThrow().version()).isEqualTo(30);
        assertThat(warnings).isEmpty();
    }

    /**
     * SIGKILL at points spread over a whole record cycle (measured first), so some kills land while the file is being
     * written: a store that wrote in place would be caught with a torn or half-empty file.
     */
    @Test
    void aProcessKilledWhileRecordingLeavesOneWholeRun() throws Exception {
        Files.createDirectories(findingsDir);
        int kills = 8;
        for (int attempt = 0; attempt < kills; attempt++) {
            Process p = recorder(findingsDir, "crashy", 0, T0.plusSeconds(attempt * 10_000L), 300);
            BufferedReader out = stdout(p);
            assertThat(out.readLine()).isEqualTo("ready");
            go(p);
            assertThat(out.readLine()).as(ChildJvm.stderr(p)).startsWith("run ");
            long from = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThat(out.readLine()).as(ChildJvm.stderr(p)).startsWith("run ");
            }
            long cycle = (System.nanoTime() - from) / 3;
            TimeUnit.NANOSECONDS.sleep(cycle * attempt / kills);
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            List<FindingRecord> records = store().findings(List.of("crashy"));
            assertThat(records).hasSize(300);
            assertThat(records.stream().map(FindingRecord::detail).distinct()).as("every finding from one and the same run")
                    .hasSize(1);
            assertThat(records.stream().map(FindingRecord::lastSeen).distinct()).hasSize(1);
            assertThat(warnings).as("nothing torn, nothing set aside").isEmpty();
            assertThat(corrupt()).doesNotExist();
        }
    }
}
