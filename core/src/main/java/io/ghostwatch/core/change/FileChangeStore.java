package io.ghostwatch.core.change;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.storage.LocalDataDirectory;
import io.ghostwatch.core.storage.NewerFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Changes in a local directory: the store of local runs (CLI, the bot's local server), no AWS account needed. Default
 * place: {@code $XDG_DATA_HOME/ghostwatch/changes}, beside the audit history and the finding state.
 *
 * <h2>Layout</h2>
 * One file per change, {@code <id>.json} (e.g. {@code chg-7k2m9x4d1q.json}), holding the whole change as one
 * pretty-printed JSON document ({@code ChangeJson}). Beside them: {@code .lock}, {@code <id>.json.tmp} (the next
 * version while it is being written) and {@code <id>.json.corrupt} (a damaged file set aside). A file per change keeps
 * every write small (a move rewrites one change, not the year's) and keeps damage to one change.
 *
 * <h2>Atomicity and concurrency</h2>
 * A write goes to the temporary file, is forced to disk, renamed over {@code <id>.json} (an atomic replace) and the
 * directory forced: a crash leaves the old version or the new one, never a torn file; a temporary file a crash left
 * behind is ignored and later written over. Every operation holds the directory's lock
 * ({@link LocalDataDirectory#locked}: threads of this JVM and other processes), so a move's read, version check and
 * write are one step: of two approvals racing, exactly one is made.
 *
 * <h2>Damage</h2>
 * Never silent. A file that is not a valid change (disk damage, a hand edit gone wrong, a truncated copy) is renamed
 * to {@code <id>.json.corrupt} (every byte kept) with a warning naming the file, the line where JSON parsing stopped
 * and what is wrong. {@link #find} of that change (and any move of it) then fails with an error saying so, rather than
 * answering "no such change"; {@link #recent} leaves it out after the warning. A file written by a newer Ghostwatch
 * is not damage: the operation stops with an error naming the file, which is left as it is.
 *
 * <h2>Retention</h2>
 * When a change is created, changes created longer ago than the retention ({@link ChangeStore#DEFAULT_RETENTION}, 400
 * days) are deleted, whatever their state (as DynamoDB's TTL does in {@link DynamoDbChangeStore}).
 */
public final class FileChangeStore implements ChangeStore {

    static final String SUFFIX = ".json";
    static final String TEMP = SUFFIX + ".tmp";
    static final String CORRUPT = SUFFIX + ".corrupt";
    private static final Pattern CHANGE_FILE = Pattern.compile(ChangeId.PREFIX + "[0-9a-z]{" + ChangeId.RANDOM_CHARS
            + "}" + Pattern.quote(SUFFIX));

    private final Path directory;
    private final Duration retention;
    private final Clock clock;
    private final Consumer<String> warnings;

    /**
     * @param warnings receives one sentence per damaged file set aside; the CLI prints them
     */
    public FileChangeStore(Path directory, Consumer<String> warnings) {
        this(directory, DEFAULT_RETENTION, Clock.systemUTC(), warnings);
    }

    public FileChangeStore(Path directory, Duration retention, Clock clock, Consumer<String> warnings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("change retention must be positive, not " + retention);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * {@code $XDG_DATA_HOME/ghostwatch/changes}, or {@code ~/.local/share/ghostwatch/changes} when XDG_DATA_HOME is
     * unset, empty or relative.
     */
    public static Path defaultDirectory(Map<String, String> env) {
        return LocalDataDirectory.defaultDirectory(env, "changes", "XDG_DATA_HOME or HOME");
    }

    public Path directory() {
        return directory;
    }

    /** The file of one change (it may not exist). */
    public Path file(ChangeId id) {
        return directory.resolve(id.value() + SUFFIX);
    }

    @Override
    public void create(Change change) {
        Objects.requireNonNull(change, "change");
        createDirectory();
        locked("create " + change.id() + " in", () -> {
            Path file = file(change.id());
            if (Files.exists(file) || Files.exists(corrupt(change.id()))) {
                throw new DuplicateChangeException("change " + change.id() + " already exists (" + file
                        + "); nothing was overwritten");
            }
            forgetExpired();
            write(change);
            return null;
        });
    }

    @Override
    public Optional<Change> find(ChangeId id) {
        Objects.requireNonNull(id, "id");
        if (!exists()) {
            return Optional.empty();
        }
        return locked("read " + id + " from", () -> read(id));
    }

    @Override
    public TransitionOutcome transition(ChangeId id, long expectedVersion, ChangeState to, String actor, Instant at,
                                        String note, ChangeOutcome result) {
        Objects.requireNonNull(id, "id");
        if (!exists()) {
            return new TransitionOutcome.Missing(id);
        }
        return locked("move " + id + " to " + to + " in", () -> {
            Optional<Change> stored = read(id);
            if (stored.isEmpty()) {
                return new TransitionOutcome.Missing(id);
            }
            Change current = stored.get();
            if (current.version() != expectedVersion) {
                return new TransitionOutcome.Conflict(current);
            }
            Change next = current.transitionTo(to, actor, at, note, result);
            write(next);
            return new TransitionOutcome.Done(next);
        });
    }

    @Override
    public Change setApprovalMessage(ChangeId id, PostedMessage message) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        if (!exists()) {
            throw new ChangeStoreException("cannot record the approval message of " + id + ": there is no change "
                    + id + " in " + directory);
        }
        return locked("record the approval message of " + id + " in", () -> {
            Change current = read(id).orElseThrow(() -> new ChangeStoreException("cannot record the approval message"
                    + " of " + id + ": there is no change " + id + " in " + directory));
            Change next = current.withApprovalMessage(message);
            write(next);
            return next;
        });
    }

    @Override
    public List<Change> recent(Optional<String> target, int limit) {
        Objects.requireNonNull(target, "target");
        if (limit < 1) {
            throw new IllegalArgumentException("a list of recent changes needs a limit of at least 1, not " + limit);
        }
        if (!exists()) {
            return List.of();
        }
        return locked("list the changes in", () -> readAll().stream()
                .filter(c -> target.isEmpty() || c.target().equals(target.get()))
                .sorted(Comparator.comparing(Change::createdAt).thenComparing(Change::id).reversed())
                .limit(limit)
                .toList());
    }

    // ---- locking ------------------------------------------------------------------------------------------------

    private boolean exists() {
        if (Files.isDirectory(directory)) {
            return true;
        }
        if (Files.exists(directory)) {
            throw new ChangeStoreException("change directory " + directory + " is not a directory");
        }
        return false;
    }

    private void createDirectory() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ChangeStoreException("cannot create the change directory " + directory + ": " + e, e);
        }
    }

    private <T> T locked(String what, LocalDataDirectory.IoAction<T> action) {
        try {
            return LocalDataDirectory.locked(directory, action);
        } catch (IOException e) {
            throw new ChangeStoreException("cannot " + what + " the change directory " + directory + ": " + e, e);
        }
    }

    // ---- reading and writing --------------------------------------------------------------------------------------

    private Path corrupt(ChangeId id) {
        return directory.resolve(id.value() + CORRUPT);
    }

    /** One change; a damaged file is set aside (with a warning) and reported as an error, never as "no change". */
    private Optional<Change> read(ChangeId id) throws IOException {
        Path file = file(id);
        if (!Files.exists(file)) {
            if (Files.exists(corrupt(id))) {
                throw new ChangeStoreException("change " + id + " is damaged: its file was set aside as "
                        + corrupt(id) + " (repair it and rename it to " + file.getFileName() + ")");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(parse(file, id));
        } catch (InvalidRecordException e) {
            String moved = setAside(file, id, e.getMessage());
            throw new ChangeStoreException("change " + id + " cannot be read: file " + file + " is not a valid change ("
                    + e.getMessage() + "); it was moved to " + moved);
        }
    }

    /** Every readable change; damaged files are set aside with a warning each. */
    private List<Change> readAll() throws IOException {
        List<Change> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!CHANGE_FILE.matcher(name).matches()) {
                    continue;
                }
                ChangeId id;
                try {
                    id = new ChangeId(name.substring(0, name.length() - SUFFIX.length()));
                } catch (IllegalArgumentException e) {
                    continue; // not an ID (a letter outside the alphabet): not a change file
                }
                try {
                    all.add(parse(file, id));
                } catch (InvalidRecordException e) {
                    setAside(file, id, e.getMessage());
                }
            }
        }
        return all;
    }

    private static Change parse(Path file, ChangeId id) throws IOException, InvalidRecordException {
        try {
            Change c = ChangeJson.parse(Files.readAllBytes(file));
            if (!c.id().equals(id)) {
                throw new InvalidRecordException("it holds change " + c.id() + ", not " + id);
            }
            return c;
        } catch (NewerFormatException e) {
            throw new ChangeStoreException("change file " + file + " was written in " + e.getMessage()
                    + "; the file was left as it is");
        }
    }

    /** Renames a damaged file out of the way, keeping every byte, and warns; returns where it went. */
    private String setAside(Path file, ChangeId id, String problem) throws IOException {
        Path aside = corrupt(id);
        for (int n = 2; Files.exists(aside); n++) {
            aside = directory.resolve(id.value() + CORRUPT + "." + n);
        }
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        warnings.accept("change file " + file + " is not a valid change (" + problem + "): moved it to " + aside);
        return aside.toString();
    }

    private void forgetExpired() throws IOException {
        Instant before = clock.instant().minus(retention);
        for (Change c : readAll()) {
            if (c.createdAt().isBefore(before)) {
                Files.deleteIfExists(file(c.id()));
            }
        }
    }

    /** Replaces the change's file: temporary file, fsync, atomic rename, fsync of the directory. */
    private void write(Change change) throws IOException {
        Path temp = directory.resolve(change.id().value() + TEMP);
        try (FileChannel ch = FileChannel.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(ChangeJson.document(change));
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(temp, file(change.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** Makes a rename durable. Some file systems cannot open a directory for this; the rename itself stands. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: on Linux file systems this works; elsewhere the rename is still atomic, only later durable
        }
    }
}
