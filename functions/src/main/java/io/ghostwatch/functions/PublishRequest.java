package io.ghostwatch.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.run.AuditRun;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the state machine hands the publisher once every shard is done: the plan's output with the Map's results in
 * {@code shardResults}, one per shard, in plan order: a shard's summary, or, for a shard that failed for good, its
 * request with the {@code failure} Step Functions caught ({@code {"Error": ..., "Cause": ...}}).
 *
 * @param failures why each failed shard failed, by index
 * @param finished what each shard that finished says it did, by index (from its summary)
 */
record PublishRequest(AuditRun run, String config, List<ShardRequest> shards, Map<Integer, String> failures,
                      Map<Integer, Finished> finished) {

    /** A finished shard's count of targets (an ElastiCache shard's caches included) and of those it audited. */
    record Finished(int targets, int audited) {
    }

    static final String EVENT = "publish request";

    PublishRequest {
        shards = List.copyOf(shards);
        failures = Map.copyOf(failures);
        finished = Map.copyOf(finished);
    }

    static PublishRequest parse(InputStream input) throws IOException {
        JsonNode root = EventJson.object(input, EVENT);
        AuditRun run = new AuditRun(EventJson.text(root, "runId", EVENT), EventJson.instant(root, "startedAt", EVENT));
        List<ShardRequest> shards = new ArrayList<>();
        for (JsonNode s : EventJson.array(root, "shards", EVENT)) {
            ShardRequest shard = ShardRequest.of(s);
            if (!shard.run().equals(run) || shard.index() != shards.size()) {
                throw new IllegalArgumentException("the " + EVENT + "'s shard " + shards.size() + " is "
                        + shard.label() + " of run " + shard.run().id() + ": not the plan's own");
            }
            shards.add(shard);
        }
        Map<Integer, String> failures = new TreeMap<>();
        Map<Integer, Finished> finished = new TreeMap<>();
        JsonNode results = root.get("shardResults");
        if (results != null && results.isArray()) {
            for (JsonNode r : results) {
                JsonNode failure = r.get("failure");
                if (failure != null && failure.isObject()) {
                    failures.put(EventJson.integer(r, "shard", EVENT), reason(failure));
                } else {
                    finished.put(EventJson.integer(r, "shard", EVENT), new Finished(EventJson.integer(r, "targets", EVENT),
                            EventJson.integer(r, "audited", EVENT)));
                }
            }
        }
        return new PublishRequest(run, EventJson.text(root, "config", EVENT), shards, failures, finished);
    }

    /**
     * "Sandbox.Timedout: Task timed out after 900.00 seconds": the error, and the Lambda error message from the cause
     * when it holds one (a function error's cause is its JSON error document), else the cause as it is.
     */
    static String reason(JsonNode failure) {
        String error = failure.path("Error").asText("unknown error");
        String cause = failure.path("Cause").asText("");
        String message = cause;
        try {
            JsonNode document = EventJson.MAPPER.readTree(cause);
            if (document != null && document.path("errorMessage").isTextual()) {
                message = document.path("errorMessage").asText();
            }
        } catch (IOException e) {
            // not JSON: the cause as it is
        }
        return EventJson.clip(message.isBlank() ? error : error + ": " + message.strip(), 500).replace('\n', ' ');
    }
}
