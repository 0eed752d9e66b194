package io.ghostwatch.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The fields Ghostwatch uses from an EventBridge "Scheduled Event". Anything else is refused with the
 * field that was wrong, so a mis-wired trigger is obvious in the logs.
 */
record ScheduleEvent(String id, String time) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static ScheduleEvent parse(InputStream input) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        String detailType = root.path("detail-type").asText(null);
        String source = root.path("source").asText(null);
        if (!"Scheduled Event".equals(detailType) || !"aws.events".equals(source)) {
            throw new IllegalArgumentException("not an EventBridge schedule event: detail-type='" + detailType
                    + "', source='" + source + "' (expected 'Scheduled Event' from 'aws.events')");
        }
        return new ScheduleEvent(root.path("id").asText(""), root.path("time").asText(""));
    }
}
