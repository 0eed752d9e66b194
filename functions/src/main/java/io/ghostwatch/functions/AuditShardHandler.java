package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditProgress;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.ElastiCacheAuditor;
import io.ghostwatch.core.audit.FleetAuditor;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.findings.DigestPublisher;
import io.ghostwatch.core.findings.FindingStore;
import io.ghostwatch.core.findings.RecordedPart;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.run.RunStore;
import io.ghostwatch.core.run.Shard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * One shard of an audit run: audits its slice of the inventory (or its ElastiCache account and region) with the
 * policy's concurrency and per-target deadlines, logs its JSON report a line per target ({@link ReportLog}), publishes each target's connection
 * counts as metrics ({@link AuditMetrics}), stores the findings and leaves the shard's part of the digest in the runs
 * table for {@link AuditPublishHandler}. Its output is a summary of the shard. It fails (and Step Functions names it to
 * the publisher) only when it cannot do its job: the config changed since the plan, a store is unreachable; a server
 * that is down is a finding, not a failure.
 */
public final class AuditShardHandler implements RequestStreamHandler {

    /** What it reads: the config, the three tables, how to publish metrics. */
    static final AuditEnvironment.Variables ENVIRONMENT = new AuditEnvironment.Variables(java.util.Set.of(
            AuditEnvironment.CONFIG, AuditEnvironment.SAMPLES_TABLE, AuditEnvironment.FINDINGS_TABLE,
            AuditEnvironment.RUNS_TABLE, AuditEnvironment.TARGET_METRICS, AuditEnvironment.METRICS_NAMESPACE,
            AuditEnvironment.STACK), java.util.Set.of());

    private final AuditEnvironment environment;
    private final PrintStream metricsOut;

    /** Built once per execution environment. */
    public AuditShardHandler() {
        this(AuditEnvironment.fromSystem(ENVIRONMENT), System.out);
    }

    /** @param metricsOut where the EMF lines go: standard output in Lambda */
    AuditShardHandler(AuditEnvironment environment, PrintStream metricsOut) {
        this.environment = environment;
        this.metricsOut = metricsOut;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ShardRequest request = ShardRequest.parse(input);
        GhostwatchConfig config = environment.config(request.config(), request.label()).config();
        // what the shard needs after the audit, before it: a missing table or a bad setting fails it before any work
        AuditMetrics metrics = environment.metrics(metricsOut);
        FindingStore findings = environment.findings();
        RunStore runs = environment.runs();
        long started = System.nanoTime();
        List<TargetReport> targets = audit(request.shard(), config);
        AuditReport report = new AuditReport(request.run().startedAt(), (System.nanoTime() - started) / 1_000_000,
                targets);
        new ReportLog(context.getLogger()).write(report, request);
        metrics.targets(report);
        RecordedPart recorded = new DigestPublisher(findings, environment.clock()).record(report, config, Map.of());
        runs.put(request.run(), request.index(), recorded);
        ObjectNode summary = EventJson.MAPPER.createObjectNode();
        summary.put("runId", request.run().id()).put("shard", request.index()).put("of", request.of())
                .put("label", request.label()).put("durationMs", report.durationMs())
                .put("findingsStored", recorded.findings());
        new JsonReportRenderer().summary(report).properties().forEach(e -> summary.set(e.getKey(), e.getValue()));
        EventJson.MAPPER.writeValue(output, summary);
    }

    private List<TargetReport> audit(Shard shard, GhostwatchConfig config) {
        return switch (shard) {
            case Shard.Targets t -> {
                if (t.to() > config.targets().size()) {
                    throw new ConfigException("the plan's " + shard.label() + " is beyond the config's "
                            + config.targets().size() + " targets");
                }
                yield new FleetAuditor(config.policy(), environment.secrets(), environment.clock(),
                        environment.history()).audit(config.targets().subList(t.from(), t.to()), AuditProgress.NONE)
                        .targets();
            }
            case Shard.ElastiCache e -> {
                if (config.elasticache() == null) {
                    throw new ConfigException("the plan's " + shard.label() + " is not in the config: it has no"
                            + " elasticache section");
                }
                yield new ElastiCacheAuditor(config.elasticache(), environment.aws(), config.policy(),
                        environment.secrets(), environment.clock(), environment.history()).audit(e.location());
            }
        };
    }
}
