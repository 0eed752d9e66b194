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
import java.util.ArrayList;
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
        List<AutoCloseable> resources = new ArrayList<>();
        ChangeStore changes = store(environment, CHANGES_TABLE, resources,
                table -> DynamoDbChangeStore.create(table, retention, environment, warnings),
                () -> new FileChangeStore(FileChangeStore.defaultDirectory(environment), retention, clock, warnings));
        SampleStore history = store(environment, SAMPLES_TABLE, resources,
                table -> DynamoDbSampleStore.create(table, environment),
                () -> new FileSampleStore(FileSampleStore.defaultDirectory(environment), FileSampleStore.DEFAULT_RETENTION,
                        clock, warnings));
        FindingStore findings = store(environment, FINDINGS_TABLE, resources,
                table -> DynamoDbFindingStore.create(table, environment, warnings),
                () -> new FileFindingStore(FileFindingStore.defaultDirectory(environment),
                        FileFindingStore.DEFAULT_RETENTION, clock, warnings));
        SlackPoster poster = SlackPoster.using(slack, settings.slack(), BotToken.of(settings.botToken()));
        Approvers approvers = approvals == null ? null : new Approvers(approvals, poster::userGroupMembers, clock);
        AwsClients aws = null;
        if (config.elasticache() != null) {
            aws = AwsClients.create(AwsClients.Settings.defaults());
            resources.add(aws);
        }
        // The targets' password references, for the fix engines and the audits alike: secret: ones through Secrets
        // Manager (the function's role, the SDK's endpoints), each read once per Secrets.DEFAULT_TTL. Nothing talks to
        // AWS until a secret: reference is resolved, so the bot itself (which only queues) never does.
        Secrets secrets = Secrets.create(environment, AwsClients.Settings.defaults());
        resources.add(secrets);
        ChangeWorkflow workflow = new ChangeWorkflow(config, changes,
                new ConfigChangeEngine(config.policy(), secrets, clock),
                new ParameterGroupChangeEngine(config.elasticache(), aws, config.policy()),
                new IdleClientKiller(config.policy(), secrets, clock), approvers,
                // without approvals nothing is ever proposed, so nothing is ever posted to the channel named here
                new SlackChangeNotifier(poster, approvals == null ? "(no approvals channel)" : approvals.channel()),
                clock, warnings);
        BotActions fixForms = new FixModalActions(config.policy(), poster, replies, new NotYetAvailableActions(replies));
        BotActions audits = new AuditBotActions(config, secrets, clock, history, findings, aws, poster, replies,
                fixForms);
        return new ChangeBotActions(workflow, changes, replies, audits, resources);
    }

    /**
     * The DynamoDB store when {@code variable} names a table (its client is closed with the actions), else the
     * embedded one under the user's data directory.
     */
    private static <S> S store(Map<String, String> environment, String variable, List<AutoCloseable> resources,
                               Function<String, S> dynamoDb, Supplier<S> embedded) {
        String table = environment.get(variable);
        if (table == null || table.isBlank()) {
            return embedded.get();
        }
        S store = dynamoDb.apply(table);
        if (store instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }
        return store;
    }
}
