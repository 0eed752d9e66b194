package io.ghostwatch.core.change;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.elasticache.ParameterGroupPlan;
import io.ghostwatch.core.elasticache.ParameterGroupResult;
import io.ghostwatch.core.elasticache.ParameterValue;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        switch (c.scope()) {
            case ChangeScope.Nodes n -> {
                ArrayNode nodes = o.putArray("nodes");
                n.nodes().forEach(node -> nodes.add(node.toString()));
                ObjectNode before = o.putObject("before");
                n.before().forEach((node, values) -> before.set(node.toString(), values(values)));
            }
            case ChangeScope.ParameterGroup g -> o.set("parameterGroup", plan(g.plan()));
        }
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

    private static ObjectNode plan(ParameterGroupPlan plan) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("cache", plan.cache().value());
        switch (plan) {
            case ParameterGroupPlan.ModifyGroup m -> {
                o.put("kind", "modify").put("group", m.group()).put("family", m.family());
                ArrayNode reset = o.putArray("reset");
                m.reset().forEach(p -> reset.add(p.redisName()));
                strings(o.putArray("affected"), m.affected());
            }
            case ParameterGroupPlan.CreateAndAttach c -> o.put("kind", "create-and-attach")
                    .put("replicationGroup", c.replicationGroup()).put("clusterMode", c.clusterMode())
                    .put("currentGroup", c.currentGroup()).put("newGroup", c.newGroup()).put("family", c.family());
            case ParameterGroupPlan.Reattach r -> o.put("kind", "reattach").put("replicationGroup", r.replicationGroup())
                    .put("currentGroup", r.currentGroup()).put("previousGroup", r.previousGroup());
        }
        ObjectNode before = o.putObject("before");
        plan.before().forEach((p, v) -> before.putObject(p.redisName()).put("value", v.value()).put("source", v.source()));
        o.set("after", values(plan.after()));
        ObjectNode types = o.putObject("changeTypes");
        plan.changeTypes().forEach((p, t) -> types.put(p.redisName(), t));
        return o;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
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
            case ChangeOutcome.GroupApplied g -> {
                ParameterGroupResult.Applied a = g.applied();
                o.put("kind", "group-applied").put("group", a.group()).put("created", a.created())
                        .put("replaced", a.replaced()).put("note", a.note());
                o.set("before", values(a.before()));
                o.set("verified", values(a.verified()));
                ObjectNode types = o.putObject("changeTypes");
                a.changeTypes().forEach((p, t) -> types.put(p.redisName(), t));
                strings(o.putArray("affected"), a.affected());
            }
            case ChangeOutcome.RolledBack r -> {
                o.put("kind", "rolled-back").put("failedNode", r.failedAt()).put("failure", r.failure())
                        .put("note", r.note());
                ArrayNode restored = o.putArray("restored");
                r.restored().forEach(n -> restored.add(nodeOutcome(n)));
            }
            case ChangeOutcome.Failed f -> {
                o.put("kind", "failed").put("error", f.error());
                strings(o.putArray("leftChanged"), f.leftChanged());
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
            return new Change(p.id(), p.target(), p.action(), p.scope(), p.reason(), p.requester(),
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
            ChangeScope scope = o.has("parameterGroup") ? new ChangeScope.ParameterGroup(parsePlan(object(o,
                    "parameterGroup"))) : nodes(o);
            JsonNode r = object(o, "reason");
            List<FindingKey> findings = new ArrayList<>();
            for (JsonNode k : array(r, "findings")) {
                findings.add(FindingKey.parse(string(k, "reason.findings[]")));
            }
            return new Change(id, text(o, "target"), parseAction(object(o, "action")), scope,
                    new ChangeReason(findings, text(r, "text")), text(o, "requester"), time(o, "createdAt"),
                    time(o, "expiresAt"), ChangeState.PROPOSED, 1, null, null, List.of());
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new InvalidRecordException(e.getMessage());
        }
    }

    private static ChangeScope.Nodes nodes(JsonNode o) throws InvalidRecordException {
        List<HostPort> nodes = new ArrayList<>();
        for (JsonNode n : array(o, "nodes")) {
            nodes.add(HostPort.parse(string(n, "nodes[]")));
        }
        Map<HostPort, Map<TunableParameter, Long>> before = new LinkedHashMap<>();
        JsonNode b = object(o, "before");
        for (Map.Entry<String, JsonNode> e : b.properties()) {
            before.put(HostPort.parse(e.getKey()), values(e.getValue(), "before." + e.getKey()));
        }
        return new ChangeScope.Nodes(nodes, before);
    }

    private static ParameterGroupPlan parsePlan(JsonNode g) throws InvalidRecordException {
        String cacheText = text(g, "cache");
        CacheName cache = CacheName.parse(cacheText).orElseThrow(() -> new InvalidRecordException(
                "parameterGroup.cache '" + cacheText + "' is not " + CacheName.VALID_FORM));
        Map<TunableParameter, ParameterValue> before = new EnumMap<>(TunableParameter.class);
        for (Map.Entry<String, JsonNode> e : object(g, "before").properties()) {
            before.put(parameter(e.getKey(), "parameterGroup.before"), new ParameterValue(
                    whole(e.getValue(), "value"), text(e.getValue(), "source")));
        }
        Map<TunableParameter, Long> after = values(object(g, "after"), "parameterGroup.after");
        Map<TunableParameter, String> types = new EnumMap<>(TunableParameter.class);
        for (Map.Entry<String, JsonNode> e : object(g, "changeTypes").properties()) {
            types.put(parameter(e.getKey(), "parameterGroup.changeTypes"), string(e.getValue(), "changeTypes"));
        }
        String kind = text(g, "kind");
        return switch (kind) {
            case "modify" -> {
                Set<TunableParameter> reset = EnumSet.noneOf(TunableParameter.class);
                for (JsonNode r : array(g, "reset")) {
                    reset.add(parameter(string(r, "reset[]"), "parameterGroup.reset"));
                }
                yield new ParameterGroupPlan.ModifyGroup(cache, text(g, "group"), text(g, "family"), before, after,
                        reset, types, strings(g, "affected"));
            }
            case "create-and-attach" -> new ParameterGroupPlan.CreateAndAttach(cache, bool(g, "replicationGroup"),
                    bool(g, "clusterMode"), text(g, "currentGroup"), text(g, "newGroup"), text(g, "family"), before,
                    after, types);
            case "reattach" -> new ParameterGroupPlan.Reattach(cache, bool(g, "replicationGroup"),
                    text(g, "currentGroup"), text(g, "previousGroup"), before, after, types);
            default -> throw new InvalidRecordException("parameterGroup.kind '" + kind
                    + "' is not modify, create-and-attach or reattach");
        };
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
                case "group-applied" -> {
                    Map<TunableParameter, String> types = new EnumMap<>(TunableParameter.class);
                    for (Map.Entry<String, JsonNode> e : object(r, "changeTypes").properties()) {
                        types.put(parameter(e.getKey(), "changeTypes"), string(e.getValue(), "changeTypes"));
                    }
                    JsonNode replaced = r.get("replaced");
                    yield new ChangeOutcome.GroupApplied(new ParameterGroupResult.Applied(text(r, "group"),
                            bool(r, "created"), replaced == null || replaced.isNull() ? null : string(replaced, "replaced"),
                            values(object(r, "before"), "before"), values(object(r, "verified"), "verified"), types,
                            strings(r, "affected"), text(r, "note")));
                }
                case "rolled-back" -> new ChangeOutcome.RolledBack(text(r, "failedNode"), text(r, "failure"),
                        nodeOutcomes(r, "restored"), r.has("note") ? text(r, "note") : "");
                case "failed" -> new ChangeOutcome.Failed(text(r, "error"), strings(r, "leftChanged"));
                default -> throw new InvalidRecordException("result kind '" + kind
                        + "' is not applied, group-applied, idle-killed, rolled-back or failed");
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
            values.put(parameter(e.getKey(), where), wholeValue(e.getValue(), where + "." + e.getKey()));
        }
        return values;
    }

    private static TunableParameter parameter(String name, String where) throws InvalidRecordException {
        return TunableParameter.byRedisName(name).orElseThrow(() -> new InvalidRecordException(
                "\"" + where + "\" names '" + name + "', not one of " + TunableParameter.validNames()));
    }

    private static List<String> strings(JsonNode o, String field) throws InvalidRecordException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array(o, field)) {
            out.add(string(n, field + "[]"));
        }
        return out;
    }

    private static boolean bool(JsonNode o, String field) throws InvalidRecordException {
        JsonNode n = field(o, field);
        if (!n.isBoolean()) {
            throw new InvalidRecordException("\"" + field + "\" is not true or false");
        }
        return n.asBoolean();
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
