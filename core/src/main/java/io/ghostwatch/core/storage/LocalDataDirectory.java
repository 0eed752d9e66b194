package io.ghostwatch.core.storage;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the file-based stores (audit history, finding state) share: where they live by default, and one lock per
 * directory that holds across threads (an in-JVM lock per real path) and processes (an exclusive {@link FileLock} on
 * {@code .lock}, a file that is never replaced, so rename-over-old writes stay safe).
 */
public final class LocalDataDirectory {

    /** The lock file in every store directory. */
    public static final String LOCK_FILE = ".lock";

    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private LocalDataDirectory() {
    }

    /** An action on a store directory, run while its lock is held. */
    public interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * {@code $XDG_DATA_HOME/ghostwatch/<name>}, or {@code ~/.local/share/ghostwatch/<name>} when XDG_DATA_HOME is
     * unset, empty or relative (as the XDG Base Directory specification says).
     *
     * @param override how a user names the directory instead (e.g. "--history DIR"), for the error message
     */
    public static Path defaultDirectory(Map<String, String> env, String name, String override) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "ghostwatch", name);
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("cannot choose a " + name + " directory: neither XDG_DATA_HOME nor HOME is"
                    + " set; give one with " + override);
        }
        return Path.of(home, ".local", "share", "ghostwatch", name);
    }

    /** Runs {@code action} holding the directory's lock (threads and processes); the directory must exist. */
    @SuppressWarnings("try") // the FileLock is held for the try block's duration, never referenced
    public static <T> T locked(Path directory, IoAction<T> action) throws IOException {
        Path real = directory.toRealPath();
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(real, d -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel lockChannel = FileChannel.open(real.resolve(LOCK_FILE), CREATE, WRITE);
             FileLock ignored = lockChannel.lock()) {
            return action.run();
        } finally {
            jvmLock.unlock();
        }
    }
}
