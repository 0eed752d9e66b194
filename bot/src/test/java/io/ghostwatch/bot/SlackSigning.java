package io.ghostwatch.bot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests the way Slack does (written out here, not borrowed from the code under test), and builds slash
 * command bodies shaped like Slack's. Public for the benchmark ({@code io.ghostwatch.bot.bench}).
 */
public final class SlackSigning {

    /** The signing secret the tests' bots use; also the one documented in events/README.md. */
    public static final String SECRET = "ghostwatch-test-signing-secret-not-real";
    static final String USER = "U0ONCALL1";
    static final String CHANNEL = "C0GHOSTW1";

    private SlackSigning() {
    }

    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form body Slack POSTs for {@code /ghostwatch <text>}. */
    public static String slashCommand(String text, String responseUrl) {
        return slashCommand(USER, text, responseUrl);
    }

    /** The same, sent by {@code user}. */
    static String slashCommand(String user, String text, String responseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "gIkuvaNzQIHg97ATvDxqgjtO");
        form.put("team_id", "T0GHOSTW1");
        form.put("team_domain", "ghostwatch-test");
        form.put("channel_id", CHANNEL);
        form.put("channel_name", "ghostwatch");
        form.put("user_id", user);
        form.put("user_name", "oncall");
        form.put("command", "/ghostwatch");
        form.put("text", text);
        form.put("api_app_id", "A0GHOSTW1");
        form.put("is_enterprise_install", "false");
        form.put("response_url", responseUrl);
        form.put("trigger_id", "1795255200001.1795255200.0123456789abcdef0123456789abcdef");
        return form(form);
    }

    /** The form body Slack POSTs when a button is pressed: {@code payload=<block_actions JSON>}. */
    static String buttonPress(String actionId, String value, String responseUrl) {
        return buttonPress(USER, actionId, value, responseUrl);
    }

    /** The same, pressed by {@code user}. */
    static String buttonPress(String user, String actionId, String value, String responseUrl) {
        String json = """
                {"type":"block_actions","team":{"id":"T0GHOSTW1","domain":"ghostwatch-test"},
                 "user":{"id":"%s","username":"oncall","team_id":"T0GHOSTW1"},"api_app_id":"A0GHOSTW1",
                 "token":"gIkuvaNzQIHg97ATvDxqgjtO","container":{"type":"message","message_ts":"1795255100.000100",
                 "channel_id":"%s","is_ephemeral":false},"trigger_id":"1795255200001.1795255200.0123",
                 "channel":{"id":"%s","name":"ghostwatch"},"response_url":"%s",
                 "actions":[{"action_id":"%s","block_id":"fix","text":{"type":"plain_text","text":"Approve"},
                 "value":"%s","type":"button","action_ts":"1795255200.000200"}]}
                """.formatted(user, CHANNEL, CHANNEL, responseUrl, actionId, value);
        return form(Map.of("payload", json));
    }

    /** The form body Slack POSTs when a modal is submitted: {@code payload=<view_submission JSON>}. */
    static String viewSubmission(String user, String callbackId, String privateMetadata, Map<String, String> inputs) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode p = json.createObjectNode();
        p.put("type", "view_submission");
        p.putObject("team").put("id", "T0GHOSTW1").put("domain", "ghostwatch-test");
        p.putObject("user").put("id", user).put("username", "oncall").put("team_id", "T0GHOSTW1");
        p.put("api_app_id", "A0GHOSTW1");
        p.put("token", "gIkuvaNzQIHg97ATvDxqgjtO");
        p.put("trigger_id", "1795255200001.1795255200.0456");
        com.fasterxml.jackson.databind.node.ObjectNode view = p.putObject("view");
        view.put("id", "V0GHOSTW1");
        view.put("type", "modal");
        view.put("callback_id", callbackId);
        view.put("private_metadata", privateMetadata);
        com.fasterxml.jackson.databind.node.ObjectNode values = view.putObject("state").putObject("values");
        inputs.forEach((block, value) -> values.putObject(block).putObject("seconds").put("type", "plain_text_input")
                .put("value", value));
        return form(Map.of("payload", p.toString()));
    }

    static Map<String, List<String>> headers(String secret, long timestamp, String body) {
        return Map.of("Content-Type", List.of("application/x-www-form-urlencoded"),
                "X-Slack-Request-Timestamp", List.of(Long.toString(timestamp)),
                "X-Slack-Signature", List.of(signature(secret, timestamp, body)));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
