package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.ElastiCacheAuditor;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.findings.DigestOutcome;
import io.ghostwatch.core.findings.DigestPublisher;
import io.ghostwatch.core.findings.DynamoDbFindingStore;
import io.ghostwatch.core.findings.FindingStore;
import io.ghostwatch.core.history.DynamoDbSampleStore;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackSettings;
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
 * <p>After the audit, the run's findings are stored in the findings table, then, when the config has a
 * {@code slack:} section, the digest is posted ({@link DigestPublisher}: store first, so a Slack failure never loses
 * an audit). A digest that could not be posted is logged at ERROR and fails the invocation (the Errors metric shows
 * it; the stored findings and the logged report stand, and the next run tells the channel what it missed).
 *
 * <p>Environment: {@code GHOSTWATCH_CONFIG} (path of the YAML config; default {@code ghostwatch.yaml} in the
 * deployment package); {@code GHOSTWATCH_SAMPLES_TABLE} (DynamoDB table for the audit history the leak check
 * reads; without it no history is kept); {@code GHOSTWATCH_FINDINGS_TABLE} (DynamoDB table of finding state; required
 * with a {@code slack:} section, since without it every run would announce everything again); the bot token through
 * the config's {@code slack.botToken} reference ({@code env:SLACK_BOT_TOKEN} for now; Secrets Manager in issue 7);
 * {@code SLACK_API_URL} (Web API base, default Slack's). With an {@code elasticache:} section, its accounts and regions
 * are audited too, with the function's role (and the roles it names); the AWS clients are built once per execution
 * environment and reused.
 */
public final class ScheduledAuditHandler implements RequestStreamHandler {

    static final String ENV_CONFIG = "GHOSTWATCH_CONFIG";
    static final String DEFAULT_CONFIG = "/var/task/ghostwatch.yaml";
    static final String ENV_SAMPLES_TABLE = "GHOSTWATCH_SAMPLES_TABLE";
    static final String ENV_FINDINGS_TABLE = "GHOSTWATCH_FINDINGS_TABLE";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> environment;
    private final Clock clock;
    private final SampleStore history;
    private final FindingStore findings;
    private final AwsClients.Settings awsSettings;
    private final Secrets secrets;
    private AwsClients aws;

    /** Built once per execution environment: the DynamoDB clients are reused across invocations. */
    public ScheduledAuditHandler() {
        this(System.getenv(), Clock.systemUTC(), historyFrom(System.getenv()), findingsFrom(System.getenv()));
    }

    ScheduledAuditHandler(Map<String, String> environment, Clock clock) {
        this(environment, clock, null, null);
    }

    ScheduledAuditHandler(Map<String, String> environment, Clock clock, SampleStore history) {
        this(environment, clock, history, null);
    }

    ScheduledAuditHandler(Map<String, String> environment, Clock clock, SampleStore history, FindingStore findings) {
        this(environment, clock, history, findings, AwsClients.Settings.defaults());
    }

    ScheduledAuditHandler(Map<String, String> environment, Clock clock, SampleStore history, FindingStore findings,
                          AwsClients.Settings awsSettings) {
        this.environment = environment;
        this.clock = clock;
        this.history = history;
        this.findings = findings;
        this.awsSettings = awsSettings;
        this.secrets = Secrets.create(environment, awsSettings);
    }

    /** The AWS clients, built on the first audit that needs them and kept for the next invocations. */
    private synchronized AwsClients aws() {
        if (aws == null) {
            aws = AwsClients.create(awsSettings);
        }
        return aws;
    }

    static FindingStore findingsFrom(Map<String, String> environment) {
        String table = environment.get(ENV_FINDINGS_TABLE);
        return table == null || table.isBlank() ? null : DynamoDbFindingStore.create(table, environment,
                warning -> LambdaRuntime.getLogger().log(warning + "\n", LogLevel.WARN));
    }

    static SampleStore historyFrom(Map<String, String> environment) {
        String table = environment.get(ENV_SAMPLES_TABLE);
        return table == null || table.isBlank() ? null : DynamoDbSampleStore.create(table, environment);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ScheduleEvent event = ScheduleEvent.parse(input);
        GhostwatchConfig config = ConfigLoader.load(Path.of(environment.getOrDefault(ENV_CONFIG, DEFAULT_CONFIG)));
        if (!config.hasTargets()) {
            throw new ConfigException("the config has no targets and no elasticache section: nothing to audit");
        }
        if (config.slack() != null && findings == null) {
            throw new ConfigException("the config has a slack: section but " + ENV_FINDINGS_TABLE + " is not set: without"
                    + " finding state every run would announce every finding again");
        }
        ElastiCacheAuditor elasticache = config.elasticache() == null ? null : new ElastiCacheAuditor(
                config.elasticache(), aws(), config.policy(), secrets, clock, history);
        AuditReport report = new FleetAuditor(config.policy(), secrets, clock, history, elasticache)
                .audit(config.targets(), AuditProgress.NONE);
        ObjectNode full = new JsonReportRenderer().tree(report);
        full.put("event", "ghostwatch_audit_report");
        context.getLogger().log(MAPPER.writeValueAsString(full) + "\n", LogLevel.INFO);
        ObjectNode summary = summary(event, full);
        if (findings != null) {
            DigestOutcome outcome = new DigestPublisher(findings, clock).publish(report, config, Map.of(),
                    () -> SlackPoster.create(SlackSettings.fromEnvironment(environment),
                            BotToken.resolve(config.slack().botToken(), secrets)));
            summary.put("slack", outcome.summary());
            ObjectNode line = MAPPER.createObjectNode().put("event", "ghostwatch_slack_digest")
                    .put("outcome", outcome.kind()).put("message", outcome.summary());
            boolean failed = outcome instanceof DigestOutcome.NotPosted;
            context.getLogger().log(MAPPER.writeValueAsString(line) + "\n", failed ? LogLevel.ERROR : LogLevel.INFO);
            if (failed) {
                throw new IllegalStateException("Slack " + outcome.summary() + " (the findings are stored)");
            }
        }
        MAPPER.writeValue(output, summary);
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
