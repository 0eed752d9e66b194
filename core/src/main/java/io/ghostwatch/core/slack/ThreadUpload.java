package io.ghostwatch.core.slack;

/** A file uploaded into the digest's thread (files.getUploadURLExternal, the bytes, files.completeUploadExternal). */
public sealed interface ThreadUpload extends ThreadItem permits ChartUpload, DetailsFile {

    String filename();

    /** The file's title in Slack. */
    String title();

    /** What a screen reader says for it. */
    String altText();

    byte[] bytes();

    /** "PNG" or "text", for previews and logs. */
    String kind();
}
