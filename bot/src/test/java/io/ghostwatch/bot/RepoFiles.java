package io.ghostwatch.bot;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository root ({@code events/}), found from the module directory Maven runs tests in. */
final class RepoFiles {

    private RepoFiles() {
    }

    static Path root() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("core/pom.xml")) && Files.isRegularFile(dir.resolve("bot/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Ghostwatch repository root (the directory with core/pom.xml"
                + " and bot/pom.xml) at or above " + start);
    }

    static Path file(String relative) {
        Path file = root().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(relative + " is missing: expected it at " + file);
        }
        return file;
    }
}
