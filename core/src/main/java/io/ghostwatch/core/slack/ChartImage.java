package io.ghostwatch.core.slack;

import java.util.Arrays;
import java.util.Objects;

/**
 * A PNG to upload into a target's thread (the leak-detection trend chart).
 *
 * @param title   shown above the image in Slack
 * @param altText read by screen readers (Slack's {@code alt_txt})
 */
public record ChartImage(byte[] png, String title, String altText) {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    public ChartImage {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(altText, "altText");
        if (png.length < PNG_SIGNATURE.length || !Arrays.equals(png, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0,
                PNG_SIGNATURE.length)) {
            throw new IllegalArgumentException("chart '" + title + "' is not a PNG (no PNG signature)");
        }
        png = png.clone();
    }

    @Override
    public byte[] png() {
        return png.clone();
    }

    public int size() {
        return png.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChartImage c && Arrays.equals(png, c.png) && title.equals(c.title) && altText.equals(c.altText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(png), title, altText);
    }

    @Override
    public String toString() {
        return "ChartImage[" + title + ", " + png.length + " bytes]";
    }
}
