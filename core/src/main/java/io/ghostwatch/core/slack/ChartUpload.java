package io.ghostwatch.core.slack;

import java.util.Objects;

/** A target's chart, uploaded into the digest's thread after that target's details. */
public record ChartUpload(String target, String filename, ChartImage image) implements ThreadUpload {
    public ChartUpload {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(image, "image");
    }

    @Override
    public String title() {
        return image.title();
    }

    @Override
    public String altText() {
        return image.altText();
    }

    @Override
    public byte[] bytes() {
        return image.png();
    }

    @Override
    public String kind() {
        return "PNG";
    }
}
