package io.ghostwatch.bot.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.bot.command.CommandError;
import io.ghostwatch.bot.command.CommandParser;
import java.util.Objects;

/**
 * A {@link WorkItem} as the text of a queue message, and back. Version {@value #VERSION}:
 * <pre>
 * {"v":1,"kind":"command","command":"fix web timeout=300",
 *  "requester":{"teamId":"T..","userId":"U..","channelId":"C..","responseUrl":"https://hooks.slack.com/..."}}
 * {"v":1,"kind":"press","actionId":"ghostwatch_approve","value":"chg-7k2m9x4d1q","messageTs":"1795255100.000100",
 *  "requester":{...}}
 * </pre>
 * A command travels as its canonical {@link BotCommand#text()} and is parsed again on the way back, with the
 * {@link CommandParser} of the config the reader runs with: whatever a message says, only a parsed, allow-listed
 * command on a configured target comes out. A press travels as its button's {@code action_id} (one of
 * {@link BotButton}), the button's value (still untrusted: the actions check it against the change store), the
 * message's ts and who pressed. {@code teamId}, {@code channelId} and {@code messageTs} are left out when unknown.
 * <p>
 * The requester's {@code responseUrl} is in the message (the worker answers through it): it lets its holder post into
 * the channel for 30 minutes, so the queue is encrypted and readable only by the worker.
 */
public final class WorkItemJson {

    /** The format written, and the only one read. */
    public static final int VERSION = 1;

    static final String V = "v";
    static final String KIND = "kind";
    static final String COMMAND = "command";
    static final String PRESS = "press";
    static final String ACTION_ID = "actionId";
    static final String VALUE = "value";
    static final String MESSAGE_TS = "messageTs";
    static final String REQUESTER = "requester";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkItemJson() {
    }

    /** The item as one JSON document. */
    public static String write(WorkItem item) {
        Objects.requireNonNull(item, "item");
        ObjectNode root = JSON.createObjectNode();
        root.put(V, VERSION);
        switch (item) {
            case WorkItem.Command c -> {
                root.put(KIND, COMMAND);
                root.put(COMMAND, c.command().text());
            }
            case WorkItem.Press p -> {
                root.put(KIND, PRESS);
                root.put(ACTION_ID, p.click().button().actionId());
                root.put(VALUE, p.click().value());
                if (p.click().messageTs() != null) {
                    root.put(MESSAGE_TS, p.click().messageTs());
                }
            }
        }
        Requester r = item.requester();
        ObjectNode requester = root.putObject(REQUESTER);
        if (r.teamId() != null) {
            requester.put("teamId", r.teamId());
        }
        requester.put("userId", r.userId());
        if (r.channelId() != null) {
            requester.put("channelId", r.channelId());
        }
        requester.put("responseUrl", r.responseUrl());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a work item could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads an item {@link #write} wrote; the command is parsed again with {@code parser}.
     *
     * @throws MalformedWorkItemException naming the field that is missing, mistyped or refused
     */
    public static WorkItem read(String json, CommandParser parser) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(parser, "parser");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedWorkItemException("$", "is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedWorkItemException("$", "is not a JSON object");
        }
        JsonNode v = root.get(V);
        if (v == null || !v.isIntegralNumber()) {
            throw new MalformedWorkItemException(V, "is missing or not a whole number (this build reads version "
                    + VERSION + ")");
        }
        if (v.asLong() != VERSION) {
            throw new MalformedWorkItemException(V, "is " + v.asLong() + ", a version this build cannot read (it reads "
                    + VERSION + ")");
        }
        Requester requester = requester(root.get(REQUESTER));
        String kind = required(root, KIND, KIND);
        return switch (kind) {
            case COMMAND -> command(required(root, COMMAND, COMMAND), requester, parser);
            case PRESS -> {
                String actionId = required(root, ACTION_ID, ACTION_ID);
                BotButton button = BotButton.byActionId(actionId).orElseThrow(() -> new MalformedWorkItemException(
                        ACTION_ID, "'" + actionId + "' is not a Ghostwatch button (valid: " + buttons() + ")"));
                JsonNode value = root.get(VALUE);
                if (value == null || !value.isTextual()) {
                    throw new MalformedWorkItemException(VALUE, "is missing or not a string");
                }
                yield new WorkItem.Press(new ButtonClick(button, value.asText(), requester,
                        optional(root, MESSAGE_TS, MESSAGE_TS)));
            }
            default -> throw new MalformedWorkItemException(KIND, "is '" + kind + "', not " + COMMAND + " or " + PRESS);
        };
    }

    private static WorkItem command(String text, Requester requester, CommandParser parser) {
        BotCommand command;
        try {
            command = parser.parse(text);
        } catch (CommandError e) {
            throw new MalformedWorkItemException(COMMAND, "'" + text + "' is refused by this config: " + e.getMessage(), e);
        }
        if (command instanceof BotCommand.Help) {
            throw new MalformedWorkItemException(COMMAND, "is help, which is answered in the acknowledgement and never"
                    + " queued");
        }
        return new WorkItem.Command(command, requester);
    }

    private static Requester requester(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new MalformedWorkItemException(REQUESTER, "is missing or not an object");
        }
        return new Requester(optional(node, "teamId", REQUESTER + ".teamId"),
                required(node, "userId", REQUESTER + ".userId"),
                optional(node, "channelId", REQUESTER + ".channelId"),
                required(node, "responseUrl", REQUESTER + ".responseUrl"));
    }

    private static String required(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new MalformedWorkItemException(path, "is missing, empty or not a string");
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedWorkItemException(path, "is not a string");
        }
        return value.asText();
    }

    private static String buttons() {
        StringBuilder sb = new StringBuilder();
        for (BotButton b : BotButton.values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(b.actionId());
        }
        return sb.toString();
    }
}
