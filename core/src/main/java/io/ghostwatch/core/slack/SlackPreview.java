package io.ghostwatch.core.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.methods.RequestFormBuilder;
import java.util.Set;
import okhttp3.FormBody;

/**
 * The exact request bodies {@link SlackPoster} would send for a digest, as one JSON document, for review (paste a
 * message's {@code blocks} into Slack's Block Kit Builder) and for tests. Each body is built by the same request
 * builders and turned into parameters by the SDK's own form encoder ({@link RequestFormBuilder}), so what is shown is
 * what goes on the wire; parameters that hold JSON ({@code blocks}, {@code metadata}, {@code files}) are shown parsed
 * rather than as strings.
 * <p>
 * What only Slack can know is shown as a placeholder: the digest's ts in thread replies ({@value #DIGEST_TS}), the
 * channel ID Slack resolves a channel name to ({@value #CHANNEL_ID} where a call needs the ID), and the file ID of each
 * chart ({@value #FILE_ID}).
 * <pre>
 * {"channel": "#ghostwatch", "quiet": false, "requests": [
 *   {"method": "chat.postMessage", "body": {"channel": "#ghostwatch", "text": "...", "blocks": [...], "metadata": {...}, ...}},
 *   {"method": "chat.postMessage", "body": {"channel": "CHANNEL_ID", "thread_ts": "DIGEST_TS", ...}},
 *   {"method": "files.getUploadURLExternal", "body": {"filename": "...", "length": "5120", "alt_txt": "..."}},
 *   {"method": "upload", "body": "PNG, 5120 bytes, to the URL Slack returns"},
 *   {"method": "files.completeUploadExternal", "body": {"files": [{"id": "FILE_ID", "title": "..."}], ...}}]}
 * </pre>
 */
public final class SlackPreview {

    public static final String DIGEST_TS = "DIGEST_TS";
    public static final String FILE_ID = "FILE_ID";
    public static final String CHANNEL_ID = "CHANNEL_ID";

    private static final Set<String> JSON_PARAMETERS = Set.of("blocks", "metadata", "files", "attachments");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SlackPreview() {
    }

    /**
     * @param channel the configured channel (an ID or a name)
     * @param posted  whether the digest would be posted at all (false: a quiet run with quietRuns: skip)
     */
    public static ObjectNode of(String channel, SlackDigest digest, boolean posted) {
        ObjectNode root = JSON.createObjectNode();
        root.put("channel", channel);
        root.put("quiet", digest.quiet());
        root.put("posted", posted);
        ArrayNode requests = root.putArray("requests");
        if (!posted) {
            return root;
        }
        String threadChannel = channel.matches("[CGD][A-Z0-9]{8,20}") ? channel : CHANNEL_ID;
        add(requests, "chat.postMessage", RequestFormBuilder.toForm(SlackPoster.request(channel, null, digest.digest())));
        for (ThreadItem item : digest.thread()) {
            switch (item) {
                case SlackMessage m -> add(requests, "chat.postMessage",
                        RequestFormBuilder.toForm(SlackPoster.request(threadChannel, DIGEST_TS, m)));
                case ThreadUpload c -> {
                    int length = c.bytes().length;
                    add(requests, "files.getUploadURLExternal", RequestFormBuilder.toForm(SlackPoster.uploadUrlRequest(c,
                            length)));
                    ObjectNode upload = requests.addObject();
                    upload.put("method", "upload");
                    upload.put("body", c.kind() + ", " + length + " bytes, POSTed to the upload_url Slack returns");
                    add(requests, "files.completeUploadExternal", RequestFormBuilder.toForm(
                            SlackPoster.completeUploadRequest(threadChannel, DIGEST_TS, FILE_ID, c)));
                }
            }
        }
        return root;
    }

    /** {@link #of} as indented JSON text. */
    public static String json(String channel, SlackDigest digest, boolean posted) {
        try {
            return JSON.writeValueAsString(of(channel, digest, posted)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the preview could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void add(ArrayNode requests, String method, FormBody.Builder form) {
        FormBody body = form.build();
        ObjectNode request = requests.addObject();
        request.put("method", method);
        ObjectNode params = request.putObject("body");
        for (int i = 0; i < body.size(); i++) {
            String name = body.name(i);
            String value = body.value(i);
            if (JSON_PARAMETERS.contains(name)) {
                params.set(name, parse(name, value));
            } else {
                params.put(name, value);
            }
        }
    }

    private static JsonNode parse(String name, String value) {
        try {
            return JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the SDK encoded parameter " + name + " as something other than JSON", e);
        }
    }
}
