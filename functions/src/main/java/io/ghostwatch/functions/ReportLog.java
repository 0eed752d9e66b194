package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.run.Shard;
import java.nio.charset.StandardCharsets;

/**
 * A shard's JSON report in the log, one line per target ({@code "event": "ghostwatch_target_report"}) and one for the
 * shard ({@code "ghostwatch_shard_report"}), each tagged with the run and the shard, so Logs Insights finds a target's
 * latest audit with one filter. One line per target because CloudWatch Logs takes at most 256 KB per event: a shard's
 * whole report is megabytes. A target whose line would still be larger (a cluster of hundreds of nodes) loses, in
 * order, its nodes' details, its census and its findings' evidence, and says so in {@code "trimmed"}. Public so the
 * fleet benchmark ({@code infra/bench}) logs exactly what a shard logs, to a logger that counts.
 */
public final class ReportLog {

    /** CloudWatch Logs' 256 KB per event, less room for Lambda's JSON record around the message. */
    public static final int MAX_LINE_BYTES = 250 * 1024;

    private final LambdaLogger logger;
    private final JsonReportRenderer renderer = new JsonReportRenderer();

    public ReportLog(LambdaLogger logger) {
        this.logger = logger;
    }

    /**
     * How a shard names itself in its log lines and its errors: "shard 2 of 5 (targets 1001-2000 of the inventory)".
     *
     * @param index the shard's position in the plan, from 0
     * @param of    how many shards the plan has
     */
    public static String shardLabel(int index, int of, Shard shard) {
        return "shard " + (index + 1) + " of " + of + " (" + shard.label() + ")";
    }

    void write(AuditReport report, ShardRequest shard) throws JsonProcessingException {
        write(report, shard.run().id(), shard.label());
    }

    /**
     * Logs the report: a line per target, then the shard's summary line.
     *
     * @param runId the run's ID
     * @param shard the shard's {@link #shardLabel label}
     */
    public void write(AuditReport report, String runId, String shard) throws JsonProcessingException {
        for (TargetReport t : report.targets()) {
            ObjectNode line = EventJson.MAPPER.createObjectNode().put("event", "ghostwatch_target_report")
                    .put("runId", runId).put("shard", shard);
            line.setAll(renderer.target(t));
            logger.log(fit(line) + "\n", LogLevel.INFO);
        }
        ObjectNode summary = EventJson.MAPPER.createObjectNode().put("event", "ghostwatch_shard_report")
                .put("runId", runId).put("shard", shard)
                .put("startedAt", report.startedAt().toString()).put("durationMs", report.durationMs());
        summary.set("summary", renderer.summary(report));
        logger.log(EventJson.MAPPER.writeValueAsString(summary) + "\n", LogLevel.INFO);
    }

    /** The line as JSON text, trimmed below {@link #MAX_LINE_BYTES}. */
    static String fit(ObjectNode line) throws JsonProcessingException {
        String text = EventJson.MAPPER.writeValueAsString(line);
        String[] trims = {"nodes", "census", "evidence"};
        for (int i = 0; i < trims.length && bytes(text) > MAX_LINE_BYTES; i++) {
            trim(line, trims[i]);
            line.withArray("trimmed").add(trims[i]);
            text = EventJson.MAPPER.writeValueAsString(line);
        }
        return text;
    }

    private static void trim(ObjectNode line, String what) {
        switch (what) {
            case "nodes" -> line.put("nodes", line.path("nodes").size());
            case "census" -> {
                line.remove("census");
                line.remove("facts");
            }
            default -> {
                for (JsonNode f : line.path("findings")) {
                    ((ObjectNode) f).remove("evidence");
                }
            }
        }
    }

    private static int bytes(String text) {
        return text.length() * 3 < MAX_LINE_BYTES ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
