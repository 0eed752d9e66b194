package io.ghostwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.trend.TrendResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendReportRendererTest {

    final TrendReportRenderer renderer = new TrendReportRenderer();
    final TrendResult leak = new TrendResult(true, 72.123456, 0.99987, Instant.parse("2026-03-02T00:00:00Z"),
            Instant.parse("2026-03-10T06:00:00Z"), "Rising about 72/day since 2026-03-02T00:00Z.");
    final TrendResult tooFew = new TrendResult(false, null, 0, null, null, "Too few samples: 3.");

    @Test
    void jsonHasExactlyTheDocumentedFields() throws Exception {
        JsonNode n = new ObjectMapper().readTree(renderer.json(leak, 96));
        assertThat(List.copyOf(n.properties()).stream().map(e -> e.getKey()).toList())
                .containsExactly("leaking", "slopePerDay", "confidence", "startedAt", "exhaustsAt", "reason", "points");
        assertThat(n.get("leaking").asBoolean()).isTrue();
        assertThat(n.get("slopePerDay").asDouble()).isEqualTo(72.12);
        assertThat(n.get("confidence").asDouble()).isEqualTo(1.0);
        assertThat(n.get("startedAt").asText()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(n.get("exhaustsAt").asText()).isEqualTo("2026-03-10T06:00:00Z");
        assertThat(n.get("points").asInt()).isEqualTo(96);
    }

    @Test
    void jsonHasNullsWhereNothingApplies() throws Exception {
        JsonNode n = new ObjectMapper().readTree(renderer.json(tooFew, 3));
        assertThat(n.get("leaking").asBoolean()).isFalse();
        assertThat(n.get("slopePerDay").isNull()).isTrue();
        assertThat(n.get("startedAt").isNull()).isTrue();
        assertThat(n.get("exhaustsAt").isNull()).isTrue();
        assertThat(n.get("confidence").asDouble()).isZero();
    }

    @Test
    void textLeadsWithTheVerdict() {
        assertThat(renderer.text(leak, 96, "a.csv")).startsWith("LEAKING: connected_clients has risen about 72 a day"
                + " since 2026-03-02 00:00 UTC; at this rate it reaches maxclients around 2026-03-10 06:00 UTC.\n")
                .contains("(confidence 1.00; 96 samples from a.csv)");
        assertThat(renderer.text(tooFew, 3, "b.csv")).startsWith("Cannot tell yet.\nToo few samples: 3.");
        TrendResult flat = new TrendResult(false, -0.4, 0.93, null, null, "No clear rise.");
        assertThat(renderer.text(flat, 50, "c.csv")).startsWith("Not leaking (-0.4/day).\nNo clear rise. (confidence 0.93");
    }
}
