package io.ghostwatch.core.slack;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The details of the targets a thread has no room for, as one text file in the thread: the same words their thread
 * messages would have had, as plain Markdown.
 *
 * @param targets how many targets it holds
 */
public record DetailsFile(String filename, String title, String text, int targets) implements ThreadUpload {
    public DetailsFile {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String altText() {
        return title;
    }

    @Override
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String kind() {
        return "text";
    }
}
