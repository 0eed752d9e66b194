package io.ghostwatch.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading the JSON the audit functions are invoked with. A wrong or missing field is an {@link IllegalArgumentException}
 * naming the event, the field and what it should be, so a mis-wired state machine is obvious in the logs.
 */
final class EventJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /** The input as a JSON object. */
    static JsonNode object(InputStream input, String event) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the " + event + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the " + event + " is not a JSON object");
        }
        return root;
    }

    static String text(JsonNode o, String field, String event) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new IllegalArgumentException("the " + event + " has no \"" + field + "\" string" + got(n));
        }
        return n.asText();
    }

    static int integer(JsonNode o, String field, String event) {
        JsonNode n = o.get(field);
        if (n == null || !n.isInt() || n.asInt() < 0) {
            throw new IllegalArgumentException("the " + event + " has no \"" + field + "\" whole number >= 0" + got(n));
        }
        return n.asInt();
    }

    static Instant instant(JsonNode o, String field, String event) {
        String text = text(o, field, event);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the " + event + "'s \"" + field + "\" is '" + text
                    + "', not an ISO-8601 instant such as 2026-11-21T10:00:00.000Z");
        }
    }

    static JsonNode array(JsonNode o, String field, String event) {
        JsonNode n = o.get(field);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException("the " + event + " has no \"" + field + "\" array" + got(n));
        }
        return n;
    }

    private static String got(JsonNode n) {
        return n == null ? "" : " (got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + clip(n.toString(), 80) + ")";
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
