package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportLogTest {

    /** A target line shaped like the renderer's, with {@code nodes} nodes of about 2 KB of facts each. */
    private static ObjectNode target(int nodes, int findings) {
        ObjectNode line = EventJson.MAPPER.createObjectNode().put("event", "ghostwatch_target_report")
                .put("name", "sessions-cluster");
        line.putObject("census").put("connections", 12);
        ArrayNode n = line.putArray("nodes");
        for (int i = 0; i < nodes; i++) {
            n.addObject().put("node", "10.0.0." + i + ":7000").put("facts", "x".repeat(2_000));
        }
        ArrayNode f = line.putArray("findings");
        for (int i = 0; i < findings; i++) {
            f.addObject().put("checkId", "redis_idle_timeout_enabled").put("detail", "timeout 0")
                    .putObject("evidence").put("timeout", "0".repeat(500));
        }
        return line;
    }

    @Test
    void anOrdinaryTargetIsLoggedWhole() throws Exception {
        String text = ReportLog.fit(target(3, 6));

        JsonNode line = EventJson.MAPPER.readTree(text);
        assertThat(line.has("trimmed")).isFalse();
        assertThat(line.path("nodes")).hasSize(3);
    }

    @Test
    void aTargetOverCloudWatchsEventLimitLosesItsNodesDetailsFirstAndSaysSo() throws Exception {
        ObjectNode big = target(400, 6);
        assertThat(EventJson.MAPPER.writeValueAsBytes(big).length).isGreaterThan(ReportLog.MAX_LINE_BYTES);

        String text = ReportLog.fit(big);

        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ReportLog.MAX_LINE_BYTES);
        JsonNode line = EventJson.MAPPER.readTree(text);
        assertThat(line.path("nodes").asInt()).as("the count stays").isEqualTo(400);
        assertThat(line.path("trimmed")).extracting(JsonNode::asText).containsExactly("nodes");
        assertThat(line.path("findings")).hasSize(6).allSatisfy(f -> assertThat(f.has("evidence")).isTrue());
    }

    @Test
    void evidenceGoesLastWhenNothingElseIsLeftToTrim() throws Exception {
        String text = ReportLog.fit(target(0, 600));

        JsonNode line = EventJson.MAPPER.readTree(text);
        assertThat(line.path("trimmed")).extracting(JsonNode::asText).containsExactly("nodes", "census", "evidence");
        assertThat(line.path("findings")).hasSize(600).allSatisfy(f -> assertThat(f.has("evidence")).isFalse());
    }
}
