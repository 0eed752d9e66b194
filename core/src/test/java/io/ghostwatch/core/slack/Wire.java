package io.ghostwatch.core.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.RequestFormBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;

/** A message as the SDK puts it on the wire (its own form builder), read back as JSON for assertions. */
final class Wire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {
    }

    static Map<String, String> form(SlackMessage m) {
        FormBody body = RequestFormBuilder.toForm(SlackPoster.request("C0GHOSTW1", null, m)).build();
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < body.size(); i++) {
            form.put(body.name(i), body.value(i));
        }
        return form;
    }

    static JsonNode blocks(SlackMessage m) {
        return parse(form(m).get("blocks"));
    }

    static JsonNode metadata(SlackMessage m) {
        return parse(form(m).get("metadata"));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every text object's text, in document order, with its type. */
    static List<JsonNode> textObjects(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            String type = node.path("type").asText();
            if ((type.equals("mrkdwn") || type.equals("plain_text")) && node.has("text")) {
                out.add(node);
            }
            node.properties().forEach(e -> collect(e.getValue(), out));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    static List<String> buttonValues(JsonNode blocks) {
        List<String> values = new ArrayList<>();
        for (JsonNode b : blocks) {
            JsonNode a = b.path("accessory");
            if (a.path("type").asText().equals("button")) {
                values.add(a.path("value").asText());
            }
        }
        return values;
    }

    static List<String> sectionTexts(JsonNode blocks) {
        List<String> texts = new ArrayList<>();
        for (JsonNode b : blocks) {
            if (b.path("type").asText().equals("section") && b.has("text")) {
                texts.add(b.path("text").path("text").asText());
            }
        }
        return texts;
    }
}
