package io.ghostwatch.bot;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import com.slack.api.bolt.middleware.builtin.SingleTeamAuthorization;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.InProcessWorkQueue;
import io.ghostwatch.bot.work.ResponseUrlReplies;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.slack.SlackSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything one bot process needs, built once from its environment: the config, the Slack client, the Bolt
 * {@link App} (its middleware: Bolt's signature check, then single-workspace authorization with the bot token, which
 * is checked with {@code auth.test} now, so a wrong token fails at startup), the work queue and the
 * {@link SlackEndpoint} both adapters serve.
 */
public final class BotRuntime implements AutoCloseable {

    private final Slack slack;
    private final InProcessWorkQueue queue;
    private final SlackEndpoint endpoint;
    private final BotActions actions;
    private static final System.Logger LOG = System.getLogger(BotRuntime.class.getName());

    private BotRuntime(Slack slack, InProcessWorkQueue queue, SlackEndpoint endpoint, BotActions actions) {
        this.actions = actions;
        this.slack = slack;
        this.queue = queue;
        this.endpoint = endpoint;
    }

    /**
     * @throws ConfigException naming the variable, the config file's problem, or the token Slack refused
     */
    public static BotRuntime fromEnvironment(Map<String, String> environment, Clock clock) {
        BotSettings settings = BotSettings.fromEnvironment(environment);
        GhostwatchConfig config = ConfigLoader.load(settings.configFile());
        return start(settings, clock, replies -> Remediation.actions(config, settings, environment, clock, replies));
    }

    /**
     * @param actions what carries out commands and button presses, given the replies it answers with
     */
    public static BotRuntime start(BotSettings settings, Clock clock, Function<ResponseUrlReplies, BotActions> actions) {
        GhostwatchConfig config = ConfigLoader.load(settings.configFile());
        Slack slack = Slack.getInstance(settings.slack().sdkConfig());
        BotActions botActions = actions.apply(new ResponseUrlReplies(slack));
        InProcessWorkQueue queue = InProcessWorkQueue.create(botActions);
        try {
            App app = new App(appConfig(settings), slack, middleware(settings, slack, clock));
            new GhostwatchBot(CommandParser.of(config), queue, botActions).register(app);
            return new BotRuntime(slack, queue, new SlackEndpoint(new SlackRequestVerifier(settings.signingSecret(), clock), app),
                    botActions);
        } catch (RuntimeException e) {
            queue.close();
            closeQuietly(slack, e);
            throw e;
        }
    }

    public SlackEndpoint endpoint() {
        return endpoint;
    }

    private static AppConfig appConfig(BotSettings settings) {
        AppConfig config = new AppConfig();
        config.setSigningSecret(settings.signingSecret());
        config.setSingleTeamBotToken(settings.botToken());
        return config;
    }

    /** Bolt's own signature check (on the same clock as ours), then the single-workspace token check. */
    private static List<Middleware> middleware(BotSettings settings, Slack slack, Clock clock) {
        AuthTestResponse authTest;
        try {
            authTest = slack.methods().authTest(r -> r.token(settings.botToken()));
        } catch (IOException | SlackApiException e) {
            throw new ConfigException("checking " + BotSettings.BOT_TOKEN + " with Slack's auth.test at "
                    + settings.slack().apiUrl() + " failed: " + e.getMessage(), e);
        }
        if (!authTest.isOk()) {
            throw new ConfigException(BotSettings.BOT_TOKEN + " was refused by Slack's auth.test: " + authTest.getError());
        }
        List<Middleware> middleware = new ArrayList<>();
        middleware.add(new RequestVerification(new ClockedSignatureVerifier(settings.signingSecret(), clock)));
        middleware.add(new SingleTeamAuthorization(appConfig(settings), authTest, null));
        return middleware;
    }

    /** Stops taking work, lets running items finish (up to 10 s), closes the Slack client. */
    @Override
    public void close() {
        try {
            queue.shutdown(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.close();
        if (actions instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the bot's actions failed: " + e.getMessage());
            }
        }
        closeQuietly(slack, null);
    }

    private static void closeQuietly(Slack slack, RuntimeException primary) {
        try {
            slack.close();
        } catch (Exception e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                throw new IllegalStateException("closing the Slack client failed: " + e.getMessage(), e);
            }
        }
    }
}
