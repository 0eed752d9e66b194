package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.history.DynamoDbSampleStore;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.render.JsonReportRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The scheduled fleet audit: an EventBridge schedule event in, the audit of every configured target out.
 * Thin by design: parse the event, call core, map the result. The full report goes to the function's log
 * as one JSON document; the return value is the summary.
 *
 * <p>Environment: {@code GHOSTWATCH_CONFIG} (path of the YAML config; default {@code ghostwatch.yaml} in the
 * deployment package); {@code GHOSTWATCH_SAMPLES_TABLE} (DynamoDB table for the audit history the leak check
 * reads; without it no history is kept).
 */
public final class ScheduledAuditHandler implements RequestStreamHandler {

    static final String ENV_CONFIG = "GHOSTWATCH_CONFIG";
    static final String DEFAULT_CONFIG = "/var/task/ghostwatch.yaml";
    static final String ENV_SAMPLES_TABLE = "GHOSTWATCH_SAMPLES_TABLE";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> environment;
    private final Clock clock;
    private final SampleStore history;

    /** Built once per execution environment: the DynamoDB client is reused across invocations. */
    public ScheduledAuditHandler() {
        this(System.getenv(), Clock.systemUTC(), historyFrom(System.getenv()));
    }

    ScheduledAuditHandler(Map<String, String> environment, Clock clock) {
        this(environment, clock, null);
    }

    ScheduledAuditHandler(Map<String, String> environment, Clock clock, SampleStore history) {
        this.environment = environment;
        this.clock = clock;
        this.history = history;
    }

    static SampleStore historyFrom(Map<String, String> environment) {
        String table = environment.get(ENV_SAMPLES_TABLE);
        return table == null || table.isBlank() ? null : DynamoDbSampleStore.create(table, environment);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ScheduleEvent event = ScheduleEvent.parse(input);
        GhostwatchConfig config = ConfigLoader.load(Path.of(environment.getOrDefault(ENV_CONFIG, DEFAULT_CONFIG)));
        if (config.targets().isEmpty()) {
            throw new ConfigException("the config has no targets: nothing to audit");
        }
        AuditReport report = new FleetAuditor(config.policy(), environment, clock, history).audit(config.targets(), AuditProgress.NONE);
        ObjectNode full = new JsonReportRenderer().tree(report);
        full.put("event", "ghostwatch_audit_report");
        context.getLogger().log(MAPPER.writeValueAsString(full) + "\n", LogLevel.INFO);
        MAPPER.writeValue(output, summary(event, full));
    }

    private static ObjectNode summary(ScheduleEvent event, ObjectNode full) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("scheduledTime", event.time());
        out.put("eventId", event.id());
        out.set("startedAt", full.get("startedAt"));
        out.set("durationMs", full.get("durationMs"));
        JsonNode summary = full.get("summary");
        summary.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
        return out;
    }
}
