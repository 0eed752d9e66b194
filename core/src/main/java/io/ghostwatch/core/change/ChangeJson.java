package io.ghostwatch.core.change;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.fix.NodeOutcome;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import io.ghostwatch.core.storage.InvalidRecordException;
import io.ghostwatch.core.storage.NewerFormatException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change as JSON, built as a Jackson tree (no reflection-based binding, no string-built JSON): the whole change for
 * {@link FileChangeStore}'s files, and its parts for {@link DynamoDbChangeStore}'s attributes (the proposal, which
 * never changes after it is created, and the result). A document carries its format {@code "v"}; unknown fields are
 * ignored, a newer format is refused.
 * <pre>
 * {"v":1, "id":"chg-7k2m9x4d1q", "target":"lab-1",
 *  "action":{"kind":"set-parameters","values":{"timeout":86400}}       (or kill-idle: "idleSeconds";
 *                                                                       rollback: "of", "restore")
 *  "nodes":["10.0.0.5:6379"], "before":{"10.0.0.5:6379":{"timeout":0}},
 *  "reason":{"findings":["lab-1/10.0.0.5:6379/redis_idle_timeout_enabled"],"text":""},
 *  "requester":"U0REQUEST1", "createdAt":"2026-11-21T10:00:00Z", "expiresAt":"2026-11-21T10:30:00Z",
 *  "state":"APPLIED", "version":4, "approvalMessage":{"channel":"C0GHOSTW1","ts":"1795000000.000100"},
 *  "result":{"kind":"applied","nodes":[{"node":"10.0.0.5:6379","before":{"timeout":0},"verified":{"timeout":86400},
 *            "persistence":{"kind":"persisted","configFile":"/etc/redis/redis.conf"}}]},
 *  "history":[{"from":"PROPOSED","to":"APPROVED","actor":"U0APPROVE1","at":"...","note":""}, ...]}
 * </pre>
 * Result kinds: {@code applied} (nodes), {@code idle-killed} (killedPerAddress), {@code rolled-back} (failedNode,
 * failure, restored), {@code failed} (error, leftChanged).
 */
final class ChangeJson {

    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ChangeJson() {
    }

    // ---- writing --------------------------------------------------------------------------------------------------

    /** The whole change, pretty-printed (one field a line, for a person reading the file), ending with a line break. */
    static byte[] document(Change c) {
        ObjectNode o = proposal(c);
        o.put("state", c.state().name());
        o.put("version", c.version());
        if (c.approvalMessage() == null) {
            o.putNull("approvalMessage");
        } else {
            o.putObject("approvalMessage").put("channel", c.approvalMessage().channel())
                    .put("ts", c.approvalMessage().ts());
        }
        o.set("result", c.result() == null ? null : result(c.result()));
        ArrayNode history = o.putArray("history");
        c.history().forEach(t -> history.addObject().put("from", t.from().name()).put("to", t.to().name())
                .put("actor", t.actor()).put("at", t.at().toString()).put("note", t.note()));
        try {
            byte[] json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
            byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("change " + c.id() + " could not be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** What never changes after a change is created: everything but state, version, message, result and history. */
    static ObjectNode proposal(Change c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", FORMAT);
        o.put("id", c.id().value());
        o.put("target", c.target());
        o.set("action", action(c.action()));
        ArrayNode nodes = o.putArray("nodes");
        c.nodes().forEach(n -> nodes.add(n.toString()));
        ObjectNode before = o.putObject("before");
        c.before().forEach((node, values) -> before.set(node.toString(), values(values)));
        ObjectNode reason = o.putObject("reason");
        ArrayNode findings = reason.putArray("findings");
        c.reason().findings().forEach(k -> findings.add(k.value()));
        reason.put("text", c.reason().text());
        o.put("requester", c.requester());
        o.put("createdAt", c.createdAt().toString());
        o.put("expiresAt", c.expiresAt().toString());
        return o;
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode action(ChangeAction action) {
        ObjectNode o = MAPPER.createObjectNode();
        switch (action) {
            case ChangeAction.SetParameters s -> o.put("kind", "set-parameters").set("values", values(s.values()));
            case ChangeAction.KillIdle k -> o.put("kind", "kill-idle").put("idleSeconds", k.idleSeconds());
            case ChangeAction.Rollback r -> o.put("kind", "rollback").put("of", r.of().value())
                    .set("restore", values(r.restore()));
        }
        return o;
    }

    static ObjectNode result(ChangeOutcome result) {
        ObjectNode o = MAPPER.createObjectNode();
        switch (result) {
            case ChangeOutcome.Applied a -> {
                o.put("kind", "applied");
                ArrayNode nodes = o.putArray("nodes");
                a.nodes().forEach(n -> nodes.add(nodeOutcome(n)));
            }
            case ChangeOutcome.IdleKilled k -> {
                o.put("kind", "idle-killed");
                ObjectNode counts = o.putObject("killedPerAddress");
                k.killedPerAddress().forEach(counts::put);
            }
            case ChangeOutcome.RolledBack r -> {
                o.put("kind", "rolled-back").put("failedNode", r.failedNode().toString()).put("failure", r.failure());
                ArrayNode restored = o.putArray("restored");
                r.restored().forEach(n -> restored.add(nodeOutcome(n)));
            }
            case ChangeOutcome.Failed f -> {
                o.put("kind", "failed").put("error", f.error());
                ArrayNode left = o.putArray("leftChanged");
                f.leftChanged().forEach(n -> left.add(n.toString()));
            }
        }
        return o;
    }

    private static ObjectNode nodeOutcome(NodeOutcome n) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("node", n.node().toString());
        o.set("before", values(n.before()));
        o.set("verified", values(n.verified()));
        ObjectNode p = o.putObject("persistence");
        switch (n.persistence()) {
            case NodeOutcome.Persistence.Persisted s -> p.put("kind", "persisted").put("configFile", s.configFile());
            case NodeOutcome.Persistence.NotPersisted s -> p.put("kind", "not-persisted").put("reason", s.reason());
        }
        return o;
    }

    private static ObjectNode values(Map<TunableParameter, Long> values) {
        ObjectNode o = MAPPER.createObjectNode();
        values.forEach((p, v) -> o.put(p.redisName(), v));
        return o;
    }

    // ---- reading --------------------------------------------------------------------------------------------------

    /** Parses a whole change ({@link #document}). */
    static Change parse(byte[] bytes) throws InvalidRecordException, NewerFormatException {
        JsonNode o = tree(bytes);
        Change p = parseProposal(o);
        try {
            JsonNode message = o.get("approvalMessage");
            PostedMessage posted = message == null || message.isNull() ? null
                    : new PostedMessage(text(message, "channel"), text(message, "ts"));
            JsonNode result = o.get("result");
            List<Transition> history = new ArrayList<>();
            for (JsonNode t : array(o, "history")) {
                history.add(transition(t));
            }
            return new Change(p.id(), p.target(), p.action(), p.nodes(), p.before(), p.reason(), p.requester(),
                    p.createdAt(), p.expiresAt(), ChangeState.parse(text(o, "state")), whole(o, "version"), posted,
                    result == null || result.isNull() ? null : parseResult(result), history);
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new InvalidRecordException(e.getMessage());
        }
    }

    /** Parses a JSON text that must be one object; the error says where parsing stopped (line, column) and why. */
    static JsonNode tree(byte[] bytes) throws InvalidRecordException {
        JsonNode o;
        try {
            o = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidRecordException("not JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("not JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new InvalidRecordException("not a JSON object");
        }
        return o;
    }

    /** The proposal's fields, as a change PROPOSED at version 1 with no message, result or history. */
    static Change parseProposal(JsonNode o) throws InvalidRecordException, NewerFormatException {
        JsonNode v = o.get("v");
        if (v == null || !v.isIntegralNumber()) {
            throw new InvalidRecordException("no format version \"v\"");
        }
        if (v.asLong() > FORMAT) {
            throw new NewerFormatException(v.asLong(), FORMAT);
        }
        if (v.asLong() != FORMAT) {
            throw new InvalidRecordException("unknown format version " + v.asLong());
        }
        try {
            ChangeId id = new ChangeId(text(o, "id"));
            List<HostPort> nodes = new ArrayList<>();
            for (JsonNode n : array(o, "nodes")) {
                nodes.add(HostPort.parse(string(n, "nodes[]")));
            }
            Map<HostPort, Map<TunableParameter, Long>> before = new LinkedHashMap<>();
            JsonNode b = object(o, "before");
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                before.put(HostPort.parse(e.getKey()), values(e.getValue(), "before." + e.getKey()));
            }
            JsonNode r = object(o, "reason");
            List<FindingKey> findings = new ArrayList<>();
            for (JsonNode k : array(r, "findings")) {
                findings.add(FindingKey.parse(string(k, "reason.findings[]")));
            }
            return new Change(id, text(o, "target"), parseAction(object(o, "action")), nodes, before,
                    new ChangeReason(findings, text(r, "text")), text(o, "requester"), time(o, "createdAt"),
                    time(o, "expiresAt"), ChangeState.PROPOSED, 1, null, null, List.of());
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new InvalidRecordException(e.getMessage());
        }
    }

    private static ChangeAction parseAction(JsonNode a) throws InvalidRecordException {
        String kind = text(a, "kind");
        return switch (kind) {
            case "set-parameters" -> new ChangeAction.SetParameters(values(object(a, "values"), "action.values"));
            case "kill-idle" -> new ChangeAction.KillIdle(whole(a, "idleSeconds"));
            case "rollback" -> new ChangeAction.Rollback(new ChangeId(text(a, "of")),
                    values(object(a, "restore"), "action.restore"));
            default -> throw new InvalidRecordException("action kind '" + kind + "' is not set-parameters, kill-idle or rollback");
        };
    }

    static ChangeOutcome parseResult(JsonNode r) throws InvalidRecordException {
        if (!r.isObject()) {
            throw new InvalidRecordException("result is not a JSON object");
        }
        String kind = text(r, "kind");
        try {
            return switch (kind) {
                case "applied" -> new ChangeOutcome.Applied(nodeOutcomes(r, "nodes"));
                case "idle-killed" -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    JsonNode c = object(r, "killedPerAddress");
                    for (Map.Entry<String, JsonNode> e : c.properties()) {
                        counts.put(e.getKey(), wholeValue(e.getValue(), "killedPerAddress." + e.getKey()));
                    }
                    yield new ChangeOutcome.IdleKilled(counts);
                }
                case "rolled-back" -> new ChangeOutcome.RolledBack(HostPort.parse(text(r, "failedNode")),
                        text(r, "failure"), nodeOutcomes(r, "restored"));
                case "failed" -> {
                    List<HostPort> left = new ArrayList<>();
                    for (JsonNode n : array(r, "leftChanged")) {
                        left.add(HostPort.parse(string(n, "leftChanged[]")));
                    }
                    yield new ChangeOutcome.Failed(text(r, "error"), left);
                }
                default -> throw new InvalidRecordException("result kind '" + kind
                        + "' is not applied, idle-killed, rolled-back or failed");
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRecordException("result: " + e.getMessage());
        }
    }

    private static List<NodeOutcome> nodeOutcomes(JsonNode r, String field) throws InvalidRecordException {
        List<NodeOutcome> out = new ArrayList<>();
        for (JsonNode n : array(r, field)) {
            JsonNode p = object(n, "persistence");
            String kind = text(p, "kind");
            NodeOutcome.Persistence persistence = switch (kind) {
                case "persisted" -> new NodeOutcome.Persistence.Persisted(text(p, "configFile"));
                case "not-persisted" -> new NodeOutcome.Persistence.NotPersisted(text(p, "reason"));
                default -> throw new InvalidRecordException("persistence kind '" + kind + "' is not persisted or not-persisted");
            };
            out.add(new NodeOutcome(HostPort.parse(text(n, "node")), values(object(n, "before"), field + "[].before"),
                    values(object(n, "verified"), field + "[].verified"), persistence));
        }
        return out;
    }

    static Transition transition(JsonNode t) throws InvalidRecordException {
        return new Transition(ChangeState.parse(text(t, "from")), ChangeState.parse(text(t, "to")), text(t, "actor"),
                time(t, "at"), text(t, "note"));
    }

    private static Map<TunableParameter, Long> values(JsonNode o, String where) throws InvalidRecordException {
        if (!o.isObject()) {
            throw new InvalidRecordException("\"" + where + "\" is not a JSON object");
        }
        Map<TunableParameter, Long> values = new EnumMap<>(TunableParameter.class);
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            TunableParameter p = TunableParameter.byRedisName(e.getKey()).orElseThrow(() -> new InvalidRecordException(
                    "\"" + where + "\" names '" + e.getKey() + "', not one of " + TunableParameter.validNames()));
            values.put(p, wholeValue(e.getValue(), where + "." + e.getKey()));
        }
        return values;
    }

    // ---- fields ---------------------------------------------------------------------------------------------------

    private static JsonNode field(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidRecordException("field \"" + field + "\" is missing");
        }
        return n;
    }

    private static String text(JsonNode o, String field) throws InvalidRecordException {
        return string(field(o, field), field);
    }

    private static String string(JsonNode n, String what) throws InvalidRecordException {
        if (!n.isTextual()) {
            throw new InvalidRecordException("\"" + what + "\" is not a string");
        }
        return n.asText();
    }

    private static JsonNode object(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = field(o, field);
        if (!n.isObject()) {
            throw new InvalidRecordException("field \"" + field + "\" is not a JSON object");
        }
        return n;
    }

    private static JsonNode array(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = field(o, field);
        if (!n.isArray()) {
            throw new InvalidRecordException("field \"" + field + "\" is not a JSON array");
        }
        return n;
    }

    private static long whole(JsonNode o, String field) throws InvalidRecordException {
        return wholeValue(field(o, field), field);
    }

    private static long wholeValue(JsonNode n, String what) throws InvalidRecordException {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidRecordException("\"" + what + "\" is not a whole number");
        }
        return n.asLong();
    }

    private static Instant time(JsonNode o, String field) throws InvalidRecordException {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException("field \"" + field + "\" is not an ISO-8601 instant");
        }
    }
}
