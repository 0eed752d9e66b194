package io.ghostwatch.core.findings;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.storage.NewerFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import io.ghostwatch.core.storage.LocalDataDirectory;

/**
 * Finding state in a local directory: the CLI's store, no AWS account needed. Default place:
 * {@code $XDG_DATA_HOME/ghostwatch/findings}, beside the audit history.
 *
 * <h2>Layout</h2>
 * {@code findings.jsonl} holds every finding, one JSON record per line ({@code FindingJson}), in key order. Beside it:
 * {@code .lock}, {@code findings.jsonl.tmp} (the next version while it is being written) and
 * {@code findings.jsonl.corrupt} (damaged records set aside).
 *
 * <h2>Atomicity</h2>
 * A run is recorded all or nothing: the whole new state is written to the temporary file, forced to disk, renamed over
 * {@code findings.jsonl} (an atomic replace) and the directory forced. A crash at any point leaves either the previous
 * state or the new one, never a mix and never a torn file; a temporary file a crash left behind is simply written over.
 *
 * <h2>Concurrency</h2>
 * Every operation holds the directory's lock: an in-JVM lock (shared by every store on the same real directory) and an
 * exclusive {@link FileLock} on {@code .lock} for other processes. Read, change and write happen under one hold, so
 * audits running at once never lose each other's updates; {@link FindingLedger} makes an older run's results lose to
 * a newer one's whichever writes last. The lock lives in a file that is never replaced.
 *
 * <h2>Damage</h2>
 * Nothing is dropped silently. A line that is not a valid record (disk damage, a hand edit) or repeats a key is
 * appended to {@code findings.jsonl.corrupt}, durably, before the main file is rewritten without it, and a warning
 * names the file, the line and what is wrong; the other findings stay usable (a lost record only means its finding is
 * announced as new again). A record written by a newer Ghostwatch is not damage: the operation stops with an error
 * naming the file and line, and the file is left as it is.
 *
 * <h2>Retention</h2>
 * Resolved findings are removed when a run is recorded and they were resolved longer ago than the retention
 * ({@link #DEFAULT_RETENTION}); open findings are kept while open.
 */
public final class FileFindingStore implements FindingStore {

    /** How long a resolved finding is remembered, so one that comes back keeps its first-seen time. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    static final String FILE = "findings.jsonl";
    static final String TEMP = FILE + ".tmp";
    static final String CORRUPT = FILE + ".corrupt";
    static final String LOCK_FILE = LocalDataDirectory.LOCK_FILE;
    private static final int WARNINGS_PER_READ = 5;

    private final Path directory;
    private final Duration retention;
    private final Clock clock;
    private final Consumer<String> warnings;

    /**
     * @param warnings receives one sentence per damaged record set aside; the CLI prints them
     */
    public FileFindingStore(Path directory, Consumer<String> warnings) {
        this(directory, DEFAULT_RETENTION, Clock.systemUTC(), warnings);
    }

    public FileFindingStore(Path directory, Duration retention, Clock clock, Consumer<String> warnings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("finding retention must be positive, not " + retention);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * {@code $XDG_DATA_HOME/ghostwatch/findings}, or {@code ~/.local/share/ghostwatch/findings} when XDG_DATA_HOME is
     * unset, empty or relative (as the XDG Base Directory specification says).
     */
    public static Path defaultDirectory(Map<String, String> env) {
        return LocalDataDirectory.defaultDirectory(env, "findings", "XDG_DATA_HOME or HOME");
    }

    public Path directory() {
        return directory;
    }

    /** The file holding every finding (it may not exist yet). */
    public Path file() {
        return directory.resolve(FILE);
    }

    @Override
    public List<FindingRecord> findings(Collection<String> targets) {
        Set<String> wanted = new HashSet<>(targets);
        if (!exists()) {
            return List.of();
        }
        return locked("read", () -> load().values().stream().filter(r -> wanted.contains(r.key().target())).toList());
    }

    @Override
    public Optional<FindingRecord> find(FindingKey key) {
        Objects.requireNonNull(key, "key");
        if (!exists()) {
            return Optional.empty();
        }
        return locked("read", () -> Optional.ofNullable(load().get(key)));
    }

    @Override
    public List<FindingRecord> record(AuditReport report) {
        Instant run = FindingLedger.runTime(report);
        Set<String> targets = FindingLedger.targets(report);
        Map<FindingKey, Finding> observed = FindingLedger.observed(report);
        createDirectory();
        return locked("record " + observed.size() + " finding(s) in", () -> {
            Map<FindingKey, FindingRecord> state = load();
            boolean changed = false;
            for (Map.Entry<FindingKey, Finding> e : observed.entrySet()) {
                Optional<FindingRecord> next = FindingLedger.observe(state.get(e.getKey()), e.getKey(), e.getValue(), run);
                if (next.isPresent()) {
                    state.put(e.getKey(), next.get());
                    changed = true;
                }
            }
            Instant forgetBefore = clock.instant().minus(retention);
            changed |= state.values().removeIf(r -> !r.open() && r.resolvedAt().isBefore(forgetBefore));
            if (changed) {
                save(state.values());
            }
            return state.values().stream().filter(r -> targets.contains(r.key().target())).toList();
        });
    }

    @Override
    public void recordReported(Instant run, Map<FindingKey, Status> told, PostedMessage postedIn) {
        Objects.requireNonNull(run, "run");
        if (told.isEmpty()) {
            return;
        }
        createDirectory();
        locked("record the digest of " + told.size() + " finding(s) in", () -> {
            Map<FindingKey, FindingRecord> state = load();
            boolean changed = false;
            for (Map.Entry<FindingKey, Status> e : told.entrySet()) {
                Optional<FindingRecord> next = FindingLedger.told(state.get(e.getKey()), e.getValue(), run, postedIn);
                if (next.isPresent()) {
                    state.put(e.getKey(), next.get());
                    changed = true;
                }
            }
            if (changed) {
                save(state.values());
            }
            return null;
        });
    }

    // ---- locking ------------------------------------------------------------------------------------------------

    private boolean exists() {
        if (Files.isDirectory(directory)) {
            return true;
        }
        if (Files.exists(directory)) {
            throw new FindingStoreException("finding state directory " + directory + " is not a directory");
        }
        return false;
    }

    private void createDirectory() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new FindingStoreException("cannot create the finding state directory " + directory + ": " + e, e);
        }
    }

    private <T> T locked(String what, LocalDataDirectory.IoAction<T> action) {
        try {
            return LocalDataDirectory.locked(directory, action);
        } catch (IOException e) {
            throw new FindingStoreException("cannot " + what + " the finding state in " + directory + ": " + e, e);
        }
    }

    // ---- reading and writing --------------------------------------------------------------------------------------

    private record Damage(int line, String reason, byte[] record) {
    }

    /** Every record, damaged ones set aside (durably, with warnings) and the file rewritten without them. */
    private Map<FindingKey, FindingRecord> load() throws IOException {
        Path file = file();
        Map<FindingKey, FindingRecord> state = new TreeMap<>();
        if (!Files.exists(file)) {
            return state;
        }
        byte[] bytes = Files.readAllBytes(file);
        List<Damage> damage = new ArrayList<>();
        int line = 0;
        for (int start = 0; start < bytes.length; ) {
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            line++;
            if (!isBlank(bytes, start, nl)) {
                try {
                    FindingRecord r = FindingJson.parse(bytes, start, nl - start);
                    if (state.putIfAbsent(r.key(), r) != null) {
                        damage.add(new Damage(line, "a second record for " + r.key(), Arrays.copyOfRange(bytes, start, nl)));
                    }
                } catch (InvalidRecordException e) {
                    damage.add(new Damage(line, e.getMessage(), Arrays.copyOfRange(bytes, start, nl)));
                } catch (NewerFormatException e) {
                    throw new FindingStoreException("finding state file " + file + " line " + line + " was written in "
                            + e.getMessage() + "; the file was left as it is");
                }
            }
            start = nl + 1;
        }
        if (!damage.isEmpty()) {
            setAside(damage.stream().map(Damage::record).toList());
            save(state.values());
            for (int i = 0; i < damage.size() && i < WARNINGS_PER_READ; i++) {
                Damage d = damage.get(i);
                warnings.accept("finding state file " + file + " line " + d.line() + " is not a valid record ("
                        + d.reason() + "): moved it to " + directory.resolve(CORRUPT));
            }
            if (damage.size() > WARNINGS_PER_READ) {
                warnings.accept("finding state file " + file + ": " + (damage.size() - WARNINGS_PER_READ)
                        + " more invalid lines moved to " + directory.resolve(CORRUPT));
            }
        }
        return state;
    }

    /** Replaces the file with these records: temporary file, fsync, atomic rename, fsync of the directory. */
    private void save(Collection<FindingRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * (records.size() + 1));
        records.forEach(r -> out.writeBytes(FindingJson.line(r)));
        Path temp = directory.resolve(TEMP);
        try (FileChannel ch = FileChannel.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(out.toByteArray()));
            ch.force(true);
        }
        Files.move(temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** Appends each record, as one line, to the side file, durably, before the caller drops them. */
    private void setAside(List<byte[]> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes(r);
            out.write('\n');
        }
        try (FileChannel ch = FileChannel.open(directory.resolve(CORRUPT), CREATE, WRITE, StandardOpenOption.APPEND)) {
            writeFully(ch, ByteBuffer.wrap(out.toByteArray()));
            ch.force(true);
        }
    }

    /** Makes the rename durable. Some file systems cannot open a directory for this; the rename itself stands. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: on Linux file systems this works; elsewhere the rename is still atomic, only later durable
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }

    private static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
