package io.ghostwatch.bot;

import com.slack.api.Slack;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.ResponseUrlReplies;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the bot and the worker share, built the one way both use: the config and its {@link CommandParser}, the Slack
 * client, and the {@link BotActions} answering through response URLs. The bot ({@link BotRuntime}) adds Bolt, the
 * request path and a work queue; the worker ({@link BotWorkerHandler}) adds only the queue's event.
 */
public final class BotServices implements AutoCloseable {

    /** Builds the actions for a loaded config. */
    @FunctionalInterface
    public interface ActionsFactory {
        BotActions create(GhostwatchConfig config, Slack slack, ResponseUrlReplies replies);
    }

    private static final System.Logger LOG = System.getLogger(BotServices.class.getName());

    private final GhostwatchConfig config;
    private final CommandParser parser;
    private final Slack slack;
    private final BotActions actions;

    private BotServices(GhostwatchConfig config, Slack slack, BotActions actions) {
        this.config = config;
        this.parser = CommandParser.of(config);
        this.slack = slack;
        this.actions = actions;
    }

    /**
     * The remediation actions ({@link Remediation}) from {@link WorkerSettings}' variables and
     * {@value Remediation#CHANGES_TABLE}.
     *
     * @throws ConfigException naming the variable or the config file's problem
     */
    public static BotServices fromEnvironment(Map<String, String> environment, Clock clock) {
        return fromEnvironment(WorkerSettings.fromEnvironment(environment), environment, clock);
    }

    static BotServices fromEnvironment(WorkerSettings settings, Map<String, String> environment, Clock clock) {
        return start(settings, (config, slack, replies) -> Remediation.actions(config, settings, environment, clock, slack,
                replies));
    }

    /** Loads the config, opens the Slack client and builds the actions with {@code actions}. */
    public static BotServices start(WorkerSettings settings, ActionsFactory actions) {
        Objects.requireNonNull(actions, "actions");
        GhostwatchConfig config = ConfigLoader.load(settings.configFile());
        Slack slack = Slack.getInstance(settings.slack().sdkConfig());
        try {
            return new BotServices(config, slack, actions.create(config, slack, new ResponseUrlReplies(slack)));
        } catch (RuntimeException e) {
            try {
                slack.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public GhostwatchConfig config() {
        return config;
    }

    public CommandParser parser() {
        return parser;
    }

    public Slack slack() {
        return slack;
    }

    public BotActions actions() {
        return actions;
    }

    /** Closes the actions (their store and Slack client), then the Slack client. */
    @Override
    public void close() {
        if (actions instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the bot's actions failed: " + e.getMessage());
            }
        }
        try {
            slack.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Slack client failed: " + e.getMessage(), e);
        }
    }
}
