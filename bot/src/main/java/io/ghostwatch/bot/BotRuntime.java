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
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

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
        SlackStartup slack = SlackStartup.begin(settings);
        GhostwatchConfig config = slack.unlessFailing(() -> ConfigLoader.load(settings.configFile()));
        return start(settings, config, clock, replies -> Remediation.actions(config, settings, environment, clock, replies),
                slack);
    }

    /**
     * @param actions what carries out commands and button presses, given the replies it answers with
     */
    public static BotRuntime start(BotSettings settings, Clock clock, Function<ResponseUrlReplies, BotActions> actions) {
        SlackStartup slack = SlackStartup.begin(settings);
        GhostwatchConfig config = slack.unlessFailing(() -> ConfigLoader.load(settings.configFile()));
        return start(settings, config, clock, actions, slack);
    }

    private static BotRuntime start(BotSettings settings, GhostwatchConfig config, Clock clock,
                                    Function<ResponseUrlReplies, BotActions> actions, SlackStartup startup) {
        Slack slack = startup.slack();
        InProcessWorkQueue queue = null;
        try {
            BotActions botActions = actions.apply(new ResponseUrlReplies(slack));
            queue = InProcessWorkQueue.create(botActions);
            App app = new App(appConfig(settings), slack, middleware(settings, startup.authTest(), clock));
            new GhostwatchBot(CommandParser.of(config), queue, botActions).register(app);
            return new BotRuntime(slack, queue, new SlackEndpoint(new SlackRequestVerifier(settings.signingSecret(), clock), app),
                    botActions);
        } catch (RuntimeException e) {
            if (queue != null) {
                queue.close();
            }
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
    private static List<Middleware> middleware(BotSettings settings, AuthTestResponse authTest, Clock clock) {
        if (!authTest.isOk()) {
            throw new ConfigException(BotSettings.BOT_TOKEN + " was refused by Slack's auth.test: " + authTest.getError());
        }
        List<Middleware> middleware = new ArrayList<>();
        middleware.add(new RequestVerification(new ClockedSignatureVerifier(settings.signingSecret(), clock)));
        middleware.add(new SingleTeamAuthorization(appConfig(settings), authTest, null));
        return middleware;
    }

    /**
     * The Slack client and the token check ({@code auth.test}), on a thread of their own while the caller reads the
     * config and builds the remediation side: at a cold start both halves are mostly class loading (OkHttp and the
     * JDK's TLS set-up on this side, YAML and the config model on the other) plus, here, a round trip to Slack, and
     * neither needs anything from the other. Measured by {@code infra/bench/bot-ack.sh}.
     */
    private static final class SlackStartup {

        private final BotSettings settings;
        private final CompletableFuture<Slack> slack = new CompletableFuture<>();
        private final CompletableFuture<AuthTestResponse> authTest = new CompletableFuture<>();

        private SlackStartup(BotSettings settings) {
            this.settings = settings;
        }

        static SlackStartup begin(BotSettings settings) {
            SlackStartup startup = new SlackStartup(settings);
            Thread.ofPlatform().name("ghostwatch-slack-startup").daemon().start(startup::run);
            return startup;
        }

        private void run() {
            Slack client;
            try {
                client = Slack.getInstance(settings.slack().sdkConfig());
            } catch (RuntimeException | Error e) {
                slack.completeExceptionally(e);
                authTest.completeExceptionally(e);
                return;
            }
            slack.complete(client);
            try {
                authTest.complete(client.methods().authTest(r -> r.token(settings.botToken())));
            } catch (IOException | SlackApiException e) {
                authTest.completeExceptionally(new ConfigException("checking " + BotSettings.BOT_TOKEN
                        + " with Slack's auth.test at " + settings.slack().apiUrl() + " failed: " + e.getMessage(), e));
            } catch (RuntimeException | Error e) {
                authTest.completeExceptionally(e);
            }
        }

        /** Runs {@code step} on the caller's thread; if it fails, the Slack client is closed once it exists. */
        <T> T unlessFailing(Supplier<T> step) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                slack.thenAccept(client -> closeQuietly(client, e));
                throw e;
            }
        }

        Slack slack() {
            return join(slack);
        }

        AuthTestResponse authTest() {
            return join(authTest);
        }

        private static <T> T join(CompletableFuture<T> future) {
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error cause) {
                    throw cause;
                }
                throw e;
            }
        }
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
