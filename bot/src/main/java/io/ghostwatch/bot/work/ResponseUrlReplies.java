package io.ghostwatch.bot.work;

import com.slack.api.Slack;
import com.slack.api.app_backend.slash_commands.SlashCommandResponseSender;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Answers a request later, through its {@code response_url} (what a slash command or a button press carries), with
 * the Slack SDK's HTTP client. The text is mrkdwn the caller has already escaped.
 */
public final class ResponseUrlReplies {

    private final SlashCommandResponseSender sender;

    public ResponseUrlReplies(Slack slack) {
        this.sender = new SlashCommandResponseSender(Objects.requireNonNull(slack, "slack"));
    }

    /** A reply only the requester sees. */
    public void ephemeral(Requester to, String mrkdwn) {
        send(to, SlashCommandResponse.builder().responseType("ephemeral").text(mrkdwn).build());
    }

    private void send(Requester to, SlashCommandResponse response) {
        WebhookResponse answer;
        try {
            answer = sender.send(to.responseUrl(), response);
        } catch (IOException e) {
            throw new UncheckedIOException("replying to " + to + " through its response_url failed: " + e.getMessage(), e);
        }
        if (answer.getCode() == null || answer.getCode() != 200) {
            throw new IllegalStateException("replying to " + to + " through its response_url failed: HTTP "
                    + answer.getCode() + " " + answer.getBody());
        }
    }
}
