package io.ghostwatch.bot;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.slack.SlackSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the bot reads from its environment. {@link #toString()} shows neither secret.
 *
 * @param signingSecret {@value #SIGNING_SECRET}: the app's signing secret (Basic Information in the app's settings)
 * @param botToken      {@value #BOT_TOKEN}: the bot token (xoxb-...), checked as {@link WorkerSettings} checks it
 * @param configFile    {@value #CONFIG}: the Ghostwatch config file (targets, policy)
 * @param slack         the Web API base URL ({@value SlackSettings#API_URL_VARIABLE}, default Slack's) and timeouts
 */
public record BotSettings(String signingSecret, String botToken, Path configFile, SlackSettings slack) {

    public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
    public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
    public static final String CONFIG = "GHOSTWATCH_CONFIG";

    public BotSettings {
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(slack, "slack");
    }

    /**
     * @throws ConfigException naming the variable that is missing or unusable
     */
    public static BotSettings fromEnvironment(Map<String, String> environment) {
        String secret = WorkerSettings.required(environment, SIGNING_SECRET, "the app's signing secret (Slack app"
                + " settings, Basic Information, App Credentials): every request is verified with it");
        WorkerSettings worker = WorkerSettings.fromEnvironment(environment);
        return new BotSettings(secret.strip(), worker.botToken(), worker.configFile(), worker.slack());
    }

    /** The part the worker needs too: everything but the signing secret. */
    public WorkerSettings worker() {
        return new WorkerSettings(botToken, configFile, slack);
    }

    @Override
    public String toString() {
        return "BotSettings[signingSecret=redacted, botToken=redacted, configFile=" + configFile + ", apiUrl="
                + slack.apiUrl() + "]";
    }
}
