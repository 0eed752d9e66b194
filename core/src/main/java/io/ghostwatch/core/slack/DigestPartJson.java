package io.ghostwatch.core.slack;

import static io.ghostwatch.core.storage.JsonFields.array;
import static io.ghostwatch.core.storage.JsonFields.integer;
import static io.ghostwatch.core.storage.JsonFields.optionalText;
import static io.ghostwatch.core.storage.JsonFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.storage.InvalidRecordException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DigestPart} as JSON, to carry it from the shard that rendered it to the function that posts the digest.
 * Block Kit blocks are written by the Slack SDK's own Gson (what it sends to Slack) and read back by it, so a block
 * survives the trip exactly. Charts are not carried: only the CLI draws them, and it renders its run in one part.
 * <pre>
 * {"targets":1000,"uncheckedChecks":2,"muted":1,
 *  "unaudited":[{"target":"web-7","status":"UNREACHABLE","reason":null}],
 *  "listed":[{"key":"web-1/10.0.0.5:6379/redis_idle_timeout_enabled","severity":"HIGH","state":"NEW","block":{...}}],
 *  "resolved":[{"key":"...","severity":"LOW","detail":"..."}],"unchecked":[...],
 *  "expiredMutes":[{"check":"...","target":"web-1"|"tag":{"key":"team","value":"x"},"reason":"...",
 *                   "expires":"2026-11-01T00:00:00Z","source":"ghostwatch.yaml:30: mutes[0]"}],
 *  "details":[{"target":"web-1","messages":[{"text":"Ghostwatch details for web-1","blocks":[...]}]}],
 *  "cleanLines":["..."]}
 * </pre>
 */
public final class DigestPartJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Gson SLACK_GSON = GsonFactory.createSnakeCase();

    private DigestPartJson() {
    }

    public static ObjectNode write(DigestPart part) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("targets", part.targets());
        o.put("uncheckedChecks", part.uncheckedChecks());
        o.put("muted", part.muted());
        ArrayNode unaudited = o.putArray("unaudited");
        part.unaudited().forEach(u -> unaudited.addObject().put("target", u.target()).put("status", u.status().name())
                .put("reason", u.reason()));
        ArrayNode listed = o.putArray("listed");
        for (DigestPart.Listed l : part.listed()) {
            ObjectNode n = listed.addObject().put("key", l.key().value()).put("severity", l.severity().name())
                    .put("state", l.state().name());
            if (l.block() != null) {
                n.set("block", block(l.block()));
            }
        }
        stored(o.putArray("resolved"), part.resolved());
        stored(o.putArray("unchecked"), part.unchecked());
        ArrayNode mutes = o.putArray("expiredMutes");
        for (Mute m : part.expiredMutes()) {
            ObjectNode n = mutes.addObject().put("check", m.checkId());
            switch (m.scope()) {
                case Mute.Scope.Target t -> n.put("target", t.name());
                case Mute.Scope.Tag t -> n.putObject("tag").put("key", t.key()).put("value", t.value());
            }
            n.put("reason", m.reason()).put("expires", m.expires().toString()).put("source", m.source());
        }
        ArrayNode details = o.putArray("details");
        for (TargetDetails target : part.details()) {
            if (target.chart() != null) {
                throw new IllegalArgumentException("charts are not carried between shards (" + target.target() + ")");
            }
            ArrayNode messages = details.addObject().put("target", target.target()).putArray("messages");
            for (SlackMessage message : target.messages()) {
                if (message.metadata() != null) {
                    throw new IllegalArgumentException("a thread message carries no metadata: " + target.target());
                }
                ArrayNode blocks = messages.addObject().put("text", message.text()).putArray("blocks");
                message.blocks().forEach(b -> blocks.add(block(b)));
            }
        }
        if (!part.cleanCharts().isEmpty()) {
            throw new IllegalArgumentException("charts are not carried between shards (" + part.cleanCharts().size()
                    + " in this part)");
        }
        ArrayNode clean = o.putArray("cleanLines");
        part.cleanLines().forEach(clean::add);
        return o;
    }

    /** Reads what {@link #write} wrote; the message names the field that is wrong. */
    public static DigestPart read(JsonNode o) throws InvalidRecordException {
        try {
            return fields(o);
        } catch (InvalidRecordException e) {
            throw new InvalidRecordException("not a digest part: " + e.getMessage());
        }
    }

    private static DigestPart fields(JsonNode o) throws InvalidRecordException {
        try {
            List<DigestPart.Unaudited> unaudited = new ArrayList<>();
            for (JsonNode n : array(o, "unaudited")) {
                unaudited.add(new DigestPart.Unaudited(text(n, "target"), AuditStatus.valueOf(text(n, "status")),
                        optionalText(n, "reason")));
            }
            List<DigestPart.Listed> listed = new ArrayList<>();
            for (JsonNode n : array(o, "listed")) {
                listed.add(new DigestPart.Listed(FindingKey.parse(text(n, "key")), Severity.valueOf(text(n, "severity")),
                        FindingState.valueOf(text(n, "state")), n.has("block") ? block(n.get("block")) : null));
            }
            List<Mute> mutes = new ArrayList<>();
            for (JsonNode n : array(o, "expiredMutes")) {
                Mute.Scope scope = n.has("target") ? new Mute.Scope.Target(text(n, "target"))
                        : new Mute.Scope.Tag(text(n.path("tag"), "key"), text(n.path("tag"), "value"));
                mutes.add(new Mute(text(n, "check"), scope, text(n, "reason"), Instant.parse(text(n, "expires")),
                        text(n, "source")));
            }
            List<TargetDetails> details = new ArrayList<>();
            for (JsonNode n : array(o, "details")) {
                List<SlackMessage> messages = new ArrayList<>();
                for (JsonNode m : array(n, "messages")) {
                    List<LayoutBlock> blocks = new ArrayList<>();
                    for (JsonNode b : array(m, "blocks")) {
                        blocks.add(block(b));
                    }
                    messages.add(new SlackMessage(text(m, "text"), blocks));
                }
                details.add(new TargetDetails(text(n, "target"), messages, null));
            }
            List<String> clean = new ArrayList<>();
            for (JsonNode n : array(o, "cleanLines")) {
                clean.add(n.asText());
            }
            return new DigestPart(integer(o, "targets"), unaudited, integer(o, "uncheckedChecks"), integer(o, "muted"),
                    listed, stored(array(o, "resolved")), stored(array(o, "unchecked")), mutes, details, clean, List.of());
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException | JsonParseException e) {
            throw new InvalidRecordException(e.getMessage());
        }
    }

    private static void stored(ArrayNode out, List<StoredFinding> findings) {
        findings.forEach(f -> out.addObject().put("key", f.key().value()).put("severity", f.severity().name())
                .put("detail", f.detail()));
    }

    private static List<StoredFinding> stored(JsonNode array) throws InvalidRecordException {
        List<StoredFinding> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(new StoredFinding(FindingKey.parse(text(n, "key")), Severity.valueOf(text(n, "severity")),
                    text(n, "detail")));
        }
        return out;
    }

    private static JsonNode block(LayoutBlock block) {
        try {
            return MAPPER.readTree(SLACK_GSON.toJson(block, LayoutBlock.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Slack SDK wrote a block that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static LayoutBlock block(JsonNode json) throws InvalidRecordException {
        LayoutBlock block = SLACK_GSON.fromJson(json.toString(), LayoutBlock.class);
        if (block == null) {
            throw new InvalidRecordException("a block is null");
        }
        return block;
    }
}
