package io.ghostwatch.bot;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import com.slack.api.bolt.middleware.builtin.SingleTeamAuthorization;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.InProcessWorkQueue;
import io.ghostwatch.bot.work.ResponseUrlReplies;
import io.ghostwatch.bot.work.SqsWorkQueue;
import io.ghostwatch.bot.work.WorkQueue;
import io.ghostwatch.core.config.ConfigException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything one bot process needs, built once from its environment: the {@link BotServices} it shares with the
 * worker (config, Slack client, actions), the Bolt {@link App} (its middleware: Bolt's signature check, then
 * single-workspace authorization with the bot token, which is checked with {@code auth.test} now, so a wrong token
 * fails at startup), the work queue and the {@link SlackEndpoint} both adapters serve.
 * <p>
 * The queue: SQS ({@link SqsWorkQueue}) when {@value SqsWorkQueue#QUEUE_URL} is set, as in Lambda, where nothing may
 * run after the response; otherwise in this process ({@link InProcessWorkQueue}), as for the local server.
 */
public final class BotRuntime implements AutoCloseable {

    private final BotServices services;
    private final WorkQueue queue;
    private final SlackEndpoint endpoint;

    private BotRuntime(BotServices services, WorkQueue queue, SlackEndpoint endpoint) {
        this.services = services;
        this.queue = queue;
        this.endpoint = endpoint;
    }

    /**
     * @throws ConfigException naming the variable, the config file's problem, or the token Slack refused
     */
    public static BotRuntime fromEnvironment(Map<String, String> environment, Clock clock) {
        BotSettings settings = BotSettings.fromEnvironment(environment);
        String queueUrl = environment.get(SqsWorkQueue.QUEUE_URL);
        Function<BotActions, WorkQueue> queue = queueUrl == null || queueUrl.isBlank() ? InProcessWorkQueue::create
                : actions -> SqsWorkQueue.create(queueUrl, environment);
        return start(settings, clock, BotServices.fromEnvironment(settings.worker(), environment, clock), queue);
    }

    /**
     * With an in-process queue.
     *
     * @param actions what carries out commands and button presses, given the replies it answers with
     */
    public static BotRuntime start(BotSettings settings, Clock clock, Function<ResponseUrlReplies, BotActions> actions) {
        return start(settings, clock, actions, InProcessWorkQueue::create);
    }

    /**
     * @param queue the work queue, given the actions (an in-process queue runs them; SQS leaves them to the worker)
     */
    public static BotRuntime start(BotSettings settings, Clock clock, Function<ResponseUrlReplies, BotActions> actions,
                                   Function<BotActions, WorkQueue> queue) {
        return start(settings, clock, BotServices.start(settings.worker(), (config, slack, replies) -> actions.apply(replies)),
                queue);
    }

    private static BotRuntime start(BotSettings settings, Clock clock, BotServices services,
                                    Function<BotActions, WorkQueue> queueFactory) {
        WorkQueue queue = null;
        try {
            queue = queueFactory.apply(services.actions());
            Slack slack = services.slack();
            AppConfig config = appConfig(settings, slack);
            App app = new App(config, slack, middleware(settings, config, clock));
            new GhostwatchBot(services.parser(), queue, services.actions()).register(app);
            return new BotRuntime(services, queue, new SlackEndpoint(new SlackRequestVerifier(settings.signingSecret(),
                    clock), app));
        } catch (RuntimeException e) {
            try {
                closeQueue(queue);
                services.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public SlackEndpoint endpoint() {
        return endpoint;
    }

    /** Where the listeners hand off work. */
    public WorkQueue queue() {
        return queue;
    }

    /**
     * Bolt's settings, with the one Slack client (its no-argument constructor would build a Slack client of its own, an
     * HTTP client with its TLS set-up, that nothing uses).
     */
    private static AppConfig appConfig(BotSettings settings, Slack slack) {
        return AppConfig.builder().slack(slack).signingSecret(settings.signingSecret())
                .singleTeamBotToken(settings.botToken()).build();
    }

    /** Bolt's own signature check (on the same clock as ours), then the single-workspace token check. */
    private static List<Middleware> middleware(BotSettings settings, AppConfig config, Clock clock) {
        AuthTestResponse authTest;
        try {
            authTest = config.getSlack().methods().authTest(r -> r.token(settings.botToken()));
        } catch (IOException | SlackApiException e) {
            throw new ConfigException("checking " + BotSettings.BOT_TOKEN + " with Slack's auth.test at "
                    + settings.slack().apiUrl() + " failed: " + e.getMessage(), e);
        }
        if (!authTest.isOk()) {
            throw new ConfigException(BotSettings.BOT_TOKEN + " was refused by Slack's auth.test: " + authTest.getError());
        }
        List<Middleware> middleware = new ArrayList<>();
        middleware.add(new RequestVerification(new ClockedSignatureVerifier(settings.signingSecret(), clock)));
        middleware.add(new SingleTeamAuthorization(config, authTest, null));
        return middleware;
    }

    /** Stops taking work, lets running in-process items finish (up to 10 s), closes the actions and Slack client. */
    @Override
    public void close() {
        closeQueue(queue);
        services.close();
    }

    private static void closeQueue(WorkQueue queue) {
        switch (queue) {
            case null -> {
            }
            case InProcessWorkQueue inProcess -> {
                try {
                    inProcess.shutdown(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inProcess.close();
            }
            case SqsWorkQueue sqs -> sqs.close();
            default -> {
                if (queue instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("closing the work queue failed: " + e.getMessage(), e);
                    }
                }
            }
        }
    }
}
