package io.ghostwatch.bot;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.slack.BotToken;
import io.ghostwatch.core.slack.SlackSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What carrying out commands and button presses needs from the environment, in the bot and in the worker alike (the
 * worker verifies no requests, so it never gets the signing secret). {@link #toString()} does not show the token.
 *
 * @param botToken   {@value BotSettings#BOT_TOKEN}: the bot token (xoxb-...), checked as core's {@link BotToken}
 *                   checks it
 * @param configFile {@value BotSettings#CONFIG}: the Ghostwatch config file (targets, policy)
 * @param slack      the Web API base URL ({@value SlackSettings#API_URL_VARIABLE}, default Slack's) and timeouts
 */
public record WorkerSettings(String botToken, Path configFile, SlackSettings slack) {

    public WorkerSettings {
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(slack, "slack");
    }

    /**
     * @throws ConfigException naming the variable that is missing or unusable
     */
    public static WorkerSettings fromEnvironment(Map<String, String> environment) {
        String token = required(environment, BotSettings.BOT_TOKEN, "the bot token (xoxb-..., Slack app settings,"
                + " OAuth & Permissions)");
        try {
            BotToken.of(token);
        } catch (ConfigException e) {
            throw new ConfigException(BotSettings.BOT_TOKEN + ": " + e.getMessage(), e);
        }
        String config = required(environment, BotSettings.CONFIG, "the path of the Ghostwatch config file (targets,"
                + " policy)");
        return new WorkerSettings(token.strip(), Path.of(config), SlackSettings.fromEnvironment(environment));
    }

    static String required(Map<String, String> environment, String variable, String what) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new ConfigException(variable + " is not set: it must hold " + what);
        }
        return value;
    }

    @Override
    public String toString() {
        return "WorkerSettings[botToken=redacted, configFile=" + configFile + ", apiUrl=" + slack.apiUrl() + "]";
    }
}
