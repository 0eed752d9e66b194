package io.ghostwatch.core.findings;

import static io.ghostwatch.core.storage.JsonFields.optionalText;
import static io.ghostwatch.core.storage.JsonFields.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.storage.NewerFormatException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A finding record as one JSON Lines record, built as a Jackson tree (no reflection-based binding, no string-built
 * JSON). The generator escapes every line break, so a detail sentence holding server text stays on its line. A
 * record carries its format version {@code "v"}; unknown fields are ignored, a newer version is refused.
 * <pre>
 * {"v":1,"target":"lab-1","node":"10.0.0.5:6379","check":"redis_idle_timeout_enabled","status":"open",
 *  "severity":"HIGH","detail":"...","firstSeen":"2026-11-21T10:00:00Z","openSince":"...","lastSeen":"...",
 *  "lastChecked":"...","resolvedAt":null,"reported":"open","reportedAt":"...","channel":"C0123","ts":"17..","version":3}
 * </pre>
 */
final class FindingJson {

    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FindingJson() {
    }

    /** One line, UTF-8, ending with a single {@code \n}. */
    static byte[] line(FindingRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", FORMAT);
        o.put("target", r.key().target());
        o.put("node", r.key().node());
        o.put("check", r.key().checkId());
        o.put("status", word(r.status()));
        o.put("severity", r.severity().name());
        o.put("detail", r.detail());
        o.put("firstSeen", r.firstSeen().toString());
        o.put("openSince", r.openSince().toString());
        o.put("lastSeen", r.lastSeen().toString());
        o.put("lastChecked", r.lastChecked().toString());
        o.put("resolvedAt", r.resolvedAt() == null ? null : r.resolvedAt().toString());
        o.put("reported", r.reported() == null ? null : word(r.reported()));
        o.put("reportedAt", r.reportedAt() == null ? null : r.reportedAt().toString());
        o.put("channel", r.postedIn() == null ? null : r.postedIn().channel());
        o.put("ts", r.postedIn() == null ? null : r.postedIn().ts());
        o.put("version", r.version());
        try {
            byte[] json = MAPPER.writeValueAsBytes(o);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a finding record could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static FindingRecord parse(byte[] bytes, int offset, int length)
            throws InvalidRecordException, NewerFormatException {
        JsonNode o;
        try {
            o = MAPPER.readTree(bytes, offset, length);
        } catch (IOException e) {
            throw new InvalidRecordException("not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()));
        }
        if (o == null || !o.isObject()) {
            throw new InvalidRecordException("not a JSON object");
        }
        JsonNode v = o.get("v");
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new InvalidRecordException("no format version \"v\"");
        }
        if (v.asLong() > FORMAT) {
            throw new NewerFormatException(v.asLong(), FORMAT);
        }
        if (v.asLong() != FORMAT) {
            throw new InvalidRecordException("unknown format version " + v.asLong());
        }
        try {
            FindingKey key = new FindingKey(text(o, "target"), text(o, "node"), text(o, "check"));
            String channel = optionalText(o, "channel");
            String ts = optionalText(o, "ts");
            if ((channel == null) != (ts == null)) {
                throw new InvalidRecordException("channel and ts go together");
            }
            String reported = optionalText(o, "reported");
            JsonNode version = o.get("version");
            if (version == null || !version.isIntegralNumber()) {
                throw new InvalidRecordException("field \"version\" is missing or not a whole number");
            }
            return new FindingRecord(key, status(text(o, "status")), severity(text(o, "severity")), text(o, "detail"),
                    time(o, "firstSeen"), time(o, "openSince"), time(o, "lastSeen"), time(o, "lastChecked"),
                    optionalTime(o, "resolvedAt"), reported == null ? null : status(reported),
                    optionalTime(o, "reportedAt"), channel == null ? null : new PostedMessage(channel, ts),
                    version.asLong());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRecordException(e.getMessage());
        }
    }

    private static String word(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static Status status(String text) throws InvalidRecordException {
        return switch (text) {
            case "open" -> Status.OPEN;
            case "resolved" -> Status.RESOLVED;
            default -> throw new InvalidRecordException("status '" + text + "' is not open or resolved");
        };
    }

    private static Severity severity(String text) throws InvalidRecordException {
        try {
            return Severity.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("severity '" + text + "' is not one of " + Severity.choices());
        }
    }

    private static Instant time(JsonNode o, String field) throws InvalidRecordException {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException("field \"" + field + "\" is not an ISO-8601 instant");
        }
    }

    private static Instant optionalTime(JsonNode o, String field) throws InvalidRecordException {
        return optionalText(o, field) == null ? null : time(o, field);
    }
}
