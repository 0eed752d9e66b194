package io.ghostwatch.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.trend.TrendResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A {@link TrendResult} as text for a person and as stable JSON for scripts. JSON fields: {@code leaking},
 * {@code slopePerDay}, {@code confidence}, {@code startedAt}, {@code exhaustsAt} (null where not applicable),
 * {@code reason}, {@code points} (samples read). Built as a Jackson tree, never by string formatting.
 */
public final class TrendReportRenderer {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public String json(TrendResult result, int points) {
        try {
            return MAPPER.writeValueAsString(tree(result, points)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the trend result", e);
        }
    }

    public ObjectNode tree(TrendResult result, int points) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("leaking", result.leaking());
        if (result.slopePerDay() == null) {
            n.putNull("slopePerDay");
        } else {
            n.put("slopePerDay", Math.round(result.slopePerDay() * 100) / 100.0);
        }
        n.put("confidence", Math.round(result.confidence() * 1000) / 1000.0);
        n.put("startedAt", result.startedAt() == null ? null : result.startedAt().toString());
        n.put("exhaustsAt", result.exhaustsAt() == null ? null : result.exhaustsAt().toString());
        n.put("reason", result.reason());
        n.put("points", points);
        return n;
    }

    /** A sentence or two: the verdict first, then the detector's reason. */
    public String text(TrendResult r, int points, String source) {
        String head;
        if (r.leaking()) {
            head = String.format(Locale.ROOT, "LEAKING: connected_clients has risen about %s a day since %s", magnitude(r),
                    minutes(r.startedAt()))
                    + (r.exhaustsAt() == null ? "; maxclients unknown, so no date for when it runs out."
                    : "; at this rate it reaches maxclients around " + minutes(r.exhaustsAt()) + ".");
        } else if (r.slopePerDay() == null) {
            head = "Cannot tell yet.";
        } else {
            head = String.format(Locale.ROOT, "Not leaking (%s/day).", signed(r.slopePerDay()));
        }
        return String.format(Locale.ROOT, "%s%n%s (confidence %.2f; %d samples from %s)%n", head, r.reason(),
                r.confidence(), points, source);
    }

    static String minutes(Instant t) {
        return MINUTES.format(t);
    }

    private static String magnitude(TrendResult r) {
        double v = r.slopePerDay();
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.0f" : "%.1f", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%+.0f" : "%+.1f", v);
    }
}
