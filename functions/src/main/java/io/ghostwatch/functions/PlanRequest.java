package io.ghostwatch.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.ghostwatch.core.run.AuditRun;
import java.io.IOException;
import java.io.InputStream;

/**
 * What the state machine hands the plan: the run (its execution name and start time) and what started it, as
 * {@code {"runId": "$$.Execution.Name", "startedAt": "$$.Execution.StartTime", "trigger": <the execution input>}}.
 * The trigger is the EventBridge schedule event, or an empty object for a run started by hand
 * ({@code aws stepfunctions start-execution --input '{}'}); anything else is refused, naming what it is.
 *
 * @param scheduledTime the schedule event's time, or null for a run by hand
 * @param eventId       the schedule event's ID, or null for a run by hand
 */
record PlanRequest(AuditRun run, String scheduledTime, String eventId) {

    static final String EVENT = "plan request";

    static PlanRequest parse(InputStream input) throws IOException {
        JsonNode root = EventJson.object(input, EVENT);
        JsonNode trigger = root.get("trigger");
        if (trigger == null || !trigger.isObject()) {
            throw new IllegalArgumentException("the " + EVENT + " has no \"trigger\" object: the state machine passes the"
                    + " execution input there (an EventBridge schedule event, or {} for a run by hand)");
        }
        AuditRun run = new AuditRun(EventJson.text(root, "runId", EVENT), EventJson.instant(root, "startedAt", EVENT));
        if (trigger.isEmpty()) {
            return new PlanRequest(run, null, null);
        }
        ScheduleEvent schedule = ScheduleEvent.of(trigger);
        return new PlanRequest(run, schedule.time(), schedule.id());
    }

    boolean byHand() {
        return eventId == null;
    }
}
