package io.ghostwatch.functions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files at the repository root ({@code template.yaml}, {@code events/}), found from wherever the test runs:
 * Maven runs tests with the module (functions/) as base directory, an IDE may use the repository root.
 */
final class RepoFiles {

    private RepoFiles() {
    }

    /** The directory holding core/pom.xml and functions/pom.xml, searched upwards from the module directory. */
    static Path root() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("core/pom.xml")) && Files.isRegularFile(dir.resolve("functions/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Ghostwatch repository root (the directory with core/pom.xml"
                + " and functions/pom.xml) at or above " + start);
    }

    /** A file under the repository root; fails naming the full path when it is missing. */
    static Path file(String relative) {
        Path file = root().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(relative + " is missing: expected it at " + file);
        }
        return file;
    }
}
