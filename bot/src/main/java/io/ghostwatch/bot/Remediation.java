package io.ghostwatch.bot;

import io.ghostwatch.bot.work.AuditBotActions;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.ChangeBotActions;
import io.ghostwatch.bot.work.FixModalActions;
import io.ghostwatch.bot.work.NotYetAvailableActions;
import io.ghostwatch.bot.work.ResponseUrlReplies;
import io.ghostwatch.core.change.Approvers;
import io.ghostwatch.core.change.ChangeStore;
import io.ghostwatch.core.change.ChangeWorkflow;
import io.ghostwatch.core.change.DynamoDbChangeStore;
import io.ghostwatch.core.change.FileChangeStore;
import io.ghostwatch.core.change.SlackChangeNotifier;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.SlackConfig;
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
                              Clock clock, ResponseUrlReplies replies) {
        Consumer<String> warnings = w -> LOG.log(System.Logger.Level.WARNING, w);
        SlackConfig.Approvals approvals = config.slack() == null ? null : config.slack().approvals();
        Duration retention = Duration.ofDays(approvals == null ? SlackConfig.Approvals.DEFAULT_RETENTION_DAYS
                : approvals.retentionDays());
        List<AutoCloseable> resources = new ArrayList<>();
        String table = environment.get(CHANGES_TABLE);
        ChangeStore store;
        if (table != null && !table.isBlank()) {
            DynamoDbChangeStore dynamo = DynamoDbChangeStore.create(table, retention, environment, warnings);
            resources.add(dynamo);
            store = dynamo;
        } else {
            store = new FileChangeStore(FileChangeStore.defaultDirectory(environment), retention, clock, warnings);
        }
        SlackPoster poster = SlackPoster.create(settings.slack(), BotToken.of(settings.botToken()));
        resources.add(poster);
        Approvers approvers = approvals == null ? null : new Approvers(approvals, poster::userGroupMembers, clock);
        ChangeWorkflow workflow = new ChangeWorkflow(config, store,
                new ConfigChangeEngine(config.policy(), environment, clock),
                new IdleClientKiller(config.policy(), environment, clock), approvers,
                // without approvals nothing is ever proposed, so nothing is ever posted to the channel named here
                new SlackChangeNotifier(poster, approvals == null ? "(no approvals channel)" : approvals.channel()),
                clock, warnings);
        SampleStore history = samples(environment, clock, warnings, resources);
        FindingStore findings = findings(environment, clock, warnings, resources);
        BotActions fixForms = new FixModalActions(config.policy(), poster, replies, new NotYetAvailableActions(replies));
        BotActions audits = new AuditBotActions(config, environment, clock, history, findings, poster, replies, fixForms);
        return new ChangeBotActions(workflow, store, replies, audits, resources);
    }

    /** The audit history: DynamoDB when {@value #SAMPLES_TABLE} names a table, else the embedded store. */
    private static SampleStore samples(Map<String, String> environment, Clock clock, Consumer<String> warnings,
                                       List<AutoCloseable> resources) {
        String table = environment.get(SAMPLES_TABLE);
        if (table != null && !table.isBlank()) {
            DynamoDbSampleStore dynamo = DynamoDbSampleStore.create(table, environment);
            resources.add(dynamo);
            return dynamo;
        }
        return new FileSampleStore(FileSampleStore.defaultDirectory(environment), FileSampleStore.DEFAULT_RETENTION, clock,
                warnings);
    }

    /** What the scheduled audits recorded: DynamoDB when {@value #FINDINGS_TABLE} names a table, else embedded. */
    private static FindingStore findings(Map<String, String> environment, Clock clock, Consumer<String> warnings,
                                         List<AutoCloseable> resources) {
        String table = environment.get(FINDINGS_TABLE);
        if (table != null && !table.isBlank()) {
            DynamoDbFindingStore dynamo = DynamoDbFindingStore.create(table, environment, warnings);
            resources.add(dynamo);
            return dynamo;
        }
        return new FileFindingStore(FileFindingStore.defaultDirectory(environment), FileFindingStore.DEFAULT_RETENTION,
                clock, warnings);
    }
}
