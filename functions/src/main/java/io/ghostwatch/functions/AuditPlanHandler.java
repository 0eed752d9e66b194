package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.run.ShardPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The first step of a scheduled audit run (the state machine in template.yaml): reads the config and cuts the fleet
 * into shards ({@link ShardPlan}): the inventory in slices of {@value AuditEnvironment#TARGETS_PER_SHARD} targets, one
 * shard per ElastiCache account and region. Its output is the state machine's: the run, the config's digest, and the
 * shards, each a {@link ShardRequest} the Map hands to {@link AuditShardHandler} as it is. It talks to no server.
 */
public final class AuditPlanHandler implements RequestStreamHandler {

    /** What it reads: the config, how to cut the fleet, how many shards run at once. */
    static final AuditEnvironment.Variables ENVIRONMENT = new AuditEnvironment.Variables(java.util.Set.of(
            AuditEnvironment.CONFIG, AuditEnvironment.TARGETS_PER_SHARD, AuditEnvironment.MAX_PARALLEL_SHARDS),
            java.util.Set.of());

    private final AuditEnvironment environment;

    /** Built once per execution environment. */
    public AuditPlanHandler() {
        this(AuditEnvironment.fromSystem(ENVIRONMENT));
    }

    AuditPlanHandler(AuditEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        PlanRequest request = PlanRequest.parse(input);
        AuditEnvironment.LoadedConfig loaded = environment.config();
        ShardPlan plan = ShardPlan.of(request.run(), loaded.config(), loaded.digest(), environment.targetsPerShard());
        ObjectNode out = EventJson.MAPPER.createObjectNode();
        out.put("runId", plan.run().id()).put("startedAt", plan.run().startedAt().toString()).put("config", plan.config());
        ObjectNode trigger = out.putObject("trigger");
        if (request.byHand()) {
            trigger.put("kind", "by hand");
        } else {
            trigger.put("kind", "schedule").put("eventId", request.eventId()).put("scheduledTime", request.scheduledTime());
        }
        out.put("targets", loaded.config().targets().size()).put("maxParallelShards", environment.maxParallelShards());
        ArrayNode shards = out.putArray("shards");
        ShardRequest.of(plan).forEach(s -> shards.add(s.json()));
        ObjectNode line = EventJson.MAPPER.createObjectNode().put("event", "ghostwatch_audit_plan")
                .put("runId", plan.run().id()).put("config", loaded.path() + " " + plan.config())
                .put("targets", loaded.config().targets().size()).put("shards", plan.shards().size())
                .put("targetsPerShard", environment.targetsPerShard());
        context.getLogger().log(EventJson.MAPPER.writeValueAsString(line) + "\n", LogLevel.INFO);
        EventJson.MAPPER.writeValue(output, out);
    }
}
