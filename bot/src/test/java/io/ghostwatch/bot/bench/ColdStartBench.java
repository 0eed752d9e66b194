package io.ghostwatch.bot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.bot.SlackSigning;
import io.ghostwatch.bot.work.SqsStandIn;
import io.ghostwatch.core.change.DynamoDbChangeStore;
import io.ghostwatch.core.findings.DynamoDbFindingStore;
import io.ghostwatch.core.history.DynamoDbSampleStore;
import io.ghostwatch.core.run.DynamoDbRunStore;
import io.ghostwatch.core.testing.BenchOptions;
import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.LambdaJar;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SlackApiStandIn;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Prints how long each Lambda function of Ghostwatch takes to start cold, a fresh JVM per sample as Lambda starts an
 * execution environment, each with the environment template.yaml gives it: the scheduled audit's three functions as
 * its state machine runs them ({@code AuditPlanHandler} on a run of {@code events/audit-plan.json}, then
 * {@code AuditShardHandler} on the plan's shard, auditing local redis-servers, then {@code AuditPublishHandler} on the
 * plan's answer and the shard's, posting the digest to a Slack stand-in; their tables in DynamoDB Local), and the Slack
 * bot ({@code SlackEventsHandler}, its work queue an SQS stand-in, its tables named) on a signed
 * {@code /ghostwatch help}, answered in the ack, and on {@code /ghostwatch audit cache-1}, sent to SQS before the ack.
 * For each, from the spawn of {@code java}: the handler constructed (Lambda's init) and the first response (init + the
 * first invoke); under default flags, C1 only (as Lambda runs Java), AppCDS, and AppCDS with C1 (the JDK 25 AOT cache
 * on request); then the jars' sizes and the targets: bot first ack <= 1 s, each audit handler's init <= 1.5 s, each
 * jar < 30 MB.
 *
 * <p>Run by {@code infra/bench/cold-start.sh}; options: {@code --functions-jar PATH --bot-jar PATH --baseline-bot-jar
 * PATH --events DIR --run-dir DIR --repeats N --variants a,b --redis-servers N}. With a baseline (another build of the
 * bot jar, e.g. from before a change), its rows {@code bot@base} and {@code bot-queue@base} follow the bot's in every
 * round, so before and after are measured under the same load. Everything listens on and connects to 127.0.0.1;
 * DynamoDB Local, the Slack and SQS stand-ins run in this JVM; every process it starts is recorded in
 * {@code RUN_DIR/pids} and stopped when it ends (and by its shutdown hook).
 */
public final class ColdStartBench {

    static final long BOT_FIRST_ACK_TARGET_MS = 1000;
    static final long AUDIT_INIT_TARGET_MS = 1500;
    static final String TOKEN = "xoxb-ghostwatch-cold-start-token";
    static final String QUEUE = "ghostwatch-work";
    static final String SAMPLES_TABLE = "ghostwatch-samples";
    static final String FINDINGS_TABLE = "ghostwatch-findings";
    static final String RUNS_TABLE = "ghostwatch-runs";
    static final String CHANGES_TABLE = "ghostwatch-changes";
    private static final String RESPONSE_URL = "https://hooks.slack.com/commands/T0GHOSTW1/cold-start/1";
    private static final String DEFAULT_VARIANTS = "default,c1,appcds,appcds+c1";
    private static final Set<String> OPTIONS = Set.of("functions-jar", "bot-jar", "baseline-bot-jar", "events",
            "run-dir", "repeats", "variants", "redis-servers");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which target a function's figures are held against. */
    enum Target {
        /** The handler built within {@value #AUDIT_INIT_TARGET_MS} ms. */
        AUDIT_INIT,
        /** The first response (the ack to Slack) within {@value #BOT_FIRST_ACK_TARGET_MS} ms. */
        BOT_FIRST_ACK
    }

    /** Writes the event for a function's next cold start. */
    interface EventSource {
        Path next() throws IOException;
    }

    /**
     * A function's side of a cold start: the event for the next one, and the check of what it answered: why the answer
     * is not what it should be, or null (a right answer may feed the next function's event).
     */
    record Invocations(EventSource nextEvent, Function<JsonNode, String> check) {
    }

    /** One Lambda function as the benchmark starts it; {@code event} describes its event for the header. */
    record LambdaFunction(String name, Target target, ColdInvoke.Child child, String event, Invocations invocations,
                          Map<String, String> environment) {
    }

    private final Path functionsJar;
    private final Path botJar;
    /** Another build of the bot jar (e.g. before a change), measured in the same rounds; null for none. */
    private final Path baselineBotJar;
    private final Path events;
    private final Path runDir;
    private final int repeats;
    private final int redisServers;
    private final List<JvmVariant> variants;
    private final BenchProcesses processes;
    private final List<RedisServerProcess> servers = new ArrayList<>();
    private DynamoDbLocal dynamo;
    private SlackApiStandIn slack;
    private SqsStandIn sqs;
    private Path config;
    private int spawned;

    private ColdStartBench(Map<String, String> options) {
        this.functionsJar = path(options, "functions-jar", "functions/target/ghostwatch.jar");
        this.botJar = path(options, "bot-jar", "bot/target/ghostwatch-bot.jar");
        this.baselineBotJar = options.containsKey("baseline-bot-jar") ? path(options, "baseline-bot-jar", null) : null;
        this.events = path(options, "events", "events");
        this.runDir = path(options, "run-dir", System.getProperty("java.io.tmpdir"));
        this.repeats = BenchOptions.count(options, "repeats", 5, 1);
        this.redisServers = BenchOptions.count(options, "redis-servers", 2, 1);
        this.variants = JvmVariant.parse(options.getOrDefault("variants", DEFAULT_VARIANTS));
        this.processes = new BenchProcesses(runDir);
    }

    public static void main(String[] args) {
        ColdStartBench bench;
        try {
            bench = new ColdStartBench(BenchOptions.parse(args, OPTIONS));
        } catch (IllegalArgumentException e) {
            System.err.println("cold-start: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Exit explicitly, also on failure (after printing it): DynamoDB Local's background jobs run on threads that are
        // not daemons and end minutes after its shutdown.
        try {
            BenchProcesses.runThenStop(bench::run, bench::stopAll);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Path mainJar = ColdInvoke.mainJar(runDir);
        startStandIns();
        Map<String, String> aws = awsEnvironment();
        AuditRunEvents auditRun = new AuditRunEvents(events.resolve("audit-plan.json"), runDir);
        List<LambdaFunction> functions = new ArrayList<>(List.of(plan(mainJar, auditRun), shard(mainJar, aws, auditRun),
                publish(mainJar, aws, auditRun)));
        // with a baseline, each bot row is followed by the baseline's, so drift in the machine's load hits both alike
        for (String text : List.of("help", "audit cache-1")) {
            String name = text.equals("help") ? "bot" : "bot-queue";
            functions.add(bot(mainJar, aws, botJar, name, text));
            if (baselineBotJar != null) {
                functions.add(bot(mainJar, aws, baselineBotJar, name + "@base", text));
            }
        }
        header(functions);
        checkRun(functions);

        Map<String, Path> archives = new HashMap<>();
        Map<JvmVariant, String> skipped = new LinkedHashMap<>();
        List<JvmVariant> measured = new ArrayList<>();
        for (JvmVariant v : variants) {
            try {
                for (LambdaFunction f : functions) {
                    if (v.archive() != JvmVariant.Archive.NONE && !archives.containsKey(key(v, f))) {
                        archives.put(key(v, f), train(v.archive(), f));
                    }
                }
                measured.add(v);
            } catch (IOException | RuntimeException e) {
                skipped.put(v, "training for " + v.archive().label() + " failed: " + e.getMessage());
            }
        }
        System.out.println();

        Map<String, Map<JvmVariant, List<ColdInvoke>>> runs = new LinkedHashMap<>();
        functions.forEach(f -> runs.put(f.name(), new LinkedHashMap<>()));
        // round robin over the variants and functions, so drift in the machine's load hits all of them alike; within a
        // variant the audit's three run in the state machine's order, each on what the one before answered
        for (int i = 0; i < repeats; i++) {
            System.out.printf(Locale.ROOT, "  round %d of %d (load average %s)%n", i + 1, repeats, Machine.loadAverage());
            for (JvmVariant v : measured) {
                for (LambdaFunction f : functions) {
                    runs.get(f.name()).computeIfAbsent(v, x -> new ArrayList<>())
                            .add(invoke(f, v.flags(archives.get(key(v, f)))));
                }
            }
        }
        System.out.println();

        printRuns(functions, runs, skipped);
        printSizes();
        targets(functions, runs);
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    // ---- what the functions talk to

    /**
     * The redis-servers the audit audits, DynamoDB Local with the four tables template.yaml creates, the Slack stand-in
     * (the bot's auth.test, the digest) and the SQS stand-in (the bot's work queue), each warmed up first: their first
     * requests are answered slower (their own classes loading, code still interpreted), and they are not what is
     * measured. The config: the redis-servers as targets, the stand-in's channel for the digest.
     */
    private void startStandIns() throws Exception {
        StringBuilder yaml = new StringBuilder("targets:\n");
        for (int i = 0; i < redisServers; i++) {
            RedisServerProcess server = RedisServerProcess.start("bind 127.0.0.1", "save \"\"", "appendonly no");
            servers.add(server);
            processes.record(server.pid(), "redis " + server.port());
            yaml.append("  - name: cache-").append(i + 1).append("\n    uri: redis://127.0.0.1:").append(server.port())
                    .append('\n');
        }
        yaml.append("slack:\n  channel: ").append(SlackApiStandIn.CHANNEL_ID).append("\n  botToken: env:SLACK_BOT_TOKEN\n");
        config = Files.writeString(runDir.resolve("ghostwatch.yaml"), yaml);

        dynamo = DynamoDbLocal.start();
        DynamoDbClient client = dynamo.client();
        DynamoDbSampleStore.createTable(client, SAMPLES_TABLE);
        DynamoDbFindingStore.createTable(client, FINDINGS_TABLE);
        DynamoDbRunStore.createTable(client, RUNS_TABLE);
        DynamoDbChangeStore.createTable(client, CHANGES_TABLE);
        warmUp(client);
        client.close();

        slack = SlackApiStandIn.start(TOKEN);
        slack.warmUp();
        sqs = SqsStandIn.start();
        sqs.createQueue(QUEUE);
        String warmUpQueue = sqs.createQueue("warm-up");
        try (SqsClient warmUp = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1).endpointOverride(URI.create(sqs.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "x")))
                .build()) {
            for (int i = 0; i < 20; i++) {
                warmUp.sendMessage(b -> b.queueUrl(warmUpQueue).messageBody("warm-up"));
            }
        }
    }

    /** 200 writes, reads and queries on a table of its own, so that DynamoDB Local has answered its first requests. */
    private static void warmUp(DynamoDbClient client) {
        String table = "ghostwatch-warm-up";
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        for (int i = 0; i < 200; i++) {
            Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("item-" + (i % 10)));
            client.putItem(b -> b.tableName(table).item(key));
            client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
            client.query(b -> b.tableName(table).keyConditionExpression("id = :id")
                    .expressionAttributeValues(Map.of(":id", key.get("id"))));
        }
    }

    /** What every function gets to reach AWS here: a region, dummy credentials, the stand-ins' endpoints. */
    private Map<String, String> awsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        return env;
    }

    // ---- the functions, each with the variables template.yaml gives it

    private LambdaFunction plan(Path mainJar, AuditRunEvents auditRun) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GHOSTWATCH_CONFIG", config.toString());
        return new LambdaFunction("plan", Target.AUDIT_INIT, new ColdInvoke.Child(functionsJar, mainJar,
                "io.ghostwatch.functions.AuditPlanHandler"), "a run of " + relative(events.resolve("audit-plan.json"))
                + " (its own runId, started now)", new Invocations(auditRun::planEvent,
                        answer -> auditRun.planned(answer, redisServers)), env);
    }

    private LambdaFunction shard(Path mainJar, Map<String, String> aws, AuditRunEvents auditRun) {
        Map<String, String> env = new LinkedHashMap<>(aws);
        env.put("GHOSTWATCH_CONFIG", config.toString());
        env.put("GHOSTWATCH_SAMPLES_TABLE", SAMPLES_TABLE);
        env.put("GHOSTWATCH_FINDINGS_TABLE", FINDINGS_TABLE);
        env.put("GHOSTWATCH_RUNS_TABLE", RUNS_TABLE);
        env.put("GHOSTWATCH_STACK", "ghostwatch-cold-start");
        return new LambdaFunction("shard", Target.AUDIT_INIT, new ColdInvoke.Child(functionsJar, mainJar,
                "io.ghostwatch.functions.AuditShardHandler"), "the plan's shard (all targets)",
                new Invocations(auditRun::shardEvent, answer -> auditRun.shardAnswered(answer, redisServers)), env);
    }

    private LambdaFunction publish(Path mainJar, Map<String, String> aws, AuditRunEvents auditRun) {
        Map<String, String> env = new LinkedHashMap<>(aws);
        env.put("GHOSTWATCH_CONFIG", config.toString());
        env.put("GHOSTWATCH_FINDINGS_TABLE", FINDINGS_TABLE);
        env.put("GHOSTWATCH_RUNS_TABLE", RUNS_TABLE);
        env.put("GHOSTWATCH_STACK", "ghostwatch-cold-start");
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl());
        return new LambdaFunction("publish", Target.AUDIT_INIT, new ColdInvoke.Child(functionsJar, mainJar,
                "io.ghostwatch.functions.AuditPublishHandler"), "the plan's answer + the shard's (shardResults)",
                new Invocations(auditRun::publishEvent, answer -> answer.path("shardsFailed").asInt(-1) == 0
                        && answer.path("slack").asText().startsWith("digest posted") ? null
                        : "expected shardsFailed 0 and the digest posted"), env);
    }

    /**
     * The Slack bot on {@code /ghostwatch text}, its Slack Web API the stand-in, its work queue the SQS stand-in.
     *
     * @param text {@code help} (answered in the ack) or a command the bot sends to SQS before the ack
     */
    private LambdaFunction bot(Path mainJar, Map<String, String> aws, Path jar, String name, String text) {
        Map<String, String> env = new LinkedHashMap<>(aws);
        env.put("SLACK_SIGNING_SECRET", SlackSigning.SECRET);
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GHOSTWATCH_CONFIG", config.toString());
        env.put("GHOSTWATCH_WORK_QUEUE_URL", sqs.queueUrl(QUEUE));
        env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint());
        env.put("GHOSTWATCH_CHANGES_TABLE", CHANGES_TABLE);
        env.put("GHOSTWATCH_SAMPLES_TABLE", SAMPLES_TABLE);
        env.put("GHOSTWATCH_FINDINGS_TABLE", FINDINGS_TABLE);
        Path template = events.resolve("slack-command-help.json");
        boolean help = text.equals("help");
        return new LambdaFunction(name, Target.BOT_FIRST_ACK, new ColdInvoke.Child(jar, mainJar,
                "io.ghostwatch.bot.SlackEventsHandler"), relative(template) + " as /ghostwatch " + text + (help
                ? " (answered in the ack)" : " (sent to SQS before the ack)") + ", signed again before each run",
                new Invocations(() -> Files.write(runDir.resolve(name + "-event.json"), help
                        ? SignedEvents.resigned(template) : SignedEvents.slashCommand(template, text, RESPONSE_URL)),
                        answer -> {
                            String ack = answer.path("statusCode").asInt() != 200 ? ""
                                    : json(answer.path("body").asText()).path("text").asText();
                            return help ? (ack.contains("Targets:") ? null : "expected statusCode 200 and the help text")
                                    : ack.startsWith(":hourglass_flowing_sand: Working on it") ? null
                                    : "expected statusCode 200 and \"Working on it\" (the command queued)";
                        }), env);
    }

    // ---- running them

    private ColdInvoke invoke(LambdaFunction f, List<String> flags) throws IOException, InterruptedException {
        Path log = runDir.resolve(f.name() + "-" + (++spawned) + ".log");
        ColdInvoke run = ColdInvoke.run(processes, f.child(), flags, f.invocations().nextEvent().next(),
                f.environment(), log);
        JsonNode answer = json(run.response());
        String wrong = answer.isMissingNode() ? "not JSON" : f.invocations().check().apply(answer);
        if (wrong != null) {
            throw new IllegalStateException(f.name() + " (" + String.join(" ", flags) + ") answered " + run.response()
                    + ": " + wrong + "; its log: " + log);
        }
        return run;
    }

    /**
     * One cold start of each function before anything is measured: it checks the set-up end to end (a function that
     * answers wrongly stops the benchmark here), and it is the stand-ins' first real traffic.
     */
    private void checkRun(List<LambdaFunction> functions) throws IOException, InterruptedException {
        List<String> done = new ArrayList<>();
        for (LambdaFunction f : functions) {
            ColdInvoke run = invoke(f, List.of());
            done.add(f.name() + " " + run.responseMs() + " ms");
        }
        System.out.println("check run (default flags, not counted): " + String.join(", ", done) + "; the Slack stand-in"
                + " got " + slack.calls("chat.postMessage").size() + " chat.postMessage (the digest), the queue "
                + sqs.messages(QUEUE).size() + " work item");
        System.out.println();
    }

    /** A training run: one cold invoke that writes the archive at exit. */
    private Path train(JvmVariant.Archive archive, LambdaFunction f) throws IOException, InterruptedException {
        Path file = runDir.resolve(f.name() + archive.extension);
        long start = System.nanoTime();
        invoke(f, List.of(archive.createFlag + file));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(archive.createFlag + " made no " + file.getFileName());
        }
        System.out.printf(Locale.ROOT, "  %s for %s: %s, %.1f MiB, made in %.1f s (a training run: one cold invoke)%n",
                archive.label(), f.name(), file.getFileName(), Files.size(file) / (1024.0 * 1024),
                (System.nanoTime() - start) / 1e9);
        return file;
    }

    private static String key(JvmVariant v, LambdaFunction f) {
        return v.archive() + "/" + f.name();
    }

    // ---- printing

    private void header(List<LambdaFunction> functions) throws IOException, InterruptedException {
        System.out.println("Ghostwatch Lambda cold-start benchmark");
        System.out.println("machine: " + Machine.describe());
        System.out.println("java: " + processes.javaBin() + " (" + Machine.javaVersion(processes.javaBin()) + ")");
        System.out.println("JVM ergonomic flags on this machine: " + Machine.ergonomicFlags(processes.javaBin()));
        System.out.println("each: java <flags> -cp <jar>:lambda-main.jar " + LambdaColdStart.class.getSimpleName()
                + " <handler> <event>, with only the environment listed");
        for (LambdaFunction f : functions) {
            System.out.printf(Locale.ROOT, "%-14s: %s %s%n", f.name(), relative(f.child().lambdaJar()),
                    f.child().handler());
            System.out.println("                event: " + f.event());
            System.out.println("                environment: " + String.join(", ", f.environment().keySet()));
        }
        System.out.printf(Locale.ROOT, "config: %d redis-server %s on 127.0.0.1 (bind 127.0.0.1, no persistence) as"
                + " targets, the digest to the Slack stand-in's channel; in this JVM: DynamoDB Local (tables %s, %s,"
                + " %s, %s), the Slack Web API stand-in (auth.test, chat.postMessage), the SQS stand-in (queue %s), each"
                + " warmed up first; AWS credentials are dummies%n", redisServers,
                RedisServerProcess.redisServerBinary(), SAMPLES_TABLE, FINDINGS_TABLE, RUNS_TABLE, CHANGES_TABLE, QUEUE);
        List<Long> floor = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            floor.add(ColdInvoke.floor(processes, functions.getFirst().child(), runDir.resolve("floor-" + i + ".log")));
        }
        System.out.println("JVM floor (fresh JVM, a main that prints one line; spawn -> line read), ms: "
                + Stats.summary(floor));
        System.out.printf(Locale.ROOT, "runs: %d cold starts per function and variant; variants: %s%n", repeats,
                variants.stream().map(v -> v.name() + " = " + v.describe()).collect(Collectors.joining("; ")));
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on this machine skews every figure)");
        System.out.println();
    }

    private void printRuns(List<LambdaFunction> functions, Map<String, Map<JvmVariant, List<ColdInvoke>>> runs,
                           Map<JvmVariant, String> skipped) {
        System.out.printf(Locale.ROOT, "[1] Cold starts, a fresh JVM per run, %d runs each; ms after the spawn of java,"
                + " median / max%n", repeats);
        System.out.println("    function        variant       main()      init (handler built)    first response    response"
                + " read");
        for (LambdaFunction f : functions) {
            for (Map.Entry<JvmVariant, List<ColdInvoke>> e : runs.get(f.name()).entrySet()) {
                List<ColdInvoke> r = e.getValue();
                System.out.printf(Locale.ROOT, "    %-14s  %-10s %12s %24s %17s %15s%n", f.name(), e.getKey().name(),
                        Stats.medMax(values(r, ColdInvoke::mainMs)), Stats.medMax(values(r, ColdInvoke::handlerMs)),
                        Stats.medMax(values(r, ColdInvoke::responseMs)), Stats.medMax(values(r, ColdInvoke::seenMs)));
            }
        }
        skipped.forEach((v, why) -> System.out.println("    " + v.name() + ": skipped, " + why));
        System.out.println("    (main(), init, first response: the child's wall clock when main() was entered, when the"
                + " handler's no-argument constructor returned and when handleRequest returned, minus the spawn time;"
                + " read: when this process read the response line)");
        System.out.println();
    }

    private void printSizes() throws IOException {
        System.out.printf(Locale.ROOT, "[2] Jar sizes (target: each < %,d bytes)%n", LambdaJar.MAX_BYTES);
        for (Path jar : List.of(functionsJar, botJar)) {
            System.out.printf(Locale.ROOT, "    %-40s %s%n", relative(jar), LambdaJar.size(jar));
        }
        if (baselineBotJar != null) {
            System.out.printf(Locale.ROOT, "    %-40s %s (the baseline, not held to the target)%n",
                    relative(baselineBotJar), LambdaJar.size(baselineBotJar));
        }
        System.out.println();
    }

    private void targets(List<LambdaFunction> functions, Map<String, Map<JvmVariant, List<ColdInvoke>>> runs)
            throws IOException {
        System.out.printf(Locale.ROOT, "[3] Targets (this machine): bot first ack <= %d ms, audit handler init <= %d ms"
                + " (each), each jar < 30 MB%n", BOT_FIRST_ACK_TARGET_MS, AUDIT_INIT_TARGET_MS);
        for (Target target : Target.values()) {
            for (LambdaFunction f : functions) {
                if (f.target() != target) {
                    continue;
                }
                runs.get(f.name()).forEach((v, r) -> {
                    if (target == Target.BOT_FIRST_ACK) {
                        verdict("first ack", f, v, values(r, ColdInvoke::responseMs), BOT_FIRST_ACK_TARGET_MS);
                    } else {
                        verdict("init", f, v, values(r, ColdInvoke::handlerMs), AUDIT_INIT_TARGET_MS);
                    }
                });
            }
        }
        for (Path jar : List.of(functionsJar, botJar)) {
            System.out.printf(Locale.ROOT, "  %-7s jar size, %s: %s%n",
                    Files.size(jar) < LambdaJar.MAX_BYTES ? "MET" : "NOT MET",
                    jar.getFileName(), LambdaJar.size(jar));
        }
        System.out.println("  (MET = every run within the target; MEDIAN = the median within it, not every run;"
                + " NOT MET = the median over it)");
    }

    private static void verdict(String what, LambdaFunction f, JvmVariant v, List<Long> values, long target) {
        System.out.printf(Locale.ROOT, "  %-7s %-25s %-10s median %5d ms, worst %5d ms%n", Stats.verdict(values, target),
                f.name() + " " + what + ",", v.name(), Stats.median(values), Stats.max(values));
    }

    // ---- helpers

    private static List<Long> values(List<ColdInvoke> runs, ToLongFunction<ColdInvoke> field) {
        return runs.stream().map(field::applyAsLong).toList();
    }

    /** The JSON in {@code text}, or a missing node when it is not JSON. */
    private static JsonNode json(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static Path path(Map<String, String> options, String name, String otherwise) {
        return Path.of(options.getOrDefault(name, otherwise)).toAbsolutePath();
    }

    private static String relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    private void stopAll() {
        processes.stopAll();
        servers.forEach(RedisServerProcess::close);
        servers.clear();
        if (slack != null) {
            slack.close();
            slack = null;
        }
        if (sqs != null) {
            sqs.close();
            sqs = null;
        }
        if (dynamo != null) {
            dynamo.close();
            dynamo = null;
        }
    }
}
