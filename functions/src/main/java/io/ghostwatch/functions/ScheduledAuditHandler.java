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
 * deployment package).
 */
public final class ScheduledAuditHandler implements RequestStreamHandler {

    static final String ENV_CONFIG = "GHOSTWATCH_CONFIG";
    static final String DEFAULT_CONFIG = "/var/task/ghostwatch.yaml";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> environment;
    private final Clock clock;

    public ScheduledAuditHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    ScheduledAuditHandler(Map<String, String> environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ScheduleEvent event = ScheduleEvent.parse(input);
        GhostwatchConfig config = ConfigLoader.load(Path.of(environment.getOrDefault(ENV_CONFIG, DEFAULT_CONFIG)));
        if (config.targets().isEmpty()) {
            throw new ConfigException("the config has no targets: nothing to audit");
        }
        AuditReport report = new FleetAuditor(config.policy(), environment, clock).audit(config.targets(), AuditProgress.NONE);
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
