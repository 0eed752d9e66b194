package io.ghostwatch.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.elasticache.CacheLocation;
import io.ghostwatch.core.run.AuditRun;
import io.ghostwatch.core.run.Shard;
import io.ghostwatch.core.run.ShardPlan;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One item of the plan's {@code shards}: everything a shard needs, so the state machine's Map hands each item to a shard
 * function as it is.
 * <pre>
 * {"runId":"...","startedAt":"2026-11-21T10:00:00.123Z","config":"sha256:...","shard":0,"of":3,
 *  "targets":{"from":0,"to":1000}}          or  "elasticache":{"account":"prod","region":"us-east-1"}
 * </pre>
 *
 * @param index the shard's position in the plan, from 0
 * @param of    how many shards the plan has
 */
record ShardRequest(AuditRun run, String config, int index, int of, Shard shard) {

    static final String EVENT = "shard request";

    ShardRequest {
        if (index >= of) {
            throw new IllegalArgumentException("the " + EVENT + " is shard " + index + " of " + of
                    + ": shards count from 0 to \"of\" - 1");
        }
    }

    /** Every shard of a plan, as the plan hands them to the Map. */
    static List<ShardRequest> of(ShardPlan plan) {
        List<ShardRequest> requests = new ArrayList<>();
        for (int i = 0; i < plan.shards().size(); i++) {
            requests.add(new ShardRequest(plan.run(), plan.config(), i, plan.shards().size(), plan.shards().get(i)));
        }
        return requests;
    }

    /** "shard 2 of 5 (targets 1001-2000 of the inventory)". */
    String label() {
        return ReportLog.shardLabel(index, of, shard);
    }

    ObjectNode json() {
        ObjectNode o = EventJson.MAPPER.createObjectNode();
        o.put("runId", run.id()).put("startedAt", run.startedAt().toString()).put("config", config)
                .put("shard", index).put("of", of);
        switch (shard) {
            case Shard.Targets t -> o.putObject("targets").put("from", t.from()).put("to", t.to());
            case Shard.ElastiCache e -> o.putObject("elasticache").put("account", e.location().account())
                    .put("region", e.location().region());
        }
        return o;
    }

    static ShardRequest parse(InputStream input) throws IOException {
        return of(EventJson.object(input, EVENT));
    }

    static ShardRequest of(JsonNode o) {
        AuditRun run = new AuditRun(EventJson.text(o, "runId", EVENT), EventJson.instant(o, "startedAt", EVENT));
        Shard shard;
        if (o.has("targets")) {
            JsonNode t = o.get("targets");
            shard = new Shard.Targets(EventJson.integer(t, "from", EVENT), EventJson.integer(t, "to", EVENT));
        } else if (o.has("elasticache")) {
            JsonNode e = o.get("elasticache");
            shard = new Shard.ElastiCache(new CacheLocation(EventJson.text(e, "account", EVENT),
                    EventJson.text(e, "region", EVENT)));
        } else {
            throw new IllegalArgumentException("the " + EVENT + " names no work: it needs \"targets\" {from, to} or"
                    + " \"elasticache\" {account, region}");
        }
        return new ShardRequest(run, EventJson.text(o, "config", EVENT), EventJson.integer(o, "shard", EVENT),
                EventJson.integer(o, "of", EVENT), shard);
    }
}
