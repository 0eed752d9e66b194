package io.ghostwatch.functions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields Ghostwatch uses from an EventBridge "Scheduled Event", the input of a scheduled run of the audit's state
 * machine. Anything else is refused with the field that was wrong, so a mis-wired trigger is obvious in the logs.
 */
record ScheduleEvent(String id, String time) {

    /** The schedule event in a JSON object; anything else is refused, naming its detail-type and source. */
    static ScheduleEvent of(JsonNode root) {
        String detailType = root.path("detail-type").asText(null);
        String source = root.path("source").asText(null);
        if (!"Scheduled Event".equals(detailType) || !"aws.events".equals(source)) {
            throw new IllegalArgumentException("not an EventBridge schedule event: detail-type='" + detailType
                    + "', source='" + source + "' (expected 'Scheduled Event' from 'aws.events', or {} for a run started by hand)");
        }
        return new ScheduleEvent(root.path("id").asText(""), root.path("time").asText(""));
    }
}
