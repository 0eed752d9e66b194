package io.ghostwatch.bot;

import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.model.view.ViewState;
import io.ghostwatch.bot.work.FixModal;
import io.ghostwatch.core.fix.TunableParameter;
import java.util.Map;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.bot.command.CommandError;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.bot.command.HelpText;
import io.ghostwatch.bot.work.BotActions;
import io.ghostwatch.bot.work.BotButton;
import io.ghostwatch.bot.work.ButtonClick;
import io.ghostwatch.bot.work.Requester;
import io.ghostwatch.bot.work.WorkItem;
import io.ghostwatch.bot.work.WorkQueue;
import io.ghostwatch.bot.work.WorkRefusedException;
import io.ghostwatch.core.slack.SlackText;
import java.util.Objects;

/**
 * The Bolt listeners. Each one validates, records and hands off, then returns its ack (Bolt has no lazy listeners:
 * the ack is the return value, and Slack waits 3 seconds for it):
 * <ul>
 *   <li>{@value #COMMAND}: parse; a {@link CommandError} is answered in the ack, ephemeral, naming the bad part;
 *       {@code help} is answered in the ack; anything else is queued as a {@link WorkItem.Command} and acked
 *       "working on it";</li>
 *   <li>the {@link BotButton}s: {@link BotActions#pressed} (fast: validate and record), the press is queued when it
 *       says so, and the ack is empty.</li>
 * </ul>
 */
public final class GhostwatchBot {

    public static final String COMMAND = "/ghostwatch";

    private static final System.Logger LOG = System.getLogger(GhostwatchBot.class.getName());

    private final CommandParser parser;
    private final WorkQueue queue;
    private final BotActions actions;

    public GhostwatchBot(CommandParser parser, WorkQueue queue, BotActions actions) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /** Registers the slash command and the buttons on {@code app}. */
    public App register(App app) {
        app.command(COMMAND, this::command);
        for (BotButton button : BotButton.values()) {
            app.blockAction(button.actionId(), (request, context) -> press(button, request, context));
        }
        app.viewSubmission(FixModal.CALLBACK_ID, this::submitFix);
        return app;
    }

    /**
     * The "Propose fix" form: its fields become the {@code fix} command text and go through the same parser (a bad
     * value is shown on its field and the form stays open); a valid one is queued like the slash command, answered
     * through the button's response URL.
     */
    Response submitFix(ViewSubmissionRequest request, ViewSubmissionContext context) {
        ViewSubmissionPayload payload = request.getPayload();
        FixModal.Context form;
        try {
            form = FixModal.Context.parse(payload.getView().getPrivateMetadata());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "a fix form came back without its context: " + e.getMessage());
            return context.ack();
        }
        StringBuilder text = new StringBuilder("fix ").append(form.finding().target());
        Map<String, Map<String, ViewState.Value>> values = payload.getView().getState() == null ? Map.of()
                : payload.getView().getState().getValues();
        for (TunableParameter p : FixModal.parametersFor(form.finding().checkId())) {
            ViewState.Value v = values.getOrDefault(p.redisName(), Map.of()).get(FixModal.INPUT_ACTION_ID);
            text.append(' ').append(p.redisName()).append('=').append(v == null || v.getValue() == null ? ""
                    : v.getValue().strip());
        }
        BotCommand command;
        try {
            command = parser.parse(text.toString());
        } catch (CommandError e) {
            String field = e.part().contains("=") ? e.part().substring(0, e.part().indexOf('=')) : "";
            String block = FixModal.parametersFor(form.finding().checkId()).stream().map(TunableParameter::redisName)
                    .filter(field::equals).findFirst()
                    .orElse(FixModal.parametersFor(form.finding().checkId()).getFirst().redisName());
            return context.ackWithErrors(Map.of(block, e.problem()));
        }
        Requester requester = new Requester(payload.getTeam() == null ? null : payload.getTeam().getId(),
                payload.getUser().getId(), form.channelId(), form.responseUrl());
        try {
            queue.submit(new WorkItem.Command(command, requester));
        } catch (WorkRefusedException e) {
            LOG.log(System.Logger.Level.ERROR, "could not queue " + command + " for " + requester, e);
            return context.ackWithErrors(Map.of(FixModal.parametersFor(form.finding().checkId()).getFirst().redisName(),
                    "could not be queued: " + e.getMessage() + "; try again"));
        }
        return context.ack();
    }

    Response command(SlashCommandRequest request, SlashCommandContext context) {
        SlashCommandPayload payload = request.getPayload();
        BotCommand command;
        try {
            command = parser.parse(payload.getText());
        } catch (CommandError e) {
            return context.ack(ephemeral(e.mrkdwn()));
        }
        if (command instanceof BotCommand.Help) {
            return context.ack(ephemeral(HelpText.mrkdwn(parser)));
        }
        Requester requester = new Requester(payload.getTeamId(), payload.getUserId(), payload.getChannelId(),
                payload.getResponseUrl());
        try {
            queue.submit(new WorkItem.Command(command, requester));
        } catch (WorkRefusedException e) {
            LOG.log(System.Logger.Level.ERROR, "could not queue " + command + " for " + requester, e);
            return context.ack(ephemeral(":x: " + SlackText.code(command.text()) + " could not be queued: "
                    + SlackText.text(e.getMessage()) + ". Nothing was done; try again later."));
        }
        return context.ack(ephemeral(":hourglass_flowing_sand: Working on it: " + SlackText.code(command.text())));
    }

    Response press(BotButton button, BlockActionRequest request, ActionContext context) {
        BlockActionPayload payload = request.getPayload();
        String value = payload.getActions().stream()
                .filter(a -> button.actionId().equals(a.getActionId()))
                .map(BlockActionPayload.Action::getValue)
                .filter(Objects::nonNull)
                .findFirst().orElse("");
        Requester requester = new Requester(payload.getTeam() == null ? null : payload.getTeam().getId(),
                payload.getUser().getId(), payload.getChannel() == null ? null : payload.getChannel().getId(),
                payload.getResponseUrl());
        ButtonClick click = new ButtonClick(button, value, requester,
                payload.getContainer() == null ? null : payload.getContainer().getMessageTs(), payload.getTriggerId());
        if (actions.pressed(click)) {
            try {
                queue.submit(new WorkItem.Press(click));
            } catch (WorkRefusedException e) {
                LOG.log(System.Logger.Level.ERROR, "could not queue " + click, e);
            }
        }
        return context.ack();
    }

    private static SlashCommandResponse ephemeral(String mrkdwn) {
        return SlashCommandResponse.builder().responseType("ephemeral").text(mrkdwn).build();
    }
}
