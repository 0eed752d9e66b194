package io.ghostwatch.core.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.history.ServerSample.AddressSample;
import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.storage.NewerFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON forms of samples, written with Jackson's streaming generator and read as a Jackson tree (no
 * reflection-based binding). Two forms:
 * <ul>
 *   <li>a history line: one self-describing object per sample, with a format version {@code "v"}, named census
 *       fields, and no raw line break anywhere (the generator escapes them), so it is one JSON Lines record;</li>
 *   <li>a compact census: {@code [["10.0.0.9",40,3,1,86400], ...]}, positional
 *       {@code [address, connections, idleOver1h, idleOver1d, oldestAgeSeconds]}, for DynamoDB items.</li>
 * </ul>
 * Unknown fields are ignored, so a later version may add fields; a later format version is refused, not guessed at.
 */
final class SampleJson {

    static final int FORMAT = 1;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SampleJson() {
    }

    /** One history line, UTF-8, ending with a single {@code \n}. */
    static byte[] line(ServerSample s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * s.addresses().size());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", FORMAT);
            g.writeStringField("target", s.target());
            g.writeStringField("node", s.node());
            g.writeStringField("time", s.time().toString());
            g.writeNumberField("connectedClients", s.connectedClients());
            g.writeNumberField("maxclients", s.maxclients());
            g.writeNumberField("rejectedConnections", s.rejectedConnections());
            g.writeNumberField("totalConnectionsReceived", s.totalConnectionsReceived());
            g.writeArrayFieldStart("addresses");
            for (AddressSample a : s.addresses()) {
                g.writeStartObject();
                g.writeStringField("address", a.address());
                g.writeNumberField("connections", a.connections());
                g.writeNumberField("idleOver1h", a.idleOver1h());
                g.writeNumberField("idleOver1d", a.idleOver1d());
                g.writeNumberField("oldestAgeSeconds", a.oldestAgeSeconds());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a sample as JSON", e); // in-memory: does not happen
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Parses one history line (without its {@code \n}). */
    static ServerSample parseLine(byte[] bytes, int offset, int length)
            throws InvalidRecordException, NewerFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes, offset, length);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRecordException("not a JSON object");
        }
        long version = integer(root, "v");
        if (version > FORMAT) {
            throw new NewerFormatException(version, FORMAT);
        }
        if (version < 1) {
            throw new InvalidRecordException("unknown format version " + version);
        }
        Instant time;
        try {
            time = Instant.parse(text(root, "time"));
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException("\"time\" is not an ISO-8601 instant: " + e.getParsedString());
        }
        JsonNode addresses = root.get("addresses");
        if (addresses == null || !addresses.isArray()) {
            throw new InvalidRecordException("\"addresses\" is missing or not an array");
        }
        List<AddressSample> census = new ArrayList<>(addresses.size());
        for (JsonNode a : addresses) {
            if (!a.isObject()) {
                throw new InvalidRecordException("an entry of \"addresses\" is not an object");
            }
            census.add(new AddressSample(text(a, "address"), int32(a, "connections"), int32(a, "idleOver1h"),
                    int32(a, "idleOver1d"), integer(a, "oldestAgeSeconds")));
        }
        return new ServerSample(text(root, "target"), text(root, "node"), time, integer(root, "connectedClients"),
                integer(root, "maxclients"), integer(root, "rejectedConnections"),
                integer(root, "totalConnectionsReceived"), census);
    }

    /** The compact census of a DynamoDB item. */
    static String census(List<AddressSample> addresses) {
        StringWriter out = new StringWriter(32 * addresses.size() + 2);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (AddressSample a : addresses) {
                g.writeStartArray();
                g.writeString(a.address());
                g.writeNumber(a.connections());
                g.writeNumber(a.idleOver1h());
                g.writeNumber(a.idleOver1d());
                g.writeNumber(a.oldestAgeSeconds());
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a census as JSON", e); // in-memory: does not happen
        }
        return out.toString();
    }

    static List<AddressSample> parseCensus(String json) throws InvalidRecordException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("census is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new InvalidRecordException("census is not a JSON array");
        }
        List<AddressSample> out = new ArrayList<>(root.size());
        for (JsonNode e : root) {
            if (!e.isArray() || e.size() < 5 || !e.get(0).isTextual()) {
                throw new InvalidRecordException("census entry " + (out.size() + 1)
                        + " is not [address, connections, idleOver1h, idleOver1d, oldestAgeSeconds]");
            }
            for (int i = 1; i < 5; i++) {
                if (!e.get(i).isIntegralNumber() || (i < 4 && !e.get(i).canConvertToInt())
                        || !e.get(i).canConvertToLong()) {
                    throw new InvalidRecordException("census entry " + (out.size() + 1) + " has a non-integer at position " + i);
                }
            }
            out.add(new AddressSample(e.get(0).textValue(), e.get(1).intValue(), e.get(2).intValue(),
                    e.get(3).intValue(), e.get(4).longValue()));
        }
        return out;
    }

    private static String text(JsonNode parent, String field) throws InvalidRecordException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new InvalidRecordException("\"" + field + "\" is missing or not a string");
        }
        return n.textValue();
    }

    private static long integer(JsonNode parent, String field) throws InvalidRecordException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidRecordException("\"" + field + "\" is missing or not an integer");
        }
        return n.longValue();
    }

    private static int int32(JsonNode parent, String field) throws InvalidRecordException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new InvalidRecordException("\"" + field + "\" is missing or not a 32-bit integer");
        }
        return n.intValue();
    }
}
