package io.ghostwatch.functions;

import static io.ghostwatch.core.testing.CfnTemplate.intrinsicArgument;
import static io.ghostwatch.core.testing.CfnTemplate.intrinsicName;
import static io.ghostwatch.core.testing.CfnTemplate.map;
import static io.ghostwatch.core.testing.CfnTemplate.scalar;
import static io.ghostwatch.core.testing.CfnTemplate.scalars;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.testing.CfnTemplate;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks template.yaml against the code it deploys, without AWS: handlers exist, runtime and artifact path
 * match the build, the schedule parameter is valid, and every reference resolves. The functions that ship the bot's
 * jar are checked against the bot's code by the bot module's BotTemplateTest (their classes are not on this
 * module's classpath); here only that they are the ones expected and ship that jar.
 */
class TemplateTest {

    private static final String SHADED_JAR_PREFIX = "functions/target/";
    private static final String BOT_JAR = "bot/target/ghostwatch-bot.jar";
    /** The functions that run the bot's jar (BotTemplateTest in the bot module checks them). */
    private static final Set<String> BOT_FUNCTIONS = Set.of("BotFunction", "BotWorkerFunction");

    private static CfnTemplate template;

    @BeforeAll
    static void load() {
        template = CfnTemplate.load(RepoFiles.file("template.yaml"));
    }

    @Test
    void isASamTemplate() {
        assertThat(scalar(template.top("Transform"), "Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(scalar(template.top("AWSTemplateFormatVersion"), "AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
        assertThat(template.functionIds()).as("functions in the template").isNotEmpty();
    }

    /** The functions shipping this module's jar. */
    private static List<String> functionsOfThisModule() {
        return template.functionIds().stream().filter(id -> !BOT_FUNCTIONS.contains(id)).toList();
    }

    @Test
    void everyFunctionHandlerExistsOnTheClasspath() throws Exception {
        assertThat(functionsOfThisModule()).contains("AuditPlanFunction", "AuditShardFunction", "AuditPublishFunction");
        for (String id : functionsOfThisModule()) {
            String handler = scalar(template.effectiveFunctionProperty(id, "Handler"), id + ".Handler");
            assertThat(handler).as(id + " Handler").matches("[a-zA-Z_$][\\w.$]*::[a-zA-Z_$][\\w$]*");
            String className = handler.substring(0, handler.indexOf("::"));
            String methodName = handler.substring(handler.indexOf("::") + 2);

            Class<?> type = Class.forName(className);
            assertThat(Modifier.isPublic(type.getModifiers())).as(className + " is public").isTrue();
            assertThat(Modifier.isAbstract(type.getModifiers())).as(className + " is concrete").isFalse();
            // Lambda creates the handler once per execution environment with the public no-argument constructor.
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();

            if (RequestStreamHandler.class.isAssignableFrom(type)) {
                Method m = type.getMethod(methodName, InputStream.class, OutputStream.class, Context.class);
                assertThat(m.getReturnType()).as(handler).isEqualTo(void.class);
            } else {
                assertThat(RequestHandler.class.isAssignableFrom(type))
                        .as(className + " implements RequestHandler or RequestStreamHandler").isTrue();
                assertThat(Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(methodName))
                        .anyMatch(m -> m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class))
                        .as(handler + "(event, Context)").isTrue();
            }
        }
    }

    @Test
    void everyFunctionRunsJava25OnOneArchitecture() {
        for (String id : template.functionIds()) {
            assertThat(scalar(template.effectiveFunctionProperty(id, "Runtime"), id + ".Runtime")).as(id + " Runtime")
                    .isEqualTo("java25");
            // SAM concatenates Globals and function lists: two Architectures entries fail the deploy.
            assertThat(scalars(template.effectiveFunctionProperty(id, "Architectures"), id + ".Architectures"))
                    .as(id + " Architectures").singleElement().isIn("x86_64", "arm64");
        }
    }

    @Test
    void everyFunctionShipsTheShadedJarTheBuildProduces() throws Exception {
        String expected = SHADED_JAR_PREFIX + shadedJarFinalName() + ".jar";
        assertThat(expected).isEqualTo("functions/target/ghostwatch.jar");
        for (String id : template.functionIds()) {
            assertThat(scalar(template.effectiveFunctionProperty(id, "CodeUri"), id + ".CodeUri")).as(id + " CodeUri")
                    .isEqualTo(BOT_FUNCTIONS.contains(id) ? BOT_JAR : expected);
        }
        assertThat(template.functionIds()).as("the bot's functions").containsAll(BOT_FUNCTIONS);
    }

    @Test
    void everyFunctionLogsJsonWithinLambdaLimits() {
        for (String id : template.functionIds()) {
            Map<String, Node> logging = map(template.effectiveFunctionProperty(id, "LoggingConfig"), id + ".LoggingConfig");
            assertThat(scalar(logging.get("LogFormat"), "LogFormat")).as(id + " LogFormat").isEqualTo("JSON");
            int timeout = Integer.parseInt(scalar(template.effectiveFunctionProperty(id, "Timeout"), id + ".Timeout"));
            int memory = Integer.parseInt(scalar(template.effectiveFunctionProperty(id, "MemorySize"), id + ".MemorySize"));
            assertThat(timeout).as(id + " Timeout (s)").isBetween(1, 900);
            assertThat(memory).as(id + " MemorySize (MB)").isBetween(128, 10_240);
        }
    }

    @Test
    void theAuditFunctionsReadTheConfigTheHandlersDefaultTo() {
        assertThat(parameterDefault("ConfigPath")).as("ConfigPath default, the handlers' own default")
                .isEqualTo(AuditEnvironment.DEFAULT_CONFIG);
        assertThat(matchesAllowedPattern("ConfigPath", AuditEnvironment.DEFAULT_CONFIG)).isTrue();
        for (String id : AUDIT_FUNCTIONS.keySet()) {
            assertThat(refTo(variables(id).get(AuditEnvironment.CONFIG))).as(id).isEqualTo("ConfigPath");
        }
    }

    /**
     * Every function reads the config from the ConfigLayer, which ships infra/deploy/: a directory whose ghostwatch.yaml
     * lands at the ConfigPath default, and loads.
     */
    @Test
    void everyFunctionGetsTheConfigLayerWhoseConfigLoads() throws Exception {
        for (String id : template.functionIds()) {
            List<Node> layers = ((SequenceNode) template.effectiveFunctionProperty(id, "Layers")).getValue();
            assertThat(layers).as(id + " Layers").hasSize(1);
            assertThat(refTo(layers.getFirst())).as(id).isEqualTo("ConfigLayer");
        }
        String contentUri = scalar(template.properties("ConfigLayer").get("ContentUri"), "ContentUri");
        Path config = RepoFiles.file(contentUri + "ghostwatch.yaml");
        assertThat(AuditEnvironment.DEFAULT_CONFIG).as("Lambda extracts a layer under /opt")
                .isEqualTo("/opt/" + config.getFileName());
        assertThat(io.ghostwatch.core.config.ConfigLoader.load(config).hasTargets()).isTrue();
    }

    /**
     * Each audit handler declares what it reads ({@code ENVIRONMENT}; {@link AuditEnvironment} refuses to read anything
     * else): its function sets every required variable, and nothing the handler does not read.
     */
    @Test
    void everyAuditFunctionGetsEveryVariableItsHandlerReadsAndNoOther() {
        AUDIT_FUNCTIONS.forEach((id, function) -> {
            String handler = function.handler().getSimpleName();
            assertThat(scalar(template.effectiveFunctionProperty(id, "Handler"), id + ".Handler")).as(id)
                    .isEqualTo(function.handler().getName() + "::handleRequest");
            Map<String, Node> variables = variables(id);
            assertThat(variables.keySet()).as(id + " sets what " + handler + " requires")
                    .containsAll(function.environment().required());
            assertThat(variables.keySet()).as(id + " sets nothing " + handler + " does not read")
                    .allMatch(function.environment()::declares);
        });
        Map<String, String> tables = Map.of(AuditEnvironment.SAMPLES_TABLE, "SamplesTable",
                AuditEnvironment.FINDINGS_TABLE, "FindingsTable", AuditEnvironment.RUNS_TABLE, "RunsTable");
        for (String id : AUDIT_FUNCTIONS.keySet()) {
            tables.forEach((variable, table) -> {
                Node value = variables(id).get(variable);
                if (value != null) {
                    assertThat(refTo(value)).as(id + " " + variable).isEqualTo(table);
                }
            });
        }
        assertThat(refTo(variables("AuditPlanFunction").get(AuditEnvironment.TARGETS_PER_SHARD)))
                .isEqualTo("TargetsPerShard");
        assertThat(refTo(variables("AuditPlanFunction").get(AuditEnvironment.MAX_PARALLEL_SHARDS)))
                .isEqualTo("MaxParallelShards");
        assertThat(refTo(variables("AuditShardFunction").get(AuditEnvironment.STACK))).isEqualTo("AWS::StackName");
        assertThat(refTo(variables("AuditPublishFunction").get(AuditEnvironment.STACK))).isEqualTo("AWS::StackName");
    }

    @Test
    void theScaleParametersHaveTheRangesTheCodeAccepts() {
        Map<String, Node> perShard = parameter("TargetsPerShard");
        assertThat(scalar(perShard.get("MinValue"), "MinValue")).isEqualTo(
                String.valueOf(io.ghostwatch.core.run.ShardPlan.MIN_TARGETS_PER_SHARD));
        assertThat(scalar(perShard.get("MaxValue"), "MaxValue")).isEqualTo(
                String.valueOf(io.ghostwatch.core.run.ShardPlan.MAX_TARGETS_PER_SHARD));
        assertThat(parameterDefault("TargetsPerShard")).isEqualTo(String.valueOf(AuditEnvironment.DEFAULT_TARGETS_PER_SHARD));
        Map<String, Node> parallel = parameter("MaxParallelShards");
        assertThat(scalar(parallel.get("MinValue"), "MinValue")).isEqualTo("1");
        assertThat(scalar(parallel.get("MaxValue"), "MaxValue")).isEqualTo(
                String.valueOf(AuditEnvironment.MAX_MAX_PARALLEL_SHARDS));
        assertThat(parameterDefault("MaxParallelShards")).isEqualTo(
                String.valueOf(AuditEnvironment.DEFAULT_MAX_PARALLEL_SHARDS));
    }

    /**
     * The state machine runs exactly the definition file, whose every {@code ${...}} is one of the three audit
     * functions' aliases, and may invoke exactly those.
     */
    @Test
    void theStateMachineRunsTheAuditFunctionsThroughTheirAliases() throws Exception {
        Map<String, Node> props = template.properties("AuditStateMachine");
        assertThat(scalar(props.get("Type"), "Type")).isEqualTo("STANDARD");
        Path definition = RepoFiles.file(scalar(props.get("DefinitionUri"), "DefinitionUri"));
        java.util.Set<String> placeholders = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(java.nio.file.Files.readString(definition));
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        Map<String, Node> substitutions = map(props.get("DefinitionSubstitutions"), "DefinitionSubstitutions");
        assertThat(substitutions.keySet()).as("every ${...} of " + definition.getFileName() + " is substituted, and"
                + " nothing else").containsExactlyInAnyOrderElementsOf(placeholders);
        Map<String, String> functionOf = new java.util.TreeMap<>();
        substitutions.forEach((name, value) -> {
            String ref = refTo(value);
            assertThat(ref).as(name + ": a published alias (SnapStart)").endsWith(".Alias");
            functionOf.put(name, ref.substring(0, ref.length() - ".Alias".length()));
        });
        assertThat(functionOf).containsExactlyInAnyOrderEntriesOf(Map.of("AuditPlanFunctionArn", "AuditPlanFunction",
                "AuditShardFunctionArn", "AuditShardFunction", "AuditPublishFunctionArn", "AuditPublishFunction"));
        assertThat(template.policyStatements("AuditStateMachine")).singleElement().satisfies(st -> {
            assertThat(st.actions()).containsExactly("lambda:InvokeFunction");
            assertThat(st.resources()).containsExactlyInAnyOrder("Ref AuditPlanFunction.Alias",
                    "Ref AuditShardFunction.Alias", "Ref AuditPublishFunction.Alias");
        });
    }

    /** {@code sam build} cannot build a function from a jar: each says SkipBuild, so sam build takes Maven's jar. */
    @Test
    void samBuildTakesEveryFunctionsJarAsMavenBuiltIt() {
        for (String id : template.functionIds()) {
            Node metadata = map(template.section("Resources").get(id), id).get("Metadata");
            assertThat(metadata).as(id + " Metadata").isNotNull();
            assertThat(scalar(map(metadata, id + ".Metadata").get("SkipBuild"), "SkipBuild")).as(id).isEqualTo("true");
        }
    }

    @Test
    void everyFunctionPublishesAnAliasThatSnapStartRestores() {
        for (String id : template.functionIds()) {
            assertThat(scalar(template.effectiveFunctionProperty(id, "AutoPublishAlias"), id + ".AutoPublishAlias"))
                    .as(id).isEqualTo("live");
            assertThat(scalar(map(template.effectiveFunctionProperty(id, "SnapStart"), id + ".SnapStart")
                    .get("ApplyOn"), "ApplyOn")).as(id).isEqualTo("PublishedVersions");
        }
    }

    @Test
    void scheduleEventTakesItsRateAndStateFromParameters() {
        Map<String, Node> events = map(template.properties("AuditStateMachine").get("Events"), "Events");
        List<Map<String, Node>> schedules = new ArrayList<>();
        events.forEach((name, event) -> {
            Map<String, Node> e = map(event, "Events." + name);
            if (scalar(e.get("Type"), name + ".Type").equals("Schedule")) {
                schedules.add(map(e.get("Properties"), name + ".Properties"));
            }
        });
        // A Schedule (EventBridge rule) event, whose "Scheduled Event" envelope the plan requires.
        assertThat(schedules).as("Schedule events of AuditStateMachine").hasSize(1);
        Map<String, Node> schedule = schedules.getFirst();
        assertThat(refTo(schedule.get("Schedule"))).isEqualTo("AuditSchedule");
        assertThat(refTo(schedule.get("State"))).isEqualTo("AuditScheduleState");
        assertThat(schedule).as("no Input: the rule passes the event itself").doesNotContainKey("Input");

        Map<String, Node> state = parameter("AuditScheduleState");
        assertThat(scalars(state.get("AllowedValues"), "AllowedValues")).containsExactlyInAnyOrder("ENABLED", "DISABLED");
        assertThat(parameterDefault("AuditScheduleState")).isEqualTo("ENABLED");
    }

    @Test
    void auditScheduleDefaultIsAValidRateExpression() {
        String schedule = parameterDefault("AuditSchedule");
        assertThat(schedule).isEqualTo("rate(1 hour)");
        assertThat(isValidRate(schedule)).as("'" + schedule + "' is a valid EventBridge rate expression").isTrue();
        assertThat(matchesAllowedPattern("AuditSchedule", schedule)).as("the default passes AllowedPattern").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(1 minute)", "rate(1 hour)", "rate(1 day)", "rate(5 minutes)", "rate(12 hours)",
            "rate(120 minutes)", "cron(0 * * * ? *)", "cron(15 2 ? * MON-FRI *)", "cron(0/30 8-18 ? * 2-6 *)"})
    void auditSchedulePatternAcceptsRateAndCronExpressions(String expression) {
        assertThat(matchesAllowedPattern("AuditSchedule", expression)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(1 hours)", "rate(2 hour)", "rate(0 minutes)", "rate(01 hour)", "rate(1 week)",
            "rate(1 hour) ", " rate(1 hour)", "rate(-5 minutes)", "every hour", "", "cron(0 * * * ?)",
            "cron(0 * * * ? * *)", "0 * * * *"})
    void auditSchedulePatternRejectsWhatEventBridgeWould(String expression) {
        assertThat(matchesAllowedPattern("AuditSchedule", expression)).isFalse();
    }

    @Test
    void auditSchedulePatternAgreesWithTheRateRulesForEveryValueAndUnit() {
        for (int value = 0; value <= 130; value++) {
            for (String unit : List.of("minute", "minutes", "hour", "hours", "day", "days")) {
                String rate = "rate(" + value + " " + unit + ")";
                assertThat(matchesAllowedPattern("AuditSchedule", rate)).as(rate).isEqualTo(isValidRate(rate));
            }
        }
    }

    @Test
    void vpcConfigIsAppliedOnlyWhenSubnetsAreGiven() {
        assertThat(template.properties("AuditPlanFunction")).as("the plan talks to no server").doesNotContainKey("VpcConfig");
        assertThat(template.properties("AuditPublishFunction")).as("the publisher reaches Slack without a NAT gateway")
                .doesNotContainKey("VpcConfig");
        Node vpc = template.properties("AuditShardFunction").get("VpcConfig");
        assertThat(intrinsicName(vpc)).as("VpcConfig is conditional").isEqualTo("Fn::If");
        List<Node> branches = ((SequenceNode) intrinsicArgument(vpc)).getValue();
        assertThat(scalar(branches.get(0), "condition")).isEqualTo("RunInVpc");
        Map<String, Node> inVpc = map(branches.get(1), "VpcConfig (true branch)");
        assertThat(inVpc).containsOnlyKeys("SubnetIds", "SecurityGroupIds");
        assertThat(refTo(branches.get(2))).isEqualTo("AWS::NoValue");
        assertThat(template.section("Conditions")).containsKey("RunInVpc");
        assertThat(template.section("Rules")).as("a rule that SubnetIds and SecurityGroupIds come together")
                .containsKey("VpcSettingsComplete");

        for (String parameter : List.of("SubnetIds", "SecurityGroupIds")) {
            assertThat(parameterDefault(parameter)).as(parameter + " default (no VPC)").isEmpty();
            assertThat(matchesAllowedPattern(parameter, "")).isTrue();
        }
        assertThat(matchesAllowedPattern("SubnetIds", "subnet-0a1b2c3d")).isTrue();
        assertThat(matchesAllowedPattern("SubnetIds", "subnet-0a1b2c3d,subnet-04e5f6a7b8c9d0e1f")).isTrue();
        assertThat(matchesAllowedPattern("SubnetIds", "subnet-0a1b2c3d, subnet-4e5f6a7b")).isFalse();
        assertThat(matchesAllowedPattern("SubnetIds", "sg-0a1b2c3d")).isFalse();
        assertThat(matchesAllowedPattern("SecurityGroupIds", "sg-0a1b2c3d,sg-4e5f6a7b")).isTrue();
        assertThat(matchesAllowedPattern("SecurityGroupIds", "subnet-0a1b2c3d")).isFalse();
    }

    @Test
    void everyReferenceResolves() {
        Set<String> refTargets = new HashSet<>(template.section("Parameters").keySet());
        refTargets.addAll(template.section("Resources").keySet());
        refTargets.addAll(template.samGeneratedIds());
        refTargets.addAll(CfnTemplate.PSEUDO_PARAMETERS);
        Set<String> attTargets = new HashSet<>(template.section("Resources").keySet());
        attTargets.addAll(template.samGeneratedIds());
        Set<String> conditions = template.section("Conditions").keySet();

        List<CfnTemplate.Reference> references = template.references();
        assertThat(references).as("references found in the template").isNotEmpty();
        for (CfnTemplate.Reference r : references) {
            Set<String> valid = switch (r.kind()) {
                case "Ref" -> refTargets;
                case "GetAtt" -> attTargets;
                case "Condition" -> conditions;
                default -> throw new AssertionError("unexpected reference kind " + r);
            };
            assertThat(valid).as(r.kind() + " " + r.name() + " at " + r.where()).contains(r.name());
        }
    }

    @Test
    void everyOutputHasAValueAndADescription() {
        Map<String, Node> outputs = template.section("Outputs");
        assertThat(outputs).containsKeys("AuditStateMachineArn", "StartAuditCommand", "SlackRequestUrl", "AlarmTopicArn");
        outputs.forEach((name, output) -> assertThat(map(output, "Outputs." + name)).as("Outputs." + name)
                .containsKeys("Value", "Description"));
    }

    @Test
    void findingsTableHasTheKeysBillingTtlAndRecoveryTheStoreExpects() {
        Map<String, Node> resource = map(template.section("Resources").get("FindingsTable"), "FindingsTable");
        assertThat(scalar(resource.get("Type"), "Type")).isEqualTo("AWS::DynamoDB::Table");
        assertThat(scalar(resource.get("DeletionPolicy"), "DeletionPolicy")).as("finding state outlives the stack")
                .isEqualTo("Retain");
        // the keys DynamoDbFindingStore.createTable creates (DynamoDbFindingStoreIT checks that side)
        Map<String, Node> props = assertOnDemandWithStringKeysAndTtl("FindingsTable", "target", "finding");
        Map<String, Node> pitr = map(props.get("PointInTimeRecoverySpecification"), "PointInTimeRecoverySpecification");
        assertThat(scalar(pitr.get("PointInTimeRecoveryEnabled"), "PointInTimeRecoveryEnabled")).isEqualTo("true");
    }

    @Test
    void eachAuditFunctionMayCallExactlyWhatItsStoresCall() {
        assertThat(template.actionsByResource("AuditPlanFunction")).as("the plan reads a file").isEmpty();
        Map<String, List<String>> publish = template.actionsByResource("AuditPublishFunction");
        assertThat(publish).containsOnlyKeys("GetAtt FindingsTable.Arn", "GetAtt RunsTable.Arn", "Split " + SECRET_ARNS);
        assertThat(publish.get("GetAtt FindingsTable.Arn")).containsExactlyInAnyOrderElementsOf(
                io.ghostwatch.core.findings.DynamoDbFindingStore.IAM_ACTIONS);
        assertThat(publish.get("GetAtt RunsTable.Arn")).containsExactlyInAnyOrderElementsOf(
                io.ghostwatch.core.run.DynamoDbRunStore.READ_IAM_ACTIONS);
        Map<String, List<String>> shard = template.actionsByResource("AuditShardFunction");
        assertThat(shard.get("GetAtt SamplesTable.Arn")).containsExactlyInAnyOrderElementsOf(
                io.ghostwatch.core.history.DynamoDbSampleStore.IAM_ACTIONS);
        assertThat(shard.get("GetAtt FindingsTable.Arn")).as("what DynamoDbFindingStore calls, and nothing else")
                .containsExactlyInAnyOrderElementsOf(io.ghostwatch.core.findings.DynamoDbFindingStore.IAM_ACTIONS);
        assertThat(shard.get("GetAtt RunsTable.Arn")).containsExactlyInAnyOrderElementsOf(
                io.ghostwatch.core.run.DynamoDbRunStore.WRITE_IAM_ACTIONS);
        assertThat(template.section("Outputs")).containsKeys("FindingsTableName", "RunsTableName");
    }

    @Test
    void runsTableHasTheKeysAndTtlTheRunStoreExpects() {
        // the keys DynamoDbRunStore.createTable creates (DynamoDbRunStoreIT checks that side)
        assertOnDemandWithStringKeysAndTtl("RunsTable", "runId", "part");
    }

    /** An on-demand table keyed by two strings, TTL on expiresAt; its properties. */
    private static Map<String, Node> assertOnDemandWithStringKeysAndTtl(String table, String hash, String range) {
        Map<String, Node> props = template.properties(table);
        assertThat(scalar(props.get("BillingMode"), "BillingMode")).as(table).isEqualTo("PAY_PER_REQUEST");
        assertThat(pairs(props.get("KeySchema"), "AttributeName", "KeyType")).as(table)
                .containsExactly(hash + "=HASH", range + "=RANGE");
        assertThat(pairs(props.get("AttributeDefinitions"), "AttributeName", "AttributeType")).as(table)
                .containsExactlyInAnyOrder(hash + "=S", range + "=S");
        Map<String, Node> ttl = map(props.get("TimeToLiveSpecification"), "TimeToLiveSpecification");
        assertThat(scalar(ttl.get("AttributeName"), "TTL AttributeName")).as(table).isEqualTo("expiresAt");
        assertThat(scalar(ttl.get("Enabled"), "TTL Enabled")).as(table).isEqualTo("true");
        return props;
    }

    /**
     * Every function's errors page someone, and the metrics the audit publishes are the ones the alarms watch: same
     * namespace, same Stack dimension value.
     */
    @Test
    void theAlarmsWatchEveryFunctionTheDeadLetterQueueAndTheAuditsOwnMetrics() {
        Map<String, Map<String, Node>> alarms = new java.util.TreeMap<>();
        template.resourcesOfType("AWS::CloudWatch::Alarm").forEach(id -> alarms.put(id, template.properties(id)));
        java.util.Set<String> functionsWatched = new java.util.TreeSet<>();
        alarms.forEach((id, props) -> {
            assertThat(props).as(id).containsKeys("AlarmDescription", "AlarmActions", "OKActions", "TreatMissingData");
            if (scalar(props.get("MetricName"), id).equals("Errors")) {
                assertThat(scalar(props.get("Namespace"), id)).isEqualTo("AWS/Lambda");
                functionsWatched.add(refTo(dimension(props, "FunctionName")));
            }
        });
        assertThat(functionsWatched).containsExactlyInAnyOrderElementsOf(template.functionIds());

        Map<String, Node> deadLetters = alarms.get("WorkDeadLetterQueueAlarm");
        assertThat(scalar(deadLetters.get("MetricName"), "MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(scalar(intrinsicArgument(dimension(deadLetters, "QueueName")), "QueueName"))
                .isEqualTo("WorkDeadLetterQueue.QueueName");

        String namespace = scalar(variables("AuditPublishFunction").get(AuditEnvironment.METRICS_NAMESPACE), "namespace");
        for (String id : List.of("AuditNotRunAlarm", "ShardsFailedAlarm")) {
            Map<String, Node> props = alarms.get(id);
            assertThat(scalar(props.get("Namespace"), id)).isEqualTo(namespace);
            assertThat(refTo(dimension(props, AuditMetrics.STACK_DIMENSION))).isEqualTo("AWS::StackName");
        }
        assertThat(scalar(alarms.get("AuditNotRunAlarm").get("MetricName"), "MetricName")).isEqualTo("AuditRuns");
        assertThat(scalar(alarms.get("AuditNotRunAlarm").get("TreatMissingData"), "TreatMissingData"))
                .as("no run is no data").isEqualTo("breaching");
        assertThat(refTo(alarms.get("AuditNotRunAlarm").get("EvaluationPeriods"))).isEqualTo("AuditMissedAfterHours");
        assertThat(scalar(alarms.get("ShardsFailedAlarm").get("MetricName"), "MetricName")).isEqualTo("ShardsFailed");
        assertThat(refTo(dimension(alarms.get("AuditRunFailedAlarm"), "StateMachineArn"))).isEqualTo("AuditStateMachine");
        assertThat(scalar(variables("AuditShardFunction").get(AuditEnvironment.METRICS_NAMESPACE), "namespace"))
                .isEqualTo(namespace);
    }

    @Test
    void theShardsMayCallExactlyTheElastiCacheAuditsActions() {
        Map<String, List<String>> actions = template.actionsByResource("AuditShardFunction");
        assertThat(actions).containsOnlyKeys("GetAtt SamplesTable.Arn", "GetAtt FindingsTable.Arn",
                "GetAtt RunsTable.Arn", "*", "Split ElastiCacheRoleArns", "Ref RedisCredentialsSecret",
                "Split " + SECRET_ARNS);
        java.util.SortedSet<String> audit = io.ghostwatch.core.aws.AwsAction.iamNames(
                io.ghostwatch.core.aws.AwsAction.Use.AUDIT);
        assertThat(actions.get("*")).as("what the ElastiCache audit calls (AwsAction AUDIT), and nothing else")
                .containsExactlyInAnyOrderElementsOf(audit.stream().filter(a -> !a.equals("sts:AssumeRole")).toList());
        assertThat(actions.get("Split ElastiCacheRoleArns")).containsExactly("sts:AssumeRole");
        assertThat(template.policyStatements("AuditShardFunction")).filteredOn(st -> st.actions().contains(
                "sts:AssumeRole")).singleElement().satisfies(st -> assertThat(st.condition())
                .as("no roles, no AssumeRole at all").isEqualTo("AssumesElastiCacheRoles"));
        assertThat(matchesAllowedPattern("ElastiCacheRoleArns", "")).isTrue();
        assertThat(matchesAllowedPattern("ElastiCacheRoleArns", "arn:aws:iam::222222222222:role/ghostwatch-audit,"
                + "arn:aws:iam::333333333333:role/path/ghostwatch")).isTrue();
        assertThat(matchesAllowedPattern("ElastiCacheRoleArns", "arn:aws:iam::2222:role/x")).isFalse();
        assertThat(matchesAllowedPattern("ElastiCacheRoleArns", "*")).isFalse();
    }

    /** The parameter listing the secrets the config's {@code secret:} references name. */
    private static final String SECRET_ARNS = "ConfigSecretArns";

    /**
     * Where the scheduled audit is granted each kind of AWS action ({@link AwsAction.Use}), or null for a kind it is
     * not granted: a new kind does not compile here until someone decides where the template grants it.
     */
    private static String auditFunctionResourceFor(AwsAction.Use use) {
        return switch (use) {
            case AUDIT -> "*"; // ElastiCache, EC2 and CloudWatch reads take no resource-level permissions
            case FIX -> null; // the bot worker's (BotTemplateTest)
            case SECRETS -> "Split " + SECRET_ARNS; // only the secrets the operator names, never "*"
        };
    }

    @Test
    void theShardsAreGrantedEachKindOfAwsActionWhereItBelongs() {
        Map<String, List<String>> actions = template.actionsByResource("AuditShardFunction");
        for (AwsAction.Use use : AwsAction.Use.values()) {
            String resource = auditFunctionResourceFor(use);
            if (resource != null) {
                assertThat(actions.get(resource)).as(use + " actions on " + resource).containsAll(
                        AwsAction.iamNames(use).stream().filter(a -> !a.equals("sts:AssumeRole")).toList());
            }
        }
    }

    /**
     * The shards read the stack's Redis credentials secret and the secrets ConfigSecretArns names; the publisher only
     * the latter (a config whose slack.botToken is a secret: reference); the plan none.
     */
    @Test
    void theAuditMayReadExactlyTheStacksRedisSecretAndTheSecretsNamedInConfigSecretArns() {
        Map<String, List<String>> actions = template.actionsByResource("AuditShardFunction");
        assertThat(actions.get("Split " + SECRET_ARNS)).as("the config's secret: references (AwsAction SECRETS), and"
                + " nothing else").containsExactlyInAnyOrderElementsOf(AwsAction.iamNames(AwsAction.Use.SECRETS));
        assertThat(actions.get("Ref RedisCredentialsSecret")).containsExactlyInAnyOrderElementsOf(
                AwsAction.iamNames(AwsAction.Use.SECRETS));
        assertThat(template.policyStatements("AuditShardFunction")).filteredOn(st -> st.resources().contains(
                "Split " + SECRET_ARNS)).singleElement().satisfies(st -> assertThat(st.condition())
                .as("no secrets named, no access to any but the stack's own").isEqualTo("ReadsConfigSecrets"));
        assertThat(template.actionsByResource("AuditPublishFunction").get("Split " + SECRET_ARNS))
                .containsExactlyInAnyOrderElementsOf(AwsAction.iamNames(AwsAction.Use.SECRETS));
        assertThat(template.actionsByResource("AuditPublishFunction")).doesNotContainKey("Ref RedisCredentialsSecret");
        Map<String, Node> secret = template.properties("RedisCredentialsSecret");
        assertThat(scalar(intrinsicArgument(secret.get("Name")), "Name"))
                .as("a name the config can write before the stack exists").isEqualTo("ghostwatch/${AWS::StackName}/redis");
        assertThat(template.section("Conditions")).containsKey("ReadsConfigSecrets");

        assertThat(parameterDefault(SECRET_ARNS)).as("no secret: references, no permission").isEmpty();
        for (String ok : List.of("", "arn:aws:secretsmanager:us-east-1:123456789012:secret:ghostwatch/*",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:ghostwatch/redis/payments-??????",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db-1a2b-AbCdEf,"
                        + "arn:aws-cn:secretsmanager:cn-north-1:210987654321:secret:x-AbCdEf")) {
            assertThat(matchesAllowedPattern(SECRET_ARNS, ok)).as(ok).isTrue();
        }
        for (String bad : List.of("*", "arn:aws:secretsmanager:*:123456789012:secret:*",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:",
                "arn:aws:secretsmanager:us-east-1:1234:secret:ghostwatch/*", "arn:aws:iam::123456789012:role/ghostwatch",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:a, arn:aws:secretsmanager:us-east-1:123456789012"
                        + ":secret:b", "ghostwatch/redis/payments")) {
            assertThat(matchesAllowedPattern(SECRET_ARNS, bad)).as(bad).isFalse();
        }
    }

    @Test
    void thePublisherGetsTheBotTokenFromTheSlackSecretNotFromAParameter() {
        assertThat(template.section("Parameters")).as("a token in a parameter is readable by anyone who may describe the"
                + " stack's functions").doesNotContainKey("SlackBotToken");
        Node token = variables("AuditPublishFunction").get(AuditEnvironment.SLACK_BOT_TOKEN);
        assertThat(intrinsicName(token)).isEqualTo("Fn::Sub");
        assertThat(scalar(intrinsicArgument(token), "Sub")).isEqualTo("{{resolve:secretsmanager:${SlackBotTokenSecret}}}");
        assertThat(variables("AuditShardFunction")).as("the shards post nothing").doesNotContainKey("SLACK_BOT_TOKEN");
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** An audit function's handler, and what the handler declares it reads. */
    private record AuditFunction(Class<? extends RequestStreamHandler> handler, AuditEnvironment.Variables environment) {
    }

    /** The audit functions, by logical ID. */
    private static final Map<String, AuditFunction> AUDIT_FUNCTIONS = Map.of(
            "AuditPlanFunction", new AuditFunction(AuditPlanHandler.class, AuditPlanHandler.ENVIRONMENT),
            "AuditShardFunction", new AuditFunction(AuditShardHandler.class, AuditShardHandler.ENVIRONMENT),
            "AuditPublishFunction", new AuditFunction(AuditPublishHandler.class, AuditPublishHandler.ENVIRONMENT));

    private static Map<String, Node> variables(String function) {
        return map(map(template.properties(function).get("Environment"), function + ".Environment").get("Variables"),
                function + ".Environment.Variables");
    }

    /** The value node of an alarm's dimension. */
    private static Node dimension(Map<String, Node> alarm, String name) {
        for (Node d : ((SequenceNode) alarm.get("Dimensions")).getValue()) {
            Map<String, Node> m = map(d, "Dimensions");
            if (scalar(m.get("Name"), "Name").equals(name)) {
                return m.get("Value");
            }
        }
        throw new AssertionError("no dimension " + name + " in " + alarm.keySet());
    }

    /** "name=value" for each mapping of a list, e.g. KeySchema entries as "target=HASH". */
    private static List<String> pairs(Node list, String nameKey, String valueKey) {
        List<String> out = new ArrayList<>();
        for (Node n : ((SequenceNode) list).getValue()) {
            Map<String, Node> m = map(n, nameKey);
            out.add(scalar(m.get(nameKey), nameKey) + "=" + scalar(m.get(valueKey), valueKey));
        }
        return out;
    }

    private static Map<String, Node> parameter(String name) {
        Node node = template.section("Parameters").get(name);
        assertThat(node).as("parameter " + name).isNotNull();
        return map(node, "Parameters." + name);
    }

    private static String parameterDefault(String name) {
        Node value = parameter(name).get("Default");
        assertThat(value).as(name + " Default").isNotNull();
        return scalar(value, name + ".Default");
    }

    /** CloudFormation applies AllowedPattern to the whole value, with Java regular expression syntax. */
    private static boolean matchesAllowedPattern(String parameterName, String value) {
        Node pattern = parameter(parameterName).get("AllowedPattern");
        assertThat(pattern).as(parameterName + " AllowedPattern").isNotNull();
        return Pattern.compile(scalar(pattern, parameterName + ".AllowedPattern")).matcher(value).matches();
    }

    /** The name a {@code !Ref} / {@code Ref:} node points at; fails when the node is anything else. */
    private static String refTo(Node node) {
        assertThat(node).isNotNull();
        assertThat(intrinsicName(node)).as("a Ref at line " + CfnTemplate.line(node)).isEqualTo("Ref");
        return scalar(intrinsicArgument(node), "Ref");
    }

    /**
     * EventBridge rate expressions, written independently of the template's pattern: rate(value unit) with a
     * positive whole value without leading zeros, and the unit singular exactly when the value is 1.
     */
    static boolean isValidRate(String expression) {
        Matcher m = Pattern.compile("rate\\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\\)").matcher(expression);
        if (!m.matches()) {
            return false;
        }
        boolean singular = !m.group(2).endsWith("s");
        return singular == m.group(1).equals("1");
    }

    /** The finalName of the maven-shade-plugin in functions/pom.xml: the jar is target/{finalName}.jar. */
    private static String shadedJarFinalName() throws Exception {
        Path pom = RepoFiles.file("functions/pom.xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(pom.toFile());
        String finalName = (String) XPathFactory.newInstance().newXPath().evaluate(
                "//plugin[artifactId='maven-shade-plugin']//configuration/finalName", doc, XPathConstants.STRING);
        assertThat(finalName).as("maven-shade-plugin finalName in " + pom).isNotBlank();
        return finalName.trim();
    }
}
