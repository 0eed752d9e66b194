package io.ghostwatch.bot;

import com.slack.api.Slack;
import io.ghostwatch.bot.work.AuditBotActions;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.ChangeBotActions;
import io.ghostwatch.bot.work.FixModalActions;
import io.ghostwatch.bot.work.NotYetAvailableActions;
import io.ghostwatch.bot.work.ResponseUrlReplies;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.change.Approvers;
import io.ghostwatch.core.change.ChangeStore;
import io.ghostwatch.core.change.ChangeWorkflow;
import io.ghostwatch.core.change.DynamoDbChangeStore;
import io.ghostwatch.core.change.FileChangeStore;
import io.ghostwatch.core.change.SlackChangeNotifier;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.elasticache.ParameterGroupChangeEngine;
import io.ghostwatch.core.findings.DynamoDbFindingStore;
import io.ghostwatch.core.findings.FileFindingStore;
import io.ghostwatch.core.findings.FindingStore;
import io.ghostwatch.core.fix.ConfigChangeEngine;
import io.ghostwatch.core.fix.IdleClientKiller;
import io.ghostwatch.core.history.DynamoDbSampleStore;
import io.ghostwatch.core.history.FileSampleStore;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.SlackPoster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds what the bot does from its environment: audits and status (with the scheduled audit's history and finding
 * stores), and remediation: the change store (DynamoDB when {@value #CHANGES_TABLE} names a table, else the
 * embedded store under the user's data directory), the fix engines, who may approve, and the approvals channel
 * through core's Slack client.
 * <p>
 * What only performing work needs is built on its first use ({@link Lazy}), once per process: the three stores (each
 * with an SDK client of its own in AWS), the AWS clients of an ElastiCache config, and the change workflow with its fix
 * engines. Acknowledging needs none of them (a press is decided by its button; the "Propose fix" form needs only the
 * policy and the Slack client), so the bot in Lambda, which only acknowledges and sends work to SQS, never builds them,
 * and its start-up does not wait for them. The worker builds them on its first item (under SnapStart, after the
 * restore: a fraction of a second of its first invocation, which answers through response URLs, not within 3 s).
 */
final class Remediation {

    /** The DynamoDB table of changes, in AWS. */
    static final String CHANGES_TABLE = "GHOSTWATCH_CHANGES_TABLE";
    /** The audit history table (the scheduled audit's), in AWS. */
    static final String SAMPLES_TABLE = "GHOSTWATCH_SAMPLES_TABLE";
    /** The finding state table (the scheduled audit's), in AWS. */
    static final String FINDINGS_TABLE = "GHOSTWATCH_FINDINGS_TABLE";
    private static final System.Logger LOG = System.getLogger(Remediation.class.getName());

    private Remediation() {
    }

    static BotActions actions(GhostwatchConfig config, WorkerSettings settings, Map<String, String> environment,
                              Clock clock, Slack slack, ResponseUrlReplies replies) {
        Consumer<String> warnings = w -> LOG.log(System.Logger.Level.WARNING, w);
        SlackConfig.Approvals approvals = config.slack() == null ? null : config.slack().approvals();
        Duration retention = Duration.ofDays(approvals == null ? SlackConfig.Approvals.DEFAULT_RETENTION_DAYS
                : approvals.retentionDays());
        Lazy<ChangeStore> changes = Lazy.of("the change store", () -> store(environment, CHANGES_TABLE,
                table -> DynamoDbChangeStore.create(table, retention, environment, warnings),
                () -> new FileChangeStore(FileChangeStore.defaultDirectory(environment), retention, clock, warnings)));
        Lazy<SampleStore> history = Lazy.of("the history store", () -> store(environment, SAMPLES_TABLE,
                table -> DynamoDbSampleStore.create(table, environment),
                () -> new FileSampleStore(FileSampleStore.defaultDirectory(environment), FileSampleStore.DEFAULT_RETENTION,
                        clock, warnings)));
        Lazy<FindingStore> findings = Lazy.of("the finding store", () -> store(environment, FINDINGS_TABLE,
                table -> DynamoDbFindingStore.create(table, environment, warnings),
                () -> new FileFindingStore(FileFindingStore.defaultDirectory(environment),
                        FileFindingStore.DEFAULT_RETENTION, clock, warnings)));
        Lazy<AwsClients> aws = Lazy.of("the AWS clients", () -> config.elasticache() == null ? null
                : AwsClients.create(AwsClients.Settings.defaults()));
        SlackPoster poster = SlackPoster.using(slack, settings.slack(), BotToken.of(settings.botToken()));
        Approvers approvers = approvals == null ? null : new Approvers(approvals, poster::userGroupMembers, clock);
        // The targets' password references, for the fix engines and the audits alike: secret: ones through Secrets
        // Manager (the function's role, the SDK's endpoints), each read once per Secrets.DEFAULT_TTL. Nothing talks to
        // AWS until a secret: reference is resolved, so the bot itself (which only queues) never does.
        Secrets secrets = Secrets.create(environment, AwsClients.Settings.defaults());
        Lazy<ChangeWorkflow> workflow = Lazy.of("the change workflow", () -> new ChangeWorkflow(config, changes.get(),
                new ConfigChangeEngine(config.policy(), secrets, clock),
                new ParameterGroupChangeEngine(config.elasticache(), aws.get(), config.policy()),
                new IdleClientKiller(config.policy(), secrets, clock), approvers,
                // without approvals nothing is ever proposed, so nothing is ever posted to the channel named here
                new SlackChangeNotifier(poster, approvals == null ? "(no approvals channel)" : approvals.channel()),
                clock, warnings));
        BotActions fixForms = new FixModalActions(config.policy(), poster, replies, new NotYetAvailableActions(replies));
        BotActions audits = new AuditBotActions(config, secrets, clock, history, findings, aws, poster, replies,
                fixForms);
        // closed in reverse: the Secrets' reader, then whichever clients and stores were built
        return new ChangeBotActions(workflow, changes, replies, audits, List.of(changes, history, findings, aws, secrets));
    }

    /** The DynamoDB store when {@code variable} names a table, else the embedded one under the user's data directory. */
    private static <S> S store(Map<String, String> environment, String variable, Function<String, S> dynamoDb,
                               Supplier<S> embedded) {
        String table = environment.get(variable);
        return table == null || table.isBlank() ? embedded.get() : dynamoDb.apply(table);
    }
}
