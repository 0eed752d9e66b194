package io.ghostwatch.functions;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.findings.DynamoDbFindingStore;
import io.ghostwatch.core.findings.FindingStore;
import io.ghostwatch.core.history.DynamoDbSampleStore;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.run.ConfigDigest;
import io.ghostwatch.core.run.DynamoDbRunStore;
import io.ghostwatch.core.run.RunStore;
import io.ghostwatch.core.run.ShardPlan;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.SlackSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the audit functions (plan, shard, publish) read from their environment, and what they build from it once per
 * execution environment: the stores and the AWS clients. Each handler takes what it needs; a setting it needs and
 * does not have is a {@link ConfigException} naming the variable, raised when the invocation needs it.
 *
 * <p>Variables: {@value #CONFIG} (the YAML config; default {@value #DEFAULT_CONFIG}, where the template's ConfigLayer
 * puts infra/deploy/ghostwatch.yaml), {@value #SAMPLES_TABLE} (audit history for leak detection; without
 * it none is kept), {@value #FINDINGS_TABLE} (finding state), {@value #RUNS_TABLE} (the shards' digest parts),
 * {@value #TARGETS_PER_SHARD} (default {@value #DEFAULT_TARGETS_PER_SHARD}), {@value #TARGET_METRICS} ({@code on} or
 * {@code off}, default on), {@value #METRICS_NAMESPACE} (default {@value AuditMetrics#DEFAULT_NAMESPACE}),
 * {@value #STACK} (the metrics' {@code Stack} dimension, default {@code ghostwatch}),
 * {@code SLACK_API_URL} (Web API base, default Slack's); the bot token through the config's {@code slack.botToken}.
 */
final class AuditEnvironment {

    static final String CONFIG = "GHOSTWATCH_CONFIG";
    static final String DEFAULT_CONFIG = "/opt/ghostwatch.yaml";
    static final String SAMPLES_TABLE = "GHOSTWATCH_SAMPLES_TABLE";
    static final String FINDINGS_TABLE = "GHOSTWATCH_FINDINGS_TABLE";
    static final String RUNS_TABLE = "GHOSTWATCH_RUNS_TABLE";
    static final String TARGETS_PER_SHARD = "GHOSTWATCH_TARGETS_PER_SHARD";
    static final int DEFAULT_TARGETS_PER_SHARD = 1_000;
    static final String TARGET_METRICS = "GHOSTWATCH_TARGET_METRICS";
    static final String METRICS_NAMESPACE = "GHOSTWATCH_METRICS_NAMESPACE";
    static final String STACK = "GHOSTWATCH_STACK";
    static final String MAX_PARALLEL_SHARDS = "GHOSTWATCH_MAX_PARALLEL_SHARDS";
    static final int DEFAULT_MAX_PARALLEL_SHARDS = 4;
    /** Step Functions runs at most 40 iterations of an inline Map at once, whatever it is told. */
    static final int MAX_MAX_PARALLEL_SHARDS = 40;
    static final String SLACK_BOT_TOKEN = "SLACK_BOT_TOKEN";
    static final String SLACK_API_URL = SlackSettings.API_URL_VARIABLE;

    /**
     * What a handler reads from its environment: {@code required} are the variables template.yaml must set for its
     * function (TemplateTest checks), {@code optional} those it may. Reading anything else is a bug, refused.
     */
    record Variables(java.util.Set<String> required, java.util.Set<String> optional) {
        Variables {
            required = java.util.Set.copyOf(required);
            optional = java.util.Set.copyOf(optional);
        }

        boolean declares(String name) {
            return required.contains(name) || optional.contains(name);
        }
    }

    /** The stores, any of which may be absent (null) where the function is not given its table. */
    record Stores(SampleStore history, FindingStore findings, RunStore runs) {

        /** The stores the environment names among the declared variables, each with an SDK client of its own. */
        static Stores from(Map<String, String> environment, Variables declared) {
            String history = declared.declares(SAMPLES_TABLE) ? value(environment, SAMPLES_TABLE) : null;
            String findings = declared.declares(FINDINGS_TABLE) ? value(environment, FINDINGS_TABLE) : null;
            String runs = declared.declares(RUNS_TABLE) ? value(environment, RUNS_TABLE) : null;
            return new Stores(history == null ? null : DynamoDbSampleStore.create(history, environment),
                    findings == null ? null : DynamoDbFindingStore.create(findings, environment,
                            warning -> LambdaRuntime.getLogger().log(warning + "\n", LogLevel.WARN)),
                    runs == null ? null : DynamoDbRunStore.create(runs, environment));
        }
    }

    /** A config as loaded, with the digest that names its content. */
    record LoadedConfig(Path path, GhostwatchConfig config, String digest) {
    }

    private final Map<String, String> environment;
    private final Variables declared;
    private final Clock clock;
    private final Stores stores;
    private final AwsClients.Settings awsSettings;
    private final Secrets secrets;
    private AwsClients aws;

    AuditEnvironment(Map<String, String> environment, Variables declared, Clock clock, Stores stores,
                     AwsClients.Settings awsSettings) {
        this.environment = Map.copyOf(environment);
        this.declared = declared;
        this.clock = clock;
        this.stores = stores;
        this.awsSettings = awsSettings;
        this.secrets = Secrets.create(this.environment, awsSettings);
    }

    /**
     * The Lambda's own: its process environment (what the handler declares of it), the system clock, the stores it
     * names, the default AWS settings.
     */
    static AuditEnvironment fromSystem(Variables declared) {
        return new AuditEnvironment(System.getenv(), declared, Clock.systemUTC(), Stores.from(System.getenv(), declared),
                AwsClients.Settings.defaults());
    }

    /** A declared variable's value, or null; reading an undeclared one is refused (TemplateTest relies on it). */
    private String variable(String name) {
        if (!declared.declares(name)) {
            throw new IllegalStateException("the handler reads " + name + " but does not declare it: add it to its"
                    + " ENVIRONMENT (and to its function in template.yaml)");
        }
        return value(environment, name);
    }

    /** The variable's value, stripped, or null when it is unset or blank. */
    private static String value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * What the config's own references ({@code env:VAR}, {@code file:}, {@code secret:} passwords and tokens) resolve
     * through: the whole environment, and Secrets Manager, each secret cached 5 minutes across invocations. Not the
     * handler's own variables, which go through the declared reads.
     */
    Secrets secrets() {
        return secrets;
    }

    Clock clock() {
        return clock;
    }

    /** The config, which must name something to audit. */
    LoadedConfig config() {
        String configured = variable(CONFIG);
        Path path = Path.of(configured == null ? DEFAULT_CONFIG : configured);
        String text = ConfigLoader.read(path);
        GhostwatchConfig config = ConfigLoader.parse(text, path.toString());
        if (!config.hasTargets()) {
            throw new ConfigException(path + ": the config has no targets and no elasticache section: nothing to audit");
        }
        return new LoadedConfig(path, config, ConfigDigest.of(text));
    }

    /**
     * The config the plan cut the run from: a different one (a deploy since the plan) is refused, so one digest never
     * mixes two inventories.
     *
     * @param who "shard 2 of 5 (...)", "the publisher", for the message
     */
    LoadedConfig config(String planned, String who) {
        LoadedConfig loaded = config();
        if (!loaded.digest().equals(planned)) {
            throw new ConfigException(loaded.path() + ": the config changed since this run was planned (planned "
                    + planned + ", now " + loaded.digest() + "): " + who + " refuses to audit a different inventory;"
                    + " the next run uses the new config");
        }
        return loaded;
    }

    int targetsPerShard() {
        return wholeNumber(TARGETS_PER_SHARD, DEFAULT_TARGETS_PER_SHARD, ShardPlan.MIN_TARGETS_PER_SHARD,
                ShardPlan.MAX_TARGETS_PER_SHARD);
    }

    /** How many shards the state machine's Map audits at once. */
    int maxParallelShards() {
        return wholeNumber(MAX_PARALLEL_SHARDS, DEFAULT_MAX_PARALLEL_SHARDS, 1, MAX_MAX_PARALLEL_SHARDS);
    }

    private int wholeNumber(String name, int byDefault, int min, int max) {
        String value = variable(name);
        if (value == null) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigException(name + " is '" + value + "'; valid: a whole number from " + min + " to " + max);
    }

    /** @param out where the EMF lines go: standard output in Lambda */
    AuditMetrics metrics(java.io.PrintStream out) {
        String perTarget = variable(TARGET_METRICS);
        if (perTarget != null && !perTarget.equals("on") && !perTarget.equals("off")) {
            throw new ConfigException(TARGET_METRICS + " is '" + perTarget + "'; valid: on, off");
        }
        String namespace = variable(METRICS_NAMESPACE);
        String stack = variable(STACK);
        return new AuditMetrics(out, namespace == null ? AuditMetrics.DEFAULT_NAMESPACE : namespace,
                stack == null ? "ghostwatch" : stack, !"off".equals(perTarget), clock);
    }

    /** Where each server's samples go for leak detection; null keeps no history. */
    SampleStore history() {
        return stores.history();
    }

    FindingStore findings() {
        return required(stores.findings(), FINDINGS_TABLE, "finding state (what the Slack channel was told)");
    }

    RunStore runs() {
        return required(stores.runs(), RUNS_TABLE, "the shards' parts of the digest");
    }

    private static <T> T required(T store, String variable, String what) {
        if (store == null) {
            throw new ConfigException(variable + " is not set: the audit keeps " + what + " in that DynamoDB table"
                    + " (template.yaml sets it)");
        }
        return store;
    }

    /** The AWS clients, built on the first invocation that needs them and kept for the next ones. */
    synchronized AwsClients aws() {
        if (aws == null) {
            aws = AwsClients.create(awsSettings);
        }
        return aws;
    }

    /** Makes the Slack poster when a digest is to be posted: the config's token reference, {@code SLACK_API_URL}. */
    Supplier<SlackPoster> slack(GhostwatchConfig config) {
        return () -> SlackPoster.create(SlackSettings.fromEnvironment(environment),
                BotToken.resolve(config.slack().botToken(), secrets));
    }
}
