package io.ghostwatch.bot.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A set of JVM flags a cold start runs with. Some need an archive that a training run of the same program made first:
 * an AppCDS dynamic archive ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}) or a JDK 25 AOT
 * cache ({@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}).
 */
record JvmVariant(String name, List<String> flags, Archive archive) {

    /** C1 only, as Lambda's Java runtimes run by default. */
    static final List<String> C1 = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    static final List<JvmVariant> ALL = List.of(
            new JvmVariant("default", List.of(), Archive.NONE),
            new JvmVariant("c1", C1, Archive.NONE),
            new JvmVariant("appcds", List.of(), Archive.APPCDS),
            new JvmVariant("appcds+c1", C1, Archive.APPCDS),
            new JvmVariant("aot", List.of(), Archive.AOT),
            new JvmVariant("aot+c1", C1, Archive.AOT));

    enum Archive {
        NONE("", "", ""),
        APPCDS("-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", ".jsa"),
        AOT("-XX:AOTCacheOutput=", "-XX:AOTCache=", ".aot");

        final String createFlag;
        final String useFlag;
        final String extension;

        Archive(String createFlag, String useFlag, String extension) {
            this.createFlag = createFlag;
            this.useFlag = useFlag;
            this.extension = extension;
        }

        /** What a training run made, for messages. */
        String label() {
            return this == AOT ? "AOT cache" : "AppCDS dynamic archive";
        }
    }

    /** The flags to run with; {@code archiveFile} is the training run's file (ignored without an archive). */
    List<String> flags(Path archiveFile) {
        List<String> all = new ArrayList<>(flags);
        if (archive != Archive.NONE) {
            all.add(archive.useFlag + archiveFile);
        }
        return all;
    }

    /** The flags as a reader sees them, the archive file as {@code <archive>}. */
    String describe() {
        List<String> all = new ArrayList<>(flags);
        if (archive != Archive.NONE) {
            all.add(archive.useFlag + "<archive>");
        }
        return all.isEmpty() ? "(none)" : String.join(" ", all);
    }

    /** The variants named in a comma-separated list, in {@link #ALL}'s order; an unknown name lists the valid ones. */
    static List<JvmVariant> parse(String names) {
        List<String> wanted = Arrays.asList(names.split(","));
        List<JvmVariant> found = ALL.stream().filter(v -> wanted.contains(v.name())).toList();
        if (found.size() != wanted.size()) {
            throw new IllegalArgumentException("--variants: valid names are "
                    + ALL.stream().map(JvmVariant::name).collect(Collectors.joining(", ")) + "; got " + wanted);
        }
        return found;
    }

    /** Every variant's name, comma-separated. */
    static String allNames() {
        return ALL.stream().map(JvmVariant::name).collect(Collectors.joining(","));
    }
}
