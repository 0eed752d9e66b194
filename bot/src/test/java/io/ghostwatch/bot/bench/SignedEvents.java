package io.ghostwatch.bot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.SlackSigning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;

/**
 * API Gateway HTTP API (payload 2.0) events from Slack, signed now with the test secret of {@code events/README.md}:
 * the bot refuses a signature more than 5 minutes old, so a sample event must be signed again just before it is sent.
 */
final class SignedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SignedEvents() {
    }

    /** The event in {@code file}, its own body signed now. */
    static byte[] resigned(Path file) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(file.toFile());
        String body = event.path("body").asText();
        if (event.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return signed(event, body);
    }

    /** The event in {@code file} (a slash command) with the body of {@code /ghostwatch text}, signed now. */
    static byte[] slashCommand(Path file, String text, String responseUrl) throws IOException {
        return signed((ObjectNode) JSON.readTree(file.toFile()), SlackSigning.slashCommand(text, responseUrl));
    }

    private static byte[] signed(ObjectNode event, String body) throws IOException {
        long now = Clock.systemUTC().instant().getEpochSecond();
        JsonNode headers = event.path("headers");
        if (!(headers instanceof ObjectNode h) || !(event.path("requestContext") instanceof ObjectNode context)) {
            throw new IllegalArgumentException("not an API Gateway HTTP API event: no headers or requestContext");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        h.put("content-length", Integer.toString(bytes.length));
        h.put("x-slack-request-timestamp", Long.toString(now));
        h.put("x-slack-signature", SlackSigning.signature(SlackSigning.SECRET, now, body));
        context.put("timeEpoch", now * 1000);
        event.put("body", Base64.getEncoder().encodeToString(bytes));
        event.put("isBase64Encoded", true);
        return JSON.writeValueAsBytes(event);
    }
}
