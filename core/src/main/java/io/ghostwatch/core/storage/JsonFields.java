package io.ghostwatch.core.storage;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading a stored JSON record's fields; a field that is missing or of the wrong kind is named. */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new InvalidRecordException("field \"" + field + "\" is missing or not a string");
        }
        return n.asText();
    }

    /** The field's text, or null when it is absent or null. */
    public static String optionalText(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : text(o, field);
    }

    public static int integer(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = o.get(field);
        if (n == null || !n.isInt()) {
            throw new InvalidRecordException("field \"" + field + "\" is missing or not a whole number");
        }
        return n.asInt();
    }

    public static JsonNode array(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = o.get(field);
        if (n == null || !n.isArray()) {
            throw new InvalidRecordException("field \"" + field + "\" is missing or not an array");
        }
        return n;
    }
}
