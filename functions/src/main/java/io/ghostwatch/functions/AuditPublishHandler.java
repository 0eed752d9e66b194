package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.elasticache.CacheRegion;
import io.ghostwatch.core.findings.DigestOutcome;
import io.ghostwatch.core.findings.DigestPublisher;
import io.ghostwatch.core.findings.RecordedPart;
import io.ghostwatch.core.run.RunStore;
import io.ghostwatch.core.run.Shard;
import io.ghostwatch.core.slack.DigestPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The last step of an audit run, once every shard is done: gathers the shards' parts from the runs table, names the
 * targets of any shard that did not leave one (it failed for good, or its part cannot be read) as not audited with the
 * reason, and posts the run's one digest ({@link DigestPublisher}), then records what it told. Logs the outcome and the
 * run's metrics ({@code AuditRuns}: the "audit did not run" alarm counts them). A digest Slack refused fails the
 * invocation (logged at ERROR; the findings are stored, and the next run tells the channel what it missed).
 */
public final class AuditPublishHandler implements RequestStreamHandler {

    /**
     * What it reads: the config, finding state and the shards' parts, the metrics' settings, the bot token (for a
     * config whose slack.botToken is env:SLACK_BOT_TOKEN) and, in tests, another Slack Web API.
     */
    static final AuditEnvironment.Variables ENVIRONMENT = new AuditEnvironment.Variables(java.util.Set.of(
            AuditEnvironment.CONFIG, AuditEnvironment.FINDINGS_TABLE, AuditEnvironment.RUNS_TABLE,
            AuditEnvironment.METRICS_NAMESPACE, AuditEnvironment.STACK, AuditEnvironment.SLACK_BOT_TOKEN),
            java.util.Set.of(AuditEnvironment.SLACK_API_URL, AuditEnvironment.TARGET_METRICS));

    private final AuditEnvironment environment;
    private final PrintStream metricsOut;

    /** Built once per execution environment. */
    public AuditPublishHandler() {
        this(AuditEnvironment.fromSystem(ENVIRONMENT), System.out);
    }

    AuditPublishHandler(AuditEnvironment environment, PrintStream metricsOut) {
        this.environment = environment;
        this.metricsOut = metricsOut;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        PublishRequest request = PublishRequest.parse(input);
        GhostwatchConfig config = environment.config(request.config(), "the publisher").config();
        // a bad metrics setting fails the run before its digest is posted, not after
        AuditMetrics metrics = environment.metrics(metricsOut);
        RunStore.Parts stored = environment.runs().parts(request.run());
        List<RecordedPart> parts = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int targets = 0;
        int audited = 0;
        for (ShardRequest shard : request.shards()) {
            List<String> names = targetNames(shard.shard(), config);
            RecordedPart part = stored.parts().get(shard.index());
            PublishRequest.Finished done = request.finished().get(shard.index());
            if (part != null) {
                parts.add(part);
                targets += done == null ? names.size() : done.targets();
                audited += done == null ? 0 : done.audited();
                continue;
            }
            targets += names.size();
            String reason = shard.label() + " did not finish: " + request.failures().getOrDefault(shard.index(),
                    stored.unreadable().getOrDefault(shard.index(), "it left no part of the digest"));
            failed.add(reason);
            parts.add(new RecordedPart(0, config.slack() == null ? null : DigestPart.notAudited(names, reason)));
        }
        long durationMs = Duration.between(request.run().startedAt(), environment.clock().instant()).toMillis();
        DigestOutcome outcome = new DigestPublisher(environment.findings(), environment.clock())
                .publish(request.run().startedAt(), durationMs, parts, config, environment.slack(config));
        metrics.run(failed.size(), audited, targets - audited);

        ObjectNode summary = EventJson.MAPPER.createObjectNode();
        summary.put("runId", request.run().id()).put("startedAt", request.run().startedAt().toString())
                .put("durationMs", durationMs).put("shards", request.shards().size()).put("shardsFailed", failed.size());
        ArrayNode failures = summary.putArray("failedShards");
        failed.forEach(failures::add);
        summary.put("slack", outcome.summary());
        boolean notPosted = outcome instanceof DigestOutcome.NotPosted;
        ObjectNode line = EventJson.MAPPER.createObjectNode().put("event", "ghostwatch_slack_digest")
                .put("runId", request.run().id()).put("outcome", outcome.kind()).put("message", outcome.summary());
        context.getLogger().log(EventJson.MAPPER.writeValueAsString(line) + "\n", notPosted ? LogLevel.ERROR : LogLevel.INFO);
        if (!failed.isEmpty()) {
            ObjectNode shards = EventJson.MAPPER.createObjectNode().put("event", "ghostwatch_shards_failed")
                    .put("runId", request.run().id());
            shards.set("failedShards", failures);
            context.getLogger().log(EventJson.MAPPER.writeValueAsString(shards) + "\n", LogLevel.ERROR);
        }
        if (notPosted) {
            throw new IllegalStateException("Slack " + outcome.summary() + " (the findings are stored)");
        }
        EventJson.MAPPER.writeValue(output, summary);
    }

    /** The names a shard's targets have in the digest: its inventory entries, or its ElastiCache region's. */
    private static List<String> targetNames(Shard shard, GhostwatchConfig config) {
        return switch (shard) {
            case Shard.Targets t -> config.targets().subList(Math.min(t.from(), config.targets().size()),
                    Math.min(t.to(), config.targets().size())).stream().map(TargetSpec::name).toList();
            case Shard.ElastiCache e -> List.of(new CacheRegion(e.location()).name());
        };
    }
}
