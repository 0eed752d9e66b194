package io.ghostwatch.bot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The audit functions' events, handed on as the state machine hands them on: the plan is given
 * {@code events/audit-plan.json} as a run of its own (a fresh run ID, started now); its answer's shard is the shard
 * function's event; the shard's answer, with the plan's answer, is the publisher's ({@code shardResults}). So every
 * round of cold starts is one audit run whose part of the digest is stored under its own run ID, and the publisher
 * publishes the run the shard just audited. The plan must cut the fleet into one shard (the benchmark's few targets).
 */
final class AuditRunEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path planTemplate;
    private final Path dir;
    private int runs;
    private ObjectNode planned;
    private JsonNode shardAnswer;

    /**
     * @param planTemplate {@code events/audit-plan.json}
     * @param dir          where the events are written
     */
    AuditRunEvents(Path planTemplate, Path dir) {
        this.planTemplate = planTemplate;
        this.dir = dir;
    }

    /** The plan's event for a new run: the sample's trigger, a run ID of its own, started now. */
    Path planEvent() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(planTemplate.toFile());
        event.put("runId", "ghostwatch-cold-start-" + (++runs));
        event.put("startedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return write("plan-event.json", event);
    }

    /** Why the plan's answer is not a plan of {@code targets} targets in one shard, or null (and it is kept). */
    String planned(JsonNode answer, int targets) {
        if (answer.path("targets").asInt() != targets || answer.path("shards").size() != 1) {
            return "expected a plan of " + targets + " targets in one shard";
        }
        planned = (ObjectNode) answer;
        shardAnswer = null;
        return null;
    }

    /** The plan's one shard, as the Map hands it to the shard function. */
    Path shardEvent() throws IOException {
        if (planned == null) {
            throw new IllegalStateException("no plan yet: the plan runs before the shard");
        }
        return write("shard-event.json", planned.path("shards").get(0));
    }

    /** Why the shard's answer is not {@code targets} targets audited, or null (and it is kept for the publisher). */
    String shardAnswered(JsonNode answer, int targets) {
        if (answer.path("audited").asInt() != targets) {
            return "expected a shard summary with audited: " + targets;
        }
        shardAnswer = answer;
        return null;
    }

    /** The plan's answer with the Map's results: the shard's summary. */
    Path publishEvent() throws IOException {
        if (shardAnswer == null) {
            throw new IllegalStateException("no shard answer yet: the shard runs before the publisher");
        }
        ObjectNode event = planned.deepCopy();
        ArrayNode results = event.putArray("shardResults");
        results.add(shardAnswer);
        return write("publish-event.json", event);
    }

    private Path write(String name, JsonNode event) throws IOException {
        return Files.write(dir.resolve(name), JSON.writeValueAsBytes(event));
    }
}
