package io.ghostwatch.bot.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkItemJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CommandParser PARSER = new CommandParser(List.of("web", "cache"), Policy.defaults());
    private static final Requester FROM = new Requester("T0GHOSTW1", "U0ONCALL1", "C0GHOSTW1",
            "https://hooks.slack.com/commands/T0GHOSTW1/1795255200/abc");
    private static final Requester BARE = new Requester(null, "U0ONCALL1", null,
            "https://hooks.slack.com/commands/T0GHOSTW1/1795255200/def");

    /** One of every command kind that can be queued (help never is). */
    static Stream<Arguments> commands() {
        return Stream.of(
                arguments(new BotCommand.Audit("web")),
                arguments(new BotCommand.AuditAll()),
                arguments(new BotCommand.Status("cache")),
                arguments(new BotCommand.Fix("web", List.of(new ParameterChange(TunableParameter.TIMEOUT, 300)))),
                arguments(new BotCommand.Fix("web", List.of(new ParameterChange(TunableParameter.TIMEOUT, 86400),
                        new ParameterChange(TunableParameter.TCP_KEEPALIVE, 60)))),
                arguments(new BotCommand.KillIdle("cache", 3600)),
                arguments(new BotCommand.Rollback("chg-7k2m9x4d1q")),
                arguments(new BotCommand.Changes()),
                arguments(new BotCommand.TargetChanges("web")));
    }

    @Test
    void theRoundTripsCoverEveryCommandKindButHelp() {
        Set<Class<?>> covered = commands().map(a -> a.get()[0].getClass()).collect(Collectors.toSet());
        Set<Class<?>> kinds = Arrays.stream(BotCommand.class.getPermittedSubclasses())
                .filter(k -> k != BotCommand.Help.class).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(kinds);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commands")
    void aCommandComesBackAsItWent(BotCommand command) throws Exception {
        for (Requester requester : List.of(FROM, BARE)) {
            WorkItem item = new WorkItem.Command(command, requester);
            String json = WorkItemJson.write(item);
            assertThat(WorkItemJson.read(json, PARSER)).isEqualTo(item);
            JsonNode tree = JSON.readTree(json);
            assertThat(tree.path("v").asInt()).isEqualTo(1);
            assertThat(tree.path("kind").asText()).isEqualTo("command");
            assertThat(tree.path("command").asText()).as("the canonical text").isEqualTo(command.text());
        }
    }

    @Test
    void aCommandIsWrittenAsItsTextAndTheRequester() throws Exception {
        WorkItem item = new WorkItem.Command(new BotCommand.Fix("web", List.of(new ParameterChange(
                TunableParameter.TIMEOUT, 300))), FROM);
        assertThat(JSON.readTree(WorkItemJson.write(item))).isEqualTo(JSON.readTree("""
                {"v":1,"kind":"command","command":"fix web timeout=300",
                 "requester":{"teamId":"T0GHOSTW1","userId":"U0ONCALL1","channelId":"C0GHOSTW1",
                              "responseUrl":"https://hooks.slack.com/commands/T0GHOSTW1/1795255200/abc"}}"""));
    }

    @Test
    void everyButtonPressComesBackAsItWent() throws Exception {
        for (BotButton button : BotButton.values()) {
            for (String ts : Arrays.asList("1795255100.000100", null)) {
                WorkItem item = new WorkItem.Press(new ButtonClick(button, "chg-7k2m9x4d1q", ts == null ? BARE : FROM, ts));
                String json = WorkItemJson.write(item);
                assertThat(WorkItemJson.read(json, PARSER)).isEqualTo(item);
                JsonNode tree = JSON.readTree(json);
                assertThat(tree.path("kind").asText()).isEqualTo("press");
                assertThat(tree.path("actionId").asText()).isEqualTo(button.actionId());
                assertThat(tree.has("messageTs")).isEqualTo(ts != null);
            }
        }
    }

    @Test
    void textThatNeedsEscapingSurvives() {
        // the value is untrusted text from Slack: quotes, backslashes, newlines, markup, non-ASCII
        String value = "\"chg\"\\\n<!channel> &amp; \u00e9\u4e2d\ud83d\udc7b";
        WorkItem item = new WorkItem.Press(new ButtonClick(BotButton.REJECT, value, FROM, "1.2"));
        assertThat(WorkItemJson.read(WorkItemJson.write(item), PARSER)).isEqualTo(item);
    }

    @Test
    void theCommandIsParsedAgainWithTheReadersConfig() {
        String json = WorkItemJson.write(new WorkItem.Command(new BotCommand.Audit("web"), FROM));
        CommandParser otherConfig = new CommandParser(List.of("cache"), Policy.defaults());
        assertThatThrownBy(() -> WorkItemJson.read(json, otherConfig))
                .isInstanceOfSatisfying(MalformedWorkItemException.class, e -> assertThat(e.field()).isEqualTo("command"))
                .hasMessageContaining("'audit web' is refused by this config")
                .hasMessageContaining("is not a target in the config");
    }

    static Stream<Arguments> malformed() {
        String press = """
                {"v":1,"kind":"press","actionId":"ghostwatch_approve","value":"chg-7k2m9x4d1q",
                 "requester":{"userId":"U1","responseUrl":"https://hooks.slack.com/x"}}""";
        String command = """
                {"v":1,"kind":"command","command":"status web",
                 "requester":{"userId":"U1","responseUrl":"https://hooks.slack.com/x"}}""";
        return Stream.of(
                arguments("not json", "$", "is not JSON"),
                arguments("[1,2]", "$", "is not a JSON object"),
                arguments(command.replace("\"v\":1", "\"v\":\"1\""), "v", "not a whole number"),
                arguments(command.replace("\"v\":1,", ""), "v", "is missing"),
                arguments(command.replace("\"v\":1", "\"v\":2"), "v", "is 2, a version this build cannot read"),
                arguments(command.replace("\"kind\":\"command\"", "\"kind\":\"shell\""), "kind", "'shell', not command or press"),
                arguments(command.replace("\"kind\":\"command\",", ""), "kind", "is missing"),
                arguments(command.replace("\"command\":\"status web\"", "\"command\":7"), "command", "not a string"),
                arguments(command.replace("status web", "fix web dir=/tmp"), "command",
                        "'fix web dir=/tmp' is refused by this config: 'dir' is not a parameter Ghostwatch changes"),
                arguments(command.replace("status web", "help"), "command", "is help"),
                arguments(command.replace("\"requester\":{\"userId\":\"U1\",", "\"requester\":{"), "requester.userId",
                        "is missing"),
                arguments(command.replace("\"responseUrl\":\"https://hooks.slack.com/x\"", "\"responseUrl\":\"\""),
                        "requester.responseUrl", "is missing, empty"),
                arguments(command.replace("\"userId\":\"U1\"", "\"userId\":\"U1\",\"channelId\":5"),
                        "requester.channelId", "is not a string"),
                arguments(command.replace(",\n \"requester\":{\"userId\":\"U1\",\"responseUrl\":\"https://hooks.slack.com/x\"}", ""),
                        "requester", "is missing"),
                arguments(press.replace("ghostwatch_approve", "ghostwatch_drop_table"), "actionId",
                        "'ghostwatch_drop_table' is not a Ghostwatch button (valid: ghostwatch_propose_fix,"),
                arguments(press.replace("\"value\":\"chg-7k2m9x4d1q\"", "\"value\":null"), "value", "is missing"),
                arguments(press.replace("\"value\":\"chg-7k2m9x4d1q\"", "\"value\":\"x\",\"messageTs\":1.5"), "messageTs",
                        "is not a string"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformed")
    void aMalformedItemIsRefusedNamingTheField(String json, String field, String message) {
        assertThatThrownBy(() -> WorkItemJson.read(json, PARSER))
                .isInstanceOfSatisfying(MalformedWorkItemException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith("work item field '" + field + "' ")
                .hasMessageContaining(message);
    }

    @Test
    void aHandWrittenItemWithOnlyTheRequiredFieldsIsRead() {
        ObjectNode press = JSON.createObjectNode();
        press.put("v", 1).put("kind", "press").put("actionId", "ghostwatch_reject").put("value", "chg-7k2m9x4d1q");
        press.putObject("requester").put("userId", "U1").put("responseUrl", "https://hooks.slack.com/x");
        assertThat(WorkItemJson.read(press.toString(), PARSER)).isEqualTo(new WorkItem.Press(new ButtonClick(
                BotButton.REJECT, "chg-7k2m9x4d1q", new Requester(null, "U1", null, "https://hooks.slack.com/x"), null)));
    }
}
