package io.ghostwatch.core.change;

import static io.ghostwatch.core.change.Changes.APPROVER;
import static io.ghostwatch.core.change.Changes.LAB;
import static io.ghostwatch.core.change.Changes.T0;
import static io.ghostwatch.core.change.Changes.minutes;
import static io.ghostwatch.core.change.Changes.proposed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileChangeStore} on real files in a temporary directory: the contract, then what only files have. */
class FileChangeStoreTest extends ChangeStoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private Path changesDir;

    @BeforeEach
    void setUp() {
        changesDir = dir.resolve("changes");
    }

    /** The contract's changes are proposed in 2026: its clock sits there, so retention forgets none of them. */
    @Override
    protected FileChangeStore store() {
        return store(T0);
    }

    @Override
    protected ChangeStore anotherStore() {
        return store();
    }

    private FileChangeStore store(Instant now) {
        return new FileChangeStore(changesDir, ChangeStore.DEFAULT_RETENTION, Clock.fixed(now, ZoneOffset.UTC),
                warnings::add);
    }

    private Path file(Change c) {
        return changesDir.resolve(c.id().value() + ".json");
    }

    private Path corrupt(Change c) {
        return changesDir.resolve(c.id().value() + ".json.corrupt");
    }

    // ---- layout ---------------------------------------------------------------------------------------------------

    @Test
    void everyChangeIsOneSelfDescribingJsonFile() throws IOException {
        Change c = proposed();
        store().create(c);
        store().transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), "ok");

        try (var files = Files.list(changesDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(".lock", c.id().value() + ".json");
        }
        JsonNode doc = JSON.readTree(file(c).toFile());
        assertThat(doc.get("v").asInt()).isEqualTo(1);
        assertThat(doc.get("id").asText()).isEqualTo(c.id().value());
        assertThat(doc.get("target").asText()).isEqualTo(LAB);
        assertThat(doc.get("action").get("kind").asText()).isEqualTo("set-parameters");
        assertThat(doc.get("action").get("values").get("timeout").asLong()).isEqualTo(86400);
        assertThat(doc.get("before").get("[::1]:6380").get("tcp-keepalive").asLong()).isEqualTo(300);
        assertThat(doc.get("state").asText()).isEqualTo("APPROVED");
        assertThat(doc.get("version").asLong()).isEqualTo(2);
        assertThat(doc.get("history").get(0).get("actor").asText()).isEqualTo(APPROVER);
        assertThat(Files.readAllLines(file(c), UTF_8)).as("pretty-printed for a person").hasSizeGreaterThan(10);
        assertThat(warnings).isEmpty();
    }

    @Test
    void theDefaultDirectoryIsBesideTheFindingsUnderXdgDataHome() {
        assertThat(FileChangeStore.defaultDirectory(Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/u")))
                .isEqualTo(Path.of("/data/ghostwatch/changes"));
        assertThat(FileChangeStore.defaultDirectory(Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.local/share/ghostwatch/changes"));
    }

    @Test
    void aPathThatIsAFileIsNamedInTheError() throws IOException {
        Files.writeString(changesDir, "not a directory");
        assertThatThrownBy(() -> store().find(ChangeId.random())).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("change directory " + changesDir + " is not a directory");
    }

    // ---- damage ---------------------------------------------------------------------------------------------------

    @Test
    void aTruncatedFileIsSetAsideWholeAndFindSaysSoNamingFileAndLine() throws IOException {
        Change c = proposed();
        Change other = proposed(LAB, minutes(1));
        store().create(c);
        store().create(other);
        byte[] whole = Files.readAllBytes(file(c));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        Files.write(file(c), truncated);
        long lines = new String(truncated, UTF_8).lines().count();

        assertThatThrownBy(() -> store().find(c.id())).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("change " + c.id() + " cannot be read: file " + file(c))
                .hasMessageContaining("not JSON (line " + lines + ",")
                .hasMessageContaining("moved to " + corrupt(c));
        assertThat(Files.readAllBytes(corrupt(c))).as("every byte kept").isEqualTo(truncated);
        assertThat(file(c)).doesNotExist();
        assertThat(warnings).singleElement().asString().contains("change file " + file(c) + " is not a valid change")
                .contains("moved it to " + corrupt(c));

        // afterwards: still an error, never "no such change"; the others are unharmed
        assertThatThrownBy(() -> store().find(c.id())).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("change " + c.id() + " is damaged: its file was set aside as " + corrupt(c));
        assertThatThrownBy(() -> store().transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(2), ""))
                .isInstanceOf(ChangeStoreException.class).hasMessageContaining("is damaged");
        assertThatThrownBy(() -> store().create(c)).isInstanceOf(DuplicateChangeException.class);
        assertThat(store().recent(Optional.empty(), 10)).containsExactly(other);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void recentSetsDamagedFilesAsideWithAWarningAndListsTheRest() throws IOException {
        Change good = proposed();
        Change bad = proposed(LAB, minutes(1));
        Change wrongField = proposed(LAB, minutes(2));
        for (Change c : List.of(good, bad, wrongField)) {
            store().create(c);
        }
        Files.write(file(bad), new byte[] {0, (byte) 0xff, '{'});
        Files.writeString(file(wrongField), Files.readString(file(wrongField), UTF_8)
                .replace("\"PROPOSED\"", "\"MAYBE\""), UTF_8);

        assertThat(store().recent(Optional.of(LAB), 10)).containsExactly(good);
        assertThat(warnings).hasSize(2).anySatisfy(w -> assertThat(w).contains(file(bad).toString()))
                .anySatisfy(w -> assertThat(w).contains(file(wrongField).toString())
                        .contains("'MAYBE' is not a change state"));
        assertThat(corrupt(bad)).exists();
        assertThat(corrupt(wrongField)).exists();
        warnings.clear();
        assertThat(store().recent(Optional.of(LAB), 10)).containsExactly(good);
        assertThat(warnings).as("warned once").isEmpty();
    }

    @Test
    void aFileHoldingAnotherChangeIsDamageToo() throws IOException {
        Change a = proposed();
        Change b = proposed(LAB, minutes(1));
        store().create(a);
        store().create(b);
        Files.copy(file(a), file(b), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> store().find(b.id())).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("it holds change " + a.id() + ", not " + b.id());
        assertThat(store().find(a.id())).contains(a);
    }

    @Test
    void aFileFromANewerGhostwatchStopsEverythingAndTouchesNothing() throws IOException {
        Change c = proposed();
        store().create(c);
        String newer = Files.readString(file(c), UTF_8).replaceFirst("\"v\" : 1", "\"v\" : 2");
        assertThat(newer).contains("\"v\" : 2");
        Files.writeString(file(c), newer, UTF_8);

        assertThatThrownBy(() -> store().find(c.id())).isInstanceOf(ChangeStoreException.class)
                .hasMessageContaining("change file " + file(c) + " was written in format 2")
                .hasMessageContaining("upgrade Ghostwatch").hasMessageContaining("left as it is");
        assertThatThrownBy(() -> store().recent(Optional.empty(), 5)).isInstanceOf(ChangeStoreException.class);
        assertThat(Files.readString(file(c), UTF_8)).isEqualTo(newer);
        assertThat(corrupt(c)).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredAndReplaced() throws IOException {
        Change c = proposed();
        store().create(c);
        Path temp = changesDir.resolve(c.id().value() + ".json.tmp");
        Files.writeString(temp, "{\"v\":1,\"half a chan");

        assertThat(store().recent(Optional.empty(), 5)).containsExactly(c);
        store().transition(c.id(), 1, ChangeState.APPROVED, APPROVER, minutes(1), "");
        assertThat(store().find(c.id()).orElseThrow().state()).isEqualTo(ChangeState.APPROVED);
        assertThat(temp).doesNotExist();
        assertThat(warnings).isEmpty();
    }

    // ---- retention ------------------------------------------------------------------------------------------------

    @Test
    void changesOlderThanTheRetentionAreForgottenWhenAChangeIsCreated() {
        Change old = proposed(LAB, T0);
        Change kept = proposed(LAB, T0.plus(Duration.ofDays(1)));
        store(T0).create(old);
        store(T0).create(kept);

        Instant later = T0.plus(ChangeStore.DEFAULT_RETENTION).plus(Duration.ofHours(1));
        assertThat(store(later).find(old.id())).as("kept at least the retention; forgotten only on a write").isPresent();
        Change fresh = proposed(LAB, later);
        store(later).create(fresh);

        assertThat(store(later).find(old.id())).isEmpty();
        assertThat(store(later).recent(Optional.empty(), 10)).containsExactly(fresh, kept);
        assertThatThrownBy(() -> new FileChangeStore(changesDir, Duration.ZERO, Clock.systemUTC(), warnings::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention must be positive");
    }

    // ---- other processes ------------------------------------------------------------------------------------------

    @Test
    void twoProcessesRacingToApproveGiveExactlyOneApprovalEach() throws Exception {
        int changes = 15;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            Change c = proposed(LAB, T0.plusSeconds(i));
            store().create(c);
            ids.add(c.id().value());
        }
        List<Process> racers = new ArrayList<>();
        for (String approver : List.of("U0PROCESSA", "U0PROCESSB")) {
            List<String> args = new ArrayList<>(List.of(changesDir.toString(), approver,
                    Long.toString(minutes(5).toEpochMilli())));
            args.addAll(ids);
            racers.add(ChildJvm.start(ChangeApproverMain.class, Map.of(), args.toArray(String[]::new)));
        }
        List<BufferedReader> outputs = new ArrayList<>();
        for (Process p : racers) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
            assertThat(out.readLine()).as(ChildJvm.stderr(p)).isEqualTo("ready");
            outputs.add(out);
        }
        for (Process p : racers) {
            Writer in = new OutputStreamWriter(p.getOutputStream(), UTF_8);
            in.write("go\n");
            in.flush();
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < racers.size(); i++) {
            Process p = racers.get(i);
            for (String line = outputs.get(i).readLine(); line != null && !line.equals("done");
                 line = outputs.get(i).readLine()) {
                lines.add(line);
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(ChildJvm.stderr(p)).isZero();
        }

        for (String id : ids) {
            List<String> about = lines.stream().filter(l -> l.contains(" " + id)).toList();
            assertThat(about).as(id).hasSize(2);
            assertThat(about).as(id).filteredOn(l -> l.startsWith("won ")).hasSize(1);
            Change stored = store().find(new ChangeId(id)).orElseThrow();
            assertThat(stored.version()).isEqualTo(2);
            String winner = stored.movedTo(ChangeState.APPROVED).orElseThrow().actor();
            assertThat(about).as(id).filteredOn(l -> l.startsWith("lost ")).singleElement().asString()
                    .endsWith(" to " + winner);
        }
        assertThat(warnings).isEmpty();
    }
}
