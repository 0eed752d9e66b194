package io.ghostwatch.core.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/** Reading a stored JSON record's fields; a field that is missing or of the wrong kind is named. */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonNode o, String field) throws InvalidRecordException {
        return field(o, field, JsonNode::isTextual, "a string").asText();
    }

    /** The field's text, or null when it is absent or null. */
    public static String optionalText(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : text(o, field);
    }

    public static int integer(JsonNode o, String field) throws InvalidRecordException {
        return field(o, field, JsonNode::isInt, "a whole number").asInt();
    }

    public static JsonNode array(JsonNode o, String field) throws InvalidRecordException {
        return field(o, field, JsonNode::isArray, "an array");
    }

    private static JsonNode field(JsonNode o, String field, Predicate<JsonNode> kind, String what)
            throws InvalidRecordException {
        JsonNode n = o.get(field);
        if (n == null || !kind.test(n)) {
            throw new InvalidRecordException("field \"" + field + "\" is missing or not " + what);
        }
        return n;
    }
}
