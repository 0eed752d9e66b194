package io.ghostwatch.core.history;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.storage.NewerFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import io.ghostwatch.core.storage.LocalDataDirectory;

/**
 * Audit history in a local directory: the CLI's default store, no AWS account needed.
 *
 * <h2>Layout</h2>
 * One JSON Lines file per series ({@code <target>@<node>.jsonl}, characters outside {@code [A-Za-z0-9._-]}
 * percent-encoded, so {@code lab-1@%5B%3A%3A1%5D%3A6379.jsonl} for node {@code [::1]:6379}; very long names are
 * shortened with a hash). Each line is one sample as a self-describing JSON object with a format version (see
 * {@code SampleJson}); every record carries its target and node, so a shared file name (a hash collision, a
 * case-insensitive file system) never mixes series. Beside them: {@code .lock}, and {@code <file>.corrupt} where
 * unreadable records are set aside.
 *
 * <h2>Concurrency</h2>
 * Every operation holds the directory's lock: an in-JVM lock (shared by every store on the same real directory)
 * and an exclusive {@link FileLock} on {@code .lock} for other processes. So audits running at once, in threads
 * or processes, never interleave or lose records. All records of one series in one append go out in a single
 * write at the end of the file, followed by {@code fsync}. Replacing a file (pruning, quarantine) writes a
 * temporary file and renames it over the old one; that is safe because the lock lives in a file that is never
 * replaced.
 *
 * <h2>Damage</h2>
 * Nothing is dropped silently. A file that does not end with a line break ends in a partial record (a crash
 * mid-write): the partial bytes are moved to {@code <file>.corrupt} and a warning goes to the listener; appends
 * go on. A complete line that is not a valid sample (disk damage, a hand edit) is quarantined the same way, with
 * a warning naming the file, the line number and what is wrong, and the rest of the history stays usable: leak
 * detection can live with a gap, not with an audit that stops. A line written by a newer Ghostwatch (a higher
 * format version) is not damage: reading stops with an error naming the file and line, and the file is left as
 * it is.
 *
 * <h2>Retention</h2>
 * Samples older than the retention ({@link #DEFAULT_RETENTION}, 30 days, unless given) are removed from a
 * series file when an append to it finds its oldest record more than a day past the retention, so files stay
 * bounded without rewriting them on every run. {@link #prune(Instant)} removes old samples from every file on
 * demand.
 *
 * <p>Times are kept to the millisecond; a sample appended again for the same series and millisecond replaces
 * the earlier one (see {@link SampleStore}).
 */
public final class FileSampleStore implements SampleStore {

    /** How long samples are kept by default: enough for weeks-long leak trends, bounded on disk. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    static final String SUFFIX = ".jsonl";
    static final String CORRUPT_SUFFIX = ".corrupt";
    static final String LOCK_FILE = LocalDataDirectory.LOCK_FILE;

    /** Pruning on append waits until the oldest record is this far past the retention. */
    private static final Duration PRUNE_SLACK = Duration.ofDays(1);
    private static final int MAX_NAME = 200;
    private static final int WARNINGS_PER_FILE = 5;

    private final Path directory;
    private final Duration retention;
    private final Clock clock;
    private final Consumer<String> warnings;

    /**
     * A store with the default retention.
     *
     * @param warnings receives one sentence per damaged record set aside; the CLI prints them
     */
    public FileSampleStore(Path directory, Consumer<String> warnings) {
        this(directory, DEFAULT_RETENTION, Clock.systemUTC(), warnings);
    }

    public FileSampleStore(Path directory, Duration retention, Clock clock, Consumer<String> warnings) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("history retention must be positive, not " + retention);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * Where history lives when no directory is given: {@code $XDG_DATA_HOME/ghostwatch/history}, or
     * {@code ~/.local/share/ghostwatch/history} when XDG_DATA_HOME is unset, empty or relative (as the XDG Base
     * Directory specification says).
     */
    public static Path defaultDirectory(Map<String, String> env) {
        return LocalDataDirectory.defaultDirectory(env, "history", "--history DIR");
    }

    public Path directory() {
        return directory;
    }

    public Duration retention() {
        return retention;
    }

    /** The file holding one series (it may not exist yet). */
    public Path fileOf(String target, String node) {
        Samples.checkSeries(target, node);
        return directory.resolve(fileName(target, node));
    }

    @Override
    public void append(List<ServerSample> samples) {
        List<ServerSample> checked = Samples.checked(samples);
        if (checked.isEmpty()) {
            return;
        }
        Map<Path, List<ServerSample>> byFile = new LinkedHashMap<>();
        for (ServerSample s : checked) {
            byFile.computeIfAbsent(directory.resolve(fileName(s.target(), s.node())), f -> new ArrayList<>()).add(s);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SampleStoreException("cannot create the history directory " + directory + ": " + e, e);
        }
        locked("append " + checked.size() + " sample(s) to", () -> {
            int stored = 0;
            for (Map.Entry<Path, List<ServerSample>> e : byFile.entrySet()) {
                try {
                    appendTo(e.getKey(), e.getValue());
                } catch (IOException | RuntimeException ex) {
                    throw new SampleStoreException((checked.size() - stored) + " of " + checked.size()
                            + " samples were not stored: cannot append to " + e.getKey() + ": " + ex, ex);
                }
                stored += e.getValue().size();
                try {
                    pruneOnAppend(e.getKey());
                } catch (IOException | SampleStoreException ex) {
                    // the samples are stored; an old file that cannot be pruned now is pruned by a later run
                    warnings.accept("could not remove samples older than " + retention.toDays() + " days from "
                            + e.getKey() + ": " + ex.getMessage());
                }
            }
            return null;
        });
    }

    @Override
    public List<ServerSample> history(String target, String node, Instant since) {
        Samples.checkSeries(target, node);
        Objects.requireNonNull(since, "since");
        Path file = directory.resolve(fileName(target, node));
        if (!Files.isDirectory(directory)) {
            if (Files.exists(directory)) {
                throw new SampleStoreException("history directory " + directory + " is not a directory");
            }
            return List.of();
        }
        return locked("read", () -> {
            if (!Files.exists(file)) {
                return List.of();
            }
            List<ServerSample> mine = new ArrayList<>();
            for (Entry e : readRepairing(file).entries()) {
                if (e.sample().target().equals(target) && e.sample().node().equals(node)) {
                    mine.add(e.sample());
                }
            }
            return Samples.history(mine, since);
        });
    }

    /**
     * Removes samples with {@code time < before} from every series file (deleting files left empty), setting
     * aside any damaged records it meets on the way.
     *
     * @return how many samples were removed
     */
    public int prune(Instant before) {
        Objects.requireNonNull(before, "before");
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        return locked("prune", () -> {
            int removed = 0;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
                for (Path file : files) {
                    if (Files.isRegularFile(file)) {
                        removed += pruneFile(file, before);
                    }
                }
            }
            return removed;
        });
    }

    // ---- locking ------------------------------------------------------------------------------------------------

    private <T> T locked(String what, LocalDataDirectory.IoAction<T> action) {
        try {
            return LocalDataDirectory.locked(directory, action);
        } catch (IOException e) {
            throw new SampleStoreException("cannot " + what + " the history in " + directory + ": " + e, e);
        }
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    private void appendTo(Path file, List<ServerSample> samples) throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (ServerSample s : samples) {
            records.writeBytes(SampleJson.line(s));
        }
        try (FileChannel ch = FileChannel.open(file, CREATE, READ, WRITE)) {
            long size = ch.size();
            if (size > 0 && byteAt(ch, size - 1) != '\n') {
                size = setAsidePartialTail(file, ch, size);
            }
            ByteBuffer buffer = ByteBuffer.wrap(records.toByteArray());
            long position = size;
            while (buffer.hasRemaining()) {
                position += ch.write(buffer, position);
            }
            ch.force(false);
        }
    }

    /** Moves the bytes after the last line break to the side file; returns the new size. */
    private long setAsidePartialTail(Path file, FileChannel ch, long size) throws IOException {
        long start = size;
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        search:
        while (start > 0) {
            long from = Math.max(0, start - chunk.capacity());
            chunk.clear().limit((int) (start - from));
            readFully(ch, chunk, from);
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    start = from + i + 1;
                    break search;
                }
            }
            start = from;
        }
        ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(size - start));
        readFully(ch, tail, start);
        setAside(file, List.of(tail.array()));
        ch.truncate(start);
        ch.force(false);
        warnings.accept(partialTailWarning(file, tail.array().length));
        return start;
    }

    private void pruneOnAppend(Path file) throws IOException {
        Instant cutoff = clock.instant().minus(retention);
        byte[] first = firstLine(file);
        boolean due;
        if (first == null) {
            due = false;
        } else {
            try {
                due = SampleJson.parseLine(first, 0, first.length).time().isBefore(cutoff.minus(PRUNE_SLACK));
            } catch (InvalidRecordException e) {
                due = true; // pruning reads the whole file and sets the damaged line aside
            } catch (NewerFormatException e) {
                due = false; // not ours to rewrite
            }
        }
        if (due) {
            pruneFile(file, cutoff);
        }
    }

    private int pruneFile(Path file, Instant before) throws IOException {
        Parsed parsed = readRepairing(file);
        List<Entry> kept = parsed.entries().stream().filter(e -> !e.sample().time().isBefore(before)).toList();
        int removed = parsed.entries().size() - kept.size();
        if (removed > 0) {
            rewrite(file, parsed.bytes(), kept);
        }
        return removed;
    }

    /** Replaces the file with the given lines (raw bytes, so fields a newer version added survive). */
    private static void rewrite(Path file, byte[] bytes, List<Entry> kept) throws IOException {
        if (kept.isEmpty()) {
            Files.delete(file);
            return;
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            for (Entry e : kept) {
                ByteBuffer b = ByteBuffer.wrap(bytes, e.start(), e.end() - e.start());
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(false);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Appends each record, as one line, to {@code <file>.corrupt}, durably, before the caller removes them. */
    private static void setAside(Path file, List<byte[]> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes(r);
            out.write('\n');
        }
        try (FileChannel ch = FileChannel.open(corruptFileOf(file), CREATE, WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
    }

    static Path corruptFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX);
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** One valid record: the sample and where its line (with its line break) lies in the file's bytes. */
    private record Entry(ServerSample sample, int start, int end) {
    }

    private record Parsed(byte[] bytes, List<Entry> entries) {
    }

    private record Damage(int line, String reason, byte[] record) {
    }

    /** What one pass over a file found. */
    private record Scan(Parsed parsed, List<Damage> damage, int end, byte[] partialTail) {
        boolean damaged() {
            return !damage.isEmpty() || partialTail != null;
        }
    }

    /**
     * Reads every record of a file. Damaged records are moved to the side file (with a warning) before this
     * returns; a record in a newer format stops the read with the file untouched.
     */
    private Parsed readRepairing(Path file) throws IOException {
        Scan scan = scan(file);
        if (!scan.damaged()) {
            return scan.parsed();
        }
        List<byte[]> setAside = new ArrayList<>();
        scan.damage().forEach(d -> setAside.add(d.record()));
        if (scan.partialTail() != null) {
            setAside.add(scan.partialTail());
        }
        setAside(file, setAside);
        if (scan.damage().isEmpty()) {
            try (FileChannel ch = FileChannel.open(file, WRITE)) {
                ch.truncate(scan.end());
                ch.force(false);
            }
        } else {
            rewrite(file, scan.parsed().bytes(), scan.parsed().entries());
        }
        List<Damage> damage = scan.damage();
        for (int i = 0; i < damage.size() && i < WARNINGS_PER_FILE; i++) {
            Damage d = damage.get(i);
            warnings.accept("history file " + file + " line " + d.line() + " is not a valid sample (" + d.reason()
                    + "): moved it to " + corruptFileOf(file));
        }
        if (damage.size() > WARNINGS_PER_FILE) {
            warnings.accept("history file " + file + ": " + (damage.size() - WARNINGS_PER_FILE)
                    + " more invalid lines moved to " + corruptFileOf(file));
        }
        if (scan.partialTail() != null) {
            warnings.accept(partialTailWarning(file, scan.partialTail().length));
        }
        if (!Files.exists(file)) {
            return new Parsed(new byte[0], List.of());
        }
        Scan again = scan(file);
        if (again.damaged()) {
            throw new SampleStoreException("history file " + file + " is still damaged after setting records aside "
                    + "in " + corruptFileOf(file) + "; is another program writing to it?");
        }
        return again.parsed();
    }

    private static Scan scan(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        byte[] partialTail = end < bytes.length ? Arrays.copyOfRange(bytes, end, bytes.length) : null;
        List<Entry> entries = new ArrayList<>();
        List<Damage> damage = new ArrayList<>();
        int line = 0;
        for (int start = 0; start < end; ) {
            int nl = start;
            while (bytes[nl] != '\n') {
                nl++;
            }
            line++;
            if (!isBlank(bytes, start, nl)) {
                try {
                    entries.add(new Entry(SampleJson.parseLine(bytes, start, nl - start), start, nl + 1));
                } catch (InvalidRecordException e) {
                    damage.add(new Damage(line, e.getMessage(), Arrays.copyOfRange(bytes, start, nl)));
                } catch (NewerFormatException e) {
                    throw new SampleStoreException("history file " + file + " line " + line + " was written in "
                            + e.getMessage() + "; the file was left as it is");
                }
            }
            start = nl + 1;
        }
        return new Scan(new Parsed(bytes, entries), damage, end, partialTail);
    }

    private static String partialTailWarning(Path file, int length) {
        return "history file " + file + " ended in a partial record (" + length + " bytes, probably a write "
                + "interrupted by a crash): moved it to " + corruptFileOf(file);
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

    private static byte[] firstLine(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, READ)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            long position = 0;
            while (true) {
                chunk.clear();
                int n = ch.read(chunk, position);
                if (n <= 0) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    if (chunk.get(i) == '\n') {
                        out.write(chunk.array(), 0, i);
                        return out.toByteArray();
                    }
                }
                out.write(chunk.array(), 0, n);
                position += n;
            }
        }
    }

    private static byte byteAt(FileChannel ch, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(ch, one, position);
        return one.get(0);
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    // ---- names --------------------------------------------------------------------------------------------------

    /** {@code <target>@<node>.jsonl}, percent-encoded; shortened with a SHA-256 of the series when too long. */
    static String fileName(String target, String node) {
        String name = encode(target) + "@" + encode(node);
        if (name.length() > MAX_NAME) {
            name = name.substring(0, 120) + "~" + sha256(target + "/" + node).substring(0, 32);
        }
        return name + SUFFIX;
    }

    private static String encode(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (byte x : text.getBytes(UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                b.append(c);
            } else {
                b.append('%').append(HexFormat.of().withUpperCase().toHexDigits(x));
            }
        }
        return b.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
