package io.ghostwatch.functions;

import static io.ghostwatch.core.testing.CfnTemplate.map;
import static io.ghostwatch.core.testing.CfnTemplate.scalar;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.findings.DynamoDbFindingStore;
import io.ghostwatch.core.history.DynamoDbSampleStore;
import io.ghostwatch.core.run.DynamoDbRunStore;
import io.ghostwatch.core.testing.CfnTemplate;
import io.ghostwatch.core.testing.DynamoDbLocal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The audit as template.yaml deploys it, here: its state machine definition run by {@link StateMachineStandIn}, each
 * Task's function the handler template.yaml names for it (a fresh instance per invocation, as on a cold start), with
 * an environment like the template's, its tables in DynamoDB Local, Slack wherever {@code SLACK_API_URL} says.
 * Metric (EMF) lines the functions print are kept.
 */
final class AuditStack {

    static final String STACK = "ghostwatch-test";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger TABLES = new AtomicInteger();

    final String samplesTable;
    final String findingsTable;
    final String runsTable;
    final DynamoDbSampleStore samples;
    final DynamoDbFindingStore findings;
    final DynamoDbRunStore runs;
    final List<String> storeWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
    private final PrintStream metricsOut = new PrintStream(emf, true, StandardCharsets.UTF_8);
    private final StateMachineStandIn stateMachine;
    private final AwsClients.Settings aws;

    /**
     * @param extra more environment (SLACK_API_URL, SLACK_BOT_TOKEN, GHOSTWATCH_TARGETS_PER_SHARD, passwords...)
     * @param aws   where the ElastiCache shards' AWS clients go
     */
    AuditStack(DynamoDbLocal dynamo, Path config, Map<String, String> extra, AwsClients.Settings aws) throws IOException {
        int n = TABLES.incrementAndGet();
        samplesTable = "ghostwatch-samples-" + n;
        findingsTable = "ghostwatch-findings-" + n;
        runsTable = "ghostwatch-runs-" + n;
        DynamoDbSampleStore.createTable(dynamo.client(), samplesTable);
        DynamoDbFindingStore.createTable(dynamo.client(), findingsTable);
        DynamoDbRunStore.createTable(dynamo.client(), runsTable);
        samples = DynamoDbSampleStore.using(dynamo.client(), samplesTable);
        findings = DynamoDbFindingStore.using(dynamo.client(), findingsTable, storeWarnings::add);
        runs = DynamoDbRunStore.using(dynamo.client(), runsTable, Clock.systemUTC());
        this.aws = aws;
        environment.put(AuditEnvironment.CONFIG, config.toString());
        environment.put(AuditEnvironment.SAMPLES_TABLE, samplesTable);
        environment.put(AuditEnvironment.FINDINGS_TABLE, findingsTable);
        environment.put(AuditEnvironment.RUNS_TABLE, runsTable);
        environment.put(AuditEnvironment.TARGET_METRICS, "on");
        environment.put(AuditEnvironment.METRICS_NAMESPACE, "Ghostwatch");
        environment.put(AuditEnvironment.STACK, STACK);
        environment.putAll(extra);
        stateMachine = new StateMachineStandIn(definition(), functionsByTemplate());
    }

    /** The template's state machine definition, its substitutions still in place. */
    private static JsonNode definition() throws IOException {
        CfnTemplate template = CfnTemplate.load(RepoFiles.file("template.yaml"));
        String uri = scalar(template.properties("AuditStateMachine").get("DefinitionUri"), "DefinitionUri");
        return MAPPER.readTree(Files.readString(RepoFiles.file(uri)));
    }

    /**
     * Each substitution of the state machine to a fresh handler of the class template.yaml gives the function it names
     * ({@code AuditPlanFunctionArn: !Ref AuditPlanFunction.Alias} → AuditPlanFunction's Handler).
     */
    private Map<String, Supplier<RequestStreamHandler>> functionsByTemplate() {
        CfnTemplate template = CfnTemplate.load(RepoFiles.file("template.yaml"));
        Map<String, Supplier<RequestStreamHandler>> byClass = Map.of(
                AuditPlanHandler.class.getName(), () -> new AuditPlanHandler(environment(AuditPlanHandler.ENVIRONMENT)),
                AuditShardHandler.class.getName(), () -> new AuditShardHandler(environment(AuditShardHandler.ENVIRONMENT),
                        metricsOut),
                AuditPublishHandler.class.getName(), () -> new AuditPublishHandler(
                        environment(AuditPublishHandler.ENVIRONMENT), metricsOut));
        Map<String, Supplier<RequestStreamHandler>> functions = new HashMap<>();
        map(template.properties("AuditStateMachine").get("DefinitionSubstitutions"), "DefinitionSubstitutions")
                .forEach((name, ref) -> {
                    String alias = scalar(CfnTemplate.intrinsicArgument(ref), name);
                    String function = alias.substring(0, alias.indexOf('.'));
                    String handler = scalar(template.properties(function).get("Handler"), function + ".Handler");
                    Supplier<RequestStreamHandler> supplier = byClass.get(handler.substring(0, handler.indexOf("::")));
                    if (supplier == null) {
                        throw new AssertionError(name + " runs " + handler + ", which is no audit handler");
                    }
                    functions.put(name, supplier);
                });
        return functions;
    }

    /** A handler's environment: only what it declares, as Lambda gives a function only its own variables. */
    AuditEnvironment environment(AuditEnvironment.Variables declared) {
        Map<String, String> own = new HashMap<>(environment);
        own.keySet().removeIf(k -> k.startsWith("GHOSTWATCH_") && !declared.declares(k));
        return new AuditEnvironment(own, declared, Clock.systemUTC(), new AuditEnvironment.Stores(samples, findings, runs),
                aws);
    }

    void set(String variable, String value) {
        environment.put(variable, value);
    }

    StateMachineStandIn stateMachine() {
        return stateMachine;
    }

    /** A scheduled run: the EventBridge rule's event (events/schedule.json) as the execution's input. */
    StateMachineStandIn.Execution scheduledRun(String name) throws IOException {
        return stateMachine.start(name, Instant.now(), MAPPER.readTree(RepoFiles.file("events/schedule.json").toFile()));
    }

    /** {@code aws stepfunctions start-execution --input '{}'}. */
    StateMachineStandIn.Execution runByHand(String name) {
        return stateMachine.start(name, Instant.now(), MAPPER.createObjectNode());
    }

    /** The EMF lines printed so far, parsed. */
    List<JsonNode> metricLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : emf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(MAPPER.readTree(line));
            }
        }
        return lines;
    }

    /** Every line a function of the run logged that is a JSON object tagged {@code event}. */
    List<JsonNode> logged(String function, String event) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (StateMachineStandIn.Invocation i : stateMachine.invocations(function)) {
            for (String m : i.context().messages()) {
                JsonNode json = MAPPER.readTree(m);
                if (event.equals(json.path("event").asText())) {
                    out.add(json);
                }
            }
        }
        return out;
    }
}
