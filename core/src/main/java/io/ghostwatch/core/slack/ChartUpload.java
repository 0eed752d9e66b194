package io.ghostwatch.core.slack;

import java.util.Objects;

/** A target's chart, uploaded into the digest's thread after that target's details. */
public record ChartUpload(String target, String filename, ChartImage image) implements ThreadItem {
    public ChartUpload {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(image, "image");
    }
}
