package io.ghostwatch.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.Readout;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CloudWatch metrics from the audit, in the embedded metric format (EMF): one JSON document per line on standard
 * output, from which CloudWatch Logs makes the metrics. Standard output, not the Lambda logger: with the JSON log
 * format the logger wraps each message in a record of its own, and EMF needs its {@code _aws} member at the top of the
 * log event, while Lambda passes a line that is already JSON through as it is. No PutMetricData call, no permission.
 * <ul>
 *   <li>per target, dimensions {@code Stack} and {@code Target} (when {@value AuditEnvironment#TARGET_METRICS} is on, the default):
 *       {@code ConnectedClients} (summed over the nodes audited over a connection), {@code ProbableGhosts} (clients
 *       idle past {@code ghostIdleSeconds}, where the census ran) and {@code ConnectionsUsedPercent} (the fullest
 *       node's connected_clients / maxclients): graph them per target, alarm on them. Each is a custom metric, billed
 *       per target per month: turn them off for a fleet where that matters;</li>
 *   <li>per run, dimension {@code Stack}: {@code AuditRuns} (1 per published run: the "audit did not run" alarm counts these),
 *       {@code ShardsFailed}, {@code TargetsAudited}, {@code TargetsNotAudited}.</li>
 * </ul>
 */
final class AuditMetrics {

    static final String DEFAULT_NAMESPACE = "Ghostwatch";
    static final String STACK_DIMENSION = "Stack";
    static final String TARGET_DIMENSION = "Target";

    private final PrintStream out;
    private final String namespace;
    private final String stack;
    private final boolean perTarget;
    private final Clock clock;

    /** @param stack the deployment the metrics belong to (its CloudFormation stack), so two stacks never mix */
    AuditMetrics(PrintStream out, String namespace, String stack, boolean perTarget, Clock clock) {
        if (!namespace.matches("[A-Za-z0-9._/#:-]{1,255}") || namespace.startsWith("AWS/")) {
            throw new IllegalArgumentException("'" + namespace + "' is not a CloudWatch namespace for custom metrics"
                    + " (1-255 of letters, digits and . - _ / # :, not starting with AWS/)");
        }
        this.out = out;
        this.namespace = namespace;
        this.stack = stack;
        this.perTarget = perTarget;
        this.clock = clock;
    }

    /** One line per target audited over at least one connection. */
    void targets(AuditReport report) {
        if (!perTarget) {
            return;
        }
        for (TargetReport t : report.targets()) {
            List<NodeSnapshot> nodes = t.nodes().stream().filter(n -> n.status() == AuditStatus.AUDITED)
                    .map(NodeReport::snapshot).toList();
            if (nodes.isEmpty()) {
                continue;
            }
            Map<String, Number> values = new LinkedHashMap<>();
            values.put("ConnectedClients", nodes.stream().map(n -> n.info().connectedClients())
                    .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).sum());
            values.put("ProbableGhosts", nodes.stream().mapToLong(AuditMetrics::probableGhosts).sum());
            nodes.stream().mapToDouble(AuditMetrics::usedPercent).max().ifPresent(p -> {
                if (p >= 0) {
                    values.put("ConnectionsUsedPercent", Math.round(p * 10) / 10.0);
                }
            });
            emit(Map.of(STACK_DIMENSION, stack, TARGET_DIMENSION, t.name()), values, List.of("Count", "Count", "Percent"));
        }
    }

    /** The run's line, once per published run. */
    void run(int shardsFailed, int targetsAudited, int targetsNotAudited) {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("AuditRuns", 1);
        values.put("ShardsFailed", shardsFailed);
        values.put("TargetsAudited", targetsAudited);
        values.put("TargetsNotAudited", targetsNotAudited);
        emit(Map.of(STACK_DIMENSION, stack), values, List.of("Count", "Count", "Count", "Count"));
    }

    private static long probableGhosts(NodeSnapshot n) {
        return n.census() instanceof Readout.Known<ClientCensus>(ClientCensus c) && !c.isSkipped() ? c.probableGhosts() : 0;
    }

    /** connected_clients / maxclients in percent, or -1 when either is unknown. */
    private static double usedPercent(NodeSnapshot n) {
        OptionalLong connected = n.info().connectedClients();
        Readout<Long> max = n.maxclients();
        if (connected.isEmpty() || !(max instanceof Readout.Known<Long>(Long m)) || m <= 0) {
            return -1;
        }
        return 100.0 * connected.getAsLong() / m;
    }

    private void emit(Map<String, String> dimensions, Map<String, Number> values, List<String> units) {
        ObjectNode line = EventJson.MAPPER.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensionSet.add(STACK_DIMENSION);
        dimensions.keySet().stream().filter(d -> !d.equals(STACK_DIMENSION)).forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        int i = 0;
        for (String name : values.keySet()) {
            metrics.addObject().put("Name", name).put("Unit", units.get(i++));
        }
        dimensions.forEach(line::put);
        values.forEach((name, value) -> {
            if (value instanceof Double d) {
                line.put(name, d);
            } else {
                line.put(name, value.longValue());
            }
        });
        try {
            out.println(EventJson.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an EMF line could not be written: " + e.getOriginalMessage(), e);
        }
    }
}
