package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.storage.InvalidRecordException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A digest part survives the trip from its shard to the publisher, block for block. */
class DigestPartJsonTest {

    private static DigestPart roundTrip(DigestPart part) throws InvalidRecordException {
        return DigestPartJson.read(DigestPartJson.write(part));
    }

    @Test
    void partsReadBackAssembleIntoTheSameDigestAndThread() throws Exception {
        DigestRenderer renderer = new DigestRenderer(3);
        List<DigestPart> parts = DigestPartsTest.shards(renderer, 2, 5);
        assertThat(parts).hasSize(3);
        List<DigestPart> carried = new java.util.ArrayList<>();
        for (DigestPart p : parts) {
            carried.add(roundTrip(p));
        }

        assertThat(SlackPreview.json("C0GHOSTW1", renderer.assemble(STARTED, 1234, new DigestParts(carried)), true))
                .isEqualTo(SlackPreview.json("C0GHOSTW1", renderer.assemble(STARTED, 1234, new DigestParts(parts)), true));
        assertThat(carried.getFirst()).as("records compare blocks by identity, so compare the rest")
                .usingRecursiveComparison().ignoringFields("listed.block", "details").isEqualTo(parts.getFirst());
        assertThat(DigestPartJson.write(carried.get(1))).isEqualTo(DigestPartJson.write(parts.get(1)));
    }

    @Test
    void aFailedShardsPartCarriesItsReason() throws Exception {
        DigestPart failed = DigestPart.notAudited(List.of("web-1", "web-2"), "shard 2 of 3 did not finish: timeout");

        assertThat(roundTrip(failed)).isEqualTo(failed);
    }

    @Test
    void chartsAreNotCarried() {
        AuditReport r = SlackReports.report(SlackReports.fixedLab("lab-1"));
        DigestPart withChart = new DigestRenderer().part(new DigestInput(r, FindingChanges.firstRun(r), java.util.Set.of(),
                Map.of("lab-1", new ChartImage(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, "lab-1 trend",
                        "connections of lab-1"))));

        assertThatThrownBy(() -> DigestPartJson.write(withChart)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("charts are not carried between shards");
    }

    @Test
    void aDamagedPartNamesTheField() {
        ObjectNode json = DigestPartJson.write(DigestPart.notAudited(List.of("web-1"), "timeout"));
        json.put("targets", "many");
        assertThatThrownBy(() -> DigestPartJson.read(json)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("not a digest part: field \"targets\" is missing or not a whole number");

        ObjectNode noList = DigestPartJson.write(DigestPart.notAudited(List.of("web-1"), "timeout"));
        noList.remove("listed");
        assertThatThrownBy(() -> DigestPartJson.read(noList)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("not a digest part: field \"listed\" is missing or not an array");

        ObjectNode badStatus = DigestPartJson.write(DigestPart.notAudited(List.of("web-1"), "timeout"));
        ((ObjectNode) badStatus.get("unaudited").get(0)).put("status", "AUDITED");
        assertThatThrownBy(() -> DigestPartJson.read(badStatus)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("an audited target is not unaudited");
    }
}
