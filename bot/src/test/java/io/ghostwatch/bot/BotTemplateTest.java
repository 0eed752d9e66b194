package io.ghostwatch.bot;

import static io.ghostwatch.core.testing.CfnTemplate.intrinsicArgument;
import static io.ghostwatch.core.testing.CfnTemplate.intrinsicName;
import static io.ghostwatch.core.testing.CfnTemplate.map;
import static io.ghostwatch.core.testing.CfnTemplate.scalar;
import static io.ghostwatch.core.testing.CfnTemplate.scalars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ghostwatch.bot.work.SqsWorkQueue;
import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.change.DynamoDbChangeStore;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.testing.CfnTemplate;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks template.yaml's bot (BotFunction, its HTTP API, the work queues, BotWorkerFunction, ChangesTable, the Slack
 * secrets) against the bot's code, without AWS: handlers exist as Lambda loads them, every variable the code reads is
 * set and no other, the IAM actions are exactly the ones the code declares, on its own resources only.
 * (functions' TemplateTest checks the rest of the template; BotWorkerHandlerIT checks ChangesTable against the table
 * DynamoDbChangeStore creates.)
 */
class BotTemplateTest {

    private static CfnTemplate template;

    @BeforeAll
    static void load() {
        template = CfnTemplate.load(RepoFiles.file("template.yaml"));
    }

    @Test
    void theBotsHandlersExistAsLambdaCreatesThem() throws Exception {
        assertThat(handler("BotFunction")).isEqualTo(SlackEventsHandler.class.getName() + "::handleRequest");
        assertThat(handler("BotWorkerFunction")).isEqualTo(BotWorkerHandler.class.getName() + "::handleRequest");
        for (String id : List.of("BotFunction", "BotWorkerFunction")) {
            String handler = handler(id);
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(Modifier.isPublic(type.getModifiers())).as(type + " is public").isTrue();
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).as(type + "()").isTrue();
            assertThat(RequestStreamHandler.class).isAssignableFrom(type);
            Method m = type.getMethod(handler.substring(handler.indexOf("::") + 2), InputStream.class, OutputStream.class,
                    Context.class);
            assertThat(m.getReturnType()).isEqualTo(void.class);
        }
    }

    @Test
    void bothShipTheBotsShadedJar() throws Exception {
        String jar = "bot/target/" + shadedJarFinalName() + ".jar";
        assertThat(jar).isEqualTo("bot/target/ghostwatch-bot.jar");
        for (String id : List.of("BotFunction", "BotWorkerFunction")) {
            assertThat(scalar(template.effectiveFunctionProperty(id, "CodeUri"), id + ".CodeUri")).isEqualTo(jar);
        }
    }

    @Test
    void theBotGetsEveryVariableItReadsAndNoOther() {
        Map<String, Node> variables = variables("BotFunction");
        assertThat(variables).containsOnlyKeys(BotSettings.SIGNING_SECRET, BotSettings.BOT_TOKEN, BotSettings.CONFIG,
                SqsWorkQueue.QUEUE_URL, Remediation.CHANGES_TABLE, Remediation.SAMPLES_TABLE, Remediation.FINDINGS_TABLE);
        assertThat(refTo(variables.get(Remediation.SAMPLES_TABLE))).isEqualTo("SamplesTable");
        assertThat(refTo(variables.get(Remediation.FINDINGS_TABLE))).isEqualTo("FindingsTable");
        assertThat(refTo(variables.get(BotSettings.CONFIG))).isEqualTo("ConfigPath");
        assertThat(refTo(variables.get(SqsWorkQueue.QUEUE_URL))).as("the queue's Ref is its URL").isEqualTo("WorkQueue");
        assertThat(refTo(variables.get(Remediation.CHANGES_TABLE))).isEqualTo("ChangesTable");
        assertThat(secretReference(variables.get(BotSettings.SIGNING_SECRET))).isEqualTo("SlackSigningSecret");
        assertThat(secretReference(variables.get(BotSettings.BOT_TOKEN))).isEqualTo("SlackBotTokenSecret");
    }

    @Test
    void theWorkerGetsEveryVariableItReadsButNotTheSigningSecret() {
        Map<String, Node> variables = variables("BotWorkerFunction");
        assertThat(variables).containsOnlyKeys(BotSettings.BOT_TOKEN, BotSettings.CONFIG, Remediation.CHANGES_TABLE,
                Remediation.SAMPLES_TABLE, Remediation.FINDINGS_TABLE);
        assertThat(refTo(variables.get(Remediation.SAMPLES_TABLE))).isEqualTo("SamplesTable");
        assertThat(refTo(variables.get(Remediation.FINDINGS_TABLE))).isEqualTo("FindingsTable");
        assertThat(refTo(variables.get(BotSettings.CONFIG))).isEqualTo("ConfigPath");
        assertThat(refTo(variables.get(Remediation.CHANGES_TABLE))).isEqualTo("ChangesTable");
        assertThat(secretReference(variables.get(BotSettings.BOT_TOKEN))).isEqualTo("SlackBotTokenSecret");
    }

    @Test
    void theBotMaySendToTheWorkQueueAndNothingElse() {
        assertThat(actionsByResource("BotFunction")).containsExactly(Map.entry("GetAtt WorkQueue.Arn",
                SqsWorkQueue.IAM_ACTIONS));
    }

    @Test
    void theWorkerMayBeFedByTheQueueAndUseItsTablesAndNothingElse() {
        Map<String, List<String>> actions = actionsByResource("BotWorkerFunction");
        assertThat(actions).containsOnlyKeys("GetAtt WorkQueue.Arn", "GetAtt ChangesTable.Arn",
                "Sub ${ChangesTable.Arn}/index/*", "GetAtt SamplesTable.Arn", "GetAtt FindingsTable.Arn", "*",
                "Split ElastiCacheRoleArns", "Split ConfigSecretArns", "Ref RedisCredentialsSecret");
        assertThat(actions.get("*")).as("ElastiCache fixes: what ParameterGroupChangeEngine calls (AwsAction FIX), and"
                + " the reads of `audit <cache>` (AUDIT)").containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                AwsAction.iamNames(AwsAction.Use.FIX).stream(), AwsAction.iamNames(AwsAction.Use.AUDIT).stream())
                .filter(a -> !a.equals("sts:AssumeRole")).distinct().toList());
        assertThat(actions.get("Split ElastiCacheRoleArns")).containsExactly("sts:AssumeRole");
        assertThat(actions.get("GetAtt SamplesTable.Arn")).as("audit/status keep and read the history")
                .containsExactlyInAnyOrderElementsOf(io.ghostwatch.core.history.DynamoDbSampleStore.IAM_ACTIONS);
        assertThat(actions.get("GetAtt FindingsTable.Arn")).as("status only reads the scheduled audit's findings")
                .containsExactlyInAnyOrderElementsOf(io.ghostwatch.core.findings.DynamoDbFindingStore.READ_IAM_ACTIONS);
        assertThat(actions.get("GetAtt WorkQueue.Arn")).containsExactlyInAnyOrderElementsOf(
                BotWorkerHandler.SQS_POLLER_ACTIONS);
        assertThat(actions.get("GetAtt ChangesTable.Arn")).containsExactlyInAnyOrderElementsOf(
                DynamoDbChangeStore.IAM_ACTIONS);
        assertThat(actions.get("Sub ${ChangesTable.Arn}/index/*")).as("recent() queries the indexes")
                .containsExactlyInAnyOrderElementsOf(DynamoDbChangeStore.IAM_ACTIONS);
    }

    /**
     * Where the bot worker is granted each kind of AWS action ({@link AwsAction.Use}): a new kind does not compile here
     * until someone decides where the template grants it.
     */
    private static String workerResourceFor(AwsAction.Use use) {
        return switch (use) {
            case AUDIT, FIX -> "*"; // `audit <cache>` reads, parameter-group changes: account-wide or known only later
            case SECRETS -> "Split ConfigSecretArns"; // the fix engines and audits resolve the targets' secret: passwords
        };
    }

    @Test
    void theWorkerMayReadTheStacksRedisSecretAndTheSecretsNamedInConfigSecretArnsAndTheBotNone() {
        Map<String, List<String>> actions = actionsByResource("BotWorkerFunction");
        for (AwsAction.Use use : AwsAction.Use.values()) {
            assertThat(actions.get(workerResourceFor(use))).as(use + " actions").containsAll(AwsAction.iamNames(use)
                    .stream().filter(a -> !a.equals("sts:AssumeRole")).toList());
        }
        assertThat(actions.get("Split ConfigSecretArns")).as("AwsAction SECRETS, and nothing else")
                .containsExactlyInAnyOrderElementsOf(AwsAction.iamNames(AwsAction.Use.SECRETS));
        assertThat(actions.get("Ref RedisCredentialsSecret")).as("the stack's own Redis credentials")
                .containsExactlyInAnyOrderElementsOf(AwsAction.iamNames(AwsAction.Use.SECRETS));
        assertThat(actions.get("*")).as("never every secret").doesNotContainAnyElementsOf(
                AwsAction.iamNames(AwsAction.Use.SECRETS));
        assertThat(template.policyStatements("BotWorkerFunction")).filteredOn(st -> st.resources().contains(
                "Split ConfigSecretArns")).singleElement().satisfies(st -> assertThat(st.condition())
                .isEqualTo("ReadsConfigSecrets"));
        // the bot only queues work (SQS): it resolves no password, so it reads no secret
        assertThat(actionsByResource("BotFunction").values().stream().flatMap(List::stream))
                .doesNotContainAnyElementsOf(AwsAction.iamNames(AwsAction.Use.SECRETS));
    }

    @Test
    void slackReachesTheBotThroughTheHttpApisDefaultStage() {
        Map<String, Node> event = event("BotFunction", "HttpApi");
        assertThat(refTo(event.get("ApiId"))).isEqualTo("BotHttpApi");
        assertThat(scalar(event.get("Method"), "Method")).isEqualTo("POST");
        assertThat(scalar(event.get("Path"), "Path")).isEqualTo(SlackEndpoint.PATH);
        assertThat(scalar(event.get("PayloadFormatVersion"), "PayloadFormatVersion")).isEqualTo("2.0");
        assertThat(scalar(map(template.section("Resources").get("BotHttpApi"), "BotHttpApi").get("Type"), "Type"))
                .isEqualTo("AWS::Serverless::HttpApi");
        // SlackEventsHandler routes rawPath: a named stage would prefix it
        assertThat(template.properties("BotHttpApi")).doesNotContainKey("StageName");

        Node url = map(template.section("Outputs").get("SlackRequestUrl"), "SlackRequestUrl").get("Value");
        assertThat(intrinsicName(url)).isEqualTo("Fn::Sub");
        assertThat(scalar(intrinsicArgument(url), "Sub")).isEqualTo(
                "https://${BotHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}" + SlackEndpoint.PATH);
    }

    @Test
    void theBotAnswersWithinSlacksThreeSecondsFromASnapshot() {
        Map<String, Node> props = template.properties("BotFunction");
        assertThat(Integer.parseInt(scalar(props.get("Timeout"), "Timeout"))).isBetween(3, 30);
        assertThat(scalar(map(template.effectiveFunctionProperty("BotFunction", "SnapStart"), "SnapStart").get("ApplyOn"),
                "ApplyOn")).isEqualTo("PublishedVersions");
        assertThat(template.effectiveFunctionProperty("BotFunction", "AutoPublishAlias"))
                .as("SnapStart runs published versions: the API must invoke an alias (Globals)").isNotNull();
    }

    @Test
    void theWorkerReportsPartialBatchFailuresFromTheWorkQueue() {
        Map<String, Node> event = event("BotWorkerFunction", "SQS");
        assertThat(getAtt(event.get("Queue"))).isEqualTo("WorkQueue.Arn");
        assertThat(scalars(event.get("FunctionResponseTypes"), "FunctionResponseTypes"))
                .containsExactly("ReportBatchItemFailures");
        assertThat(Integer.parseInt(scalar(event.get("BatchSize"), "BatchSize"))).isBetween(1, 10);
    }

    @Test
    void theQueueOutlastsTheWorkerAndEndsInTheDeadLetterQueue() {
        int workerTimeout = Integer.parseInt(scalar(template.effectiveFunctionProperty("BotWorkerFunction", "Timeout"),
                "Timeout"));
        Map<String, Node> queue = template.properties("WorkQueue");
        int visibility = Integer.parseInt(scalar(queue.get("VisibilityTimeout"), "VisibilityTimeout"));
        assertThat(visibility).as("VisibilityTimeout >= 6 x the worker's Timeout").isGreaterThanOrEqualTo(6 * workerTimeout);
        Map<String, Node> redrive = map(queue.get("RedrivePolicy"), "RedrivePolicy");
        assertThat(getAtt(redrive.get("deadLetterTargetArn"))).isEqualTo("WorkDeadLetterQueue.Arn");
        int receives = Integer.parseInt(scalar(redrive.get("maxReceiveCount"), "maxReceiveCount"));
        assertThat(receives).isEqualTo(3);
        assertThat(Integer.parseInt(scalar(queue.get("MessageRetentionPeriod"), "MessageRetentionPeriod")))
                .as("a failing item reaches the dead-letter queue before it expires").isGreaterThan(receives * visibility);
        for (String id : List.of("WorkQueue", "WorkDeadLetterQueue")) {
            assertThat(scalar(template.properties(id).get("SqsManagedSseEnabled"), id)).as(id + " encrypted").isEqualTo("true");
        }
        assertThat(Integer.parseInt(scalar(template.properties("WorkDeadLetterQueue").get("MessageRetentionPeriod"),
                "MessageRetentionPeriod"))).isEqualTo(1_209_600);
    }

    @Test
    void theChangesTableHasTheKeysIndexesTtlAndRecoveryTheStoreDocuments() {
        Map<String, Node> resource = map(template.section("Resources").get("ChangesTable"), "ChangesTable");
        assertThat(scalar(resource.get("DeletionPolicy"), "DeletionPolicy")).as("the audit trail outlives the stack")
                .isEqualTo("Retain");
        Map<String, Node> props = template.properties("ChangesTable");
        assertThat(scalar(props.get("BillingMode"), "BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(pairs(props.get("KeySchema"), "AttributeName", "KeyType")).containsExactly("changeId=HASH");
        assertThat(pairs(props.get("AttributeDefinitions"), "AttributeName", "AttributeType"))
                .containsExactlyInAnyOrder("changeId=S", "target=S", "feed=S", "createdAt=N");
        Map<String, List<String>> indexes = new TreeMap<>();
        for (Node index : ((SequenceNode) props.get("GlobalSecondaryIndexes")).getValue()) {
            Map<String, Node> gsi = map(index, "GlobalSecondaryIndexes[]");
            assertThat(scalar(map(gsi.get("Projection"), "Projection").get("ProjectionType"), "ProjectionType"))
                    .isEqualTo("ALL");
            indexes.put(scalar(gsi.get("IndexName"), "IndexName"), pairs(gsi.get("KeySchema"), "AttributeName", "KeyType"));
        }
        assertThat(indexes).containsExactly(
                Map.entry(DynamoDbChangeStore.BY_TARGET, List.of("target=HASH", "createdAt=RANGE")),
                Map.entry(DynamoDbChangeStore.BY_TIME, List.of("feed=HASH", "createdAt=RANGE")));
        Map<String, Node> ttl = map(props.get("TimeToLiveSpecification"), "TimeToLiveSpecification");
        assertThat(scalar(ttl.get("AttributeName"), "AttributeName")).isEqualTo("expiresAt");
        assertThat(scalar(ttl.get("Enabled"), "Enabled")).isEqualTo("true");
        assertThat(scalar(map(props.get("PointInTimeRecoverySpecification"), "PITR").get("PointInTimeRecoveryEnabled"),
                "PointInTimeRecoveryEnabled")).isEqualTo("true");
    }

    @Test
    void theSecretsAreResourcesWhosePlaceholdersTheBotRefuses() {
        for (String id : List.of("SlackSigningSecret", "SlackBotTokenSecret")) {
            assertThat(scalar(map(template.section("Resources").get(id), id).get("Type"), "Type"))
                    .isEqualTo("AWS::SecretsManager::Secret");
        }
        String placeholder = scalar(template.properties("SlackBotTokenSecret").get("SecretString"), "SecretString");
        assertThatThrownBy(() -> BotToken.of(placeholder)).as("an unfilled token stops the bot at start-up")
                .isInstanceOf(ConfigException.class);
        Map<String, String> unfilled = Map.of(BotSettings.BOT_TOKEN, placeholder, BotSettings.CONFIG, "/var/task/x.yaml");
        assertThatThrownBy(() -> WorkerSettings.fromEnvironment(unfilled)).as("and the worker")
                .hasMessageStartingWith(BotSettings.BOT_TOKEN + ": ");
        assertThat(template.section("Outputs")).containsKeys("SlackSigningSecretArn", "SlackBotTokenSecretArn",
                "SlackRequestUrl", "WorkDeadLetterQueueUrl", "ChangesTableName");
        // bumping SlackSecretsRevision changes both functions, so CloudFormation resolves the secrets again
        for (String id : List.of("BotFunction", "BotWorkerFunction")) {
            Node description = template.properties(id).get("Description");
            assertThat(intrinsicName(description)).isEqualTo("Fn::Sub");
            assertThat(scalar(intrinsicArgument(description), "Description")).contains("${SlackSecretsRevision}");
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static String handler(String id) {
        return scalar(template.effectiveFunctionProperty(id, "Handler"), id + ".Handler");
    }

    private static Map<String, Node> variables(String id) {
        return map(map(template.properties(id).get("Environment"), id + ".Environment").get("Variables"), "Variables");
    }

    /** The secret a {@code !Sub "{{resolve:secretsmanager:${Secret}}}"} resolves. */
    private static String secretReference(Node node) {
        assertThat(intrinsicName(node)).as("a dynamic reference in a Sub at line " + CfnTemplate.line(node))
                .isEqualTo("Fn::Sub");
        String text = scalar(intrinsicArgument(node), "Sub");
        assertThat(text).matches("\\{\\{resolve:secretsmanager:\\$\\{[A-Za-z]+}}}");
        return text.substring("{{resolve:secretsmanager:${".length(), text.length() - "}}}".length());
    }

    private static Map<String, Node> event(String function, String type) {
        List<Map<String, Node>> found = new ArrayList<>();
        map(template.properties(function).get("Events"), function + ".Events").forEach((name, e) -> {
            Map<String, Node> event = map(e, name);
            if (scalar(event.get("Type"), name + ".Type").equals(type)) {
                found.add(map(event.get("Properties"), name + ".Properties"));
            }
        });
        assertThat(found).as(function + " " + type + " events").hasSize(1);
        return found.getFirst();
    }

    /** Allowed actions per resource ("GetAtt X.Arn", "Sub ...", "*"), failing on Deny, wildcards and policy templates. */
    private static Map<String, List<String>> actionsByResource(String function) {
        return template.actionsByResource(function);
    }

    private static String refTo(Node node) {
        assertThat(node).isNotNull();
        assertThat(intrinsicName(node)).as("a Ref at line " + CfnTemplate.line(node)).isEqualTo("Ref");
        return scalar(intrinsicArgument(node), "Ref");
    }

    private static String getAtt(Node node) {
        assertThat(intrinsicName(node)).as("a GetAtt at line " + CfnTemplate.line(node)).isEqualTo("Fn::GetAtt");
        return scalar(intrinsicArgument(node), "GetAtt");
    }

    private static List<String> pairs(Node list, String nameKey, String valueKey) {
        List<String> out = new ArrayList<>();
        for (Node n : ((SequenceNode) list).getValue()) {
            Map<String, Node> m = map(n, nameKey);
            out.add(scalar(m.get(nameKey), nameKey) + "=" + scalar(m.get(valueKey), valueKey));
        }
        return out;
    }

    /** The finalName of the maven-shade-plugin in bot/pom.xml: the jar is target/{finalName}.jar. */
    private static String shadedJarFinalName() throws Exception {
        Path pom = RepoFiles.file("bot/pom.xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(pom.toFile());
        String finalName = (String) XPathFactory.newInstance().newXPath().evaluate(
                "//plugin[artifactId='maven-shade-plugin']//configuration/finalName", doc, XPathConstants.STRING);
        assertThat(finalName).as("maven-shade-plugin finalName in " + pom).isNotBlank();
        return finalName.trim();
    }
}
