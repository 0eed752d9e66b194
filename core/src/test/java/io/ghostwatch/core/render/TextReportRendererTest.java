package io.ghostwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.Snapshots;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextReportRendererTest {

    private static AuditReport hostileReport() {
        var clients = ClientInfo.parseList(Reports.hostileClientList());
        return Reports.report(Reports.audited(Reports.target("lab-1"), Snapshots.standalone()
                .census(Readout.known(ClientCensus.of(clients, 63, 2))).build()));
    }

    @Test
    void capturedMasterReadsWorstFirstWithFixCommands() {
        String out = new TextReportRenderer(false).render(Reports.report(Reports.audited(Reports.target("lab-1"),
                Snapshots.standalone().clients("client-list-7.0-master-mixed.txt", 63, 2).build())));

        assertThat(out).contains("■ lab-1  rediss://auditor@10.0.0.5:6379  standalone · redis 7.0.15 · 1 node");
        assertThat(out).contains("  tags: team=payments");
        assertThat(out).contains("  FAIL HIGH  redis_idle_timeout_enabled  10.0.0.5:6379\n"
                + "    lab-1 (10.0.0.5:6379) never closes idle clients (timeout 0).\n");
        assertThat(out).contains("      CONFIG SET timeout 86400\n      CONFIG REWRITE\n");
        assertThat(out.indexOf("FAIL HIGH")).isLessThan(out.indexOf("FAIL LOW"));
        assertThat(out).contains("  PASS 4: ");
        assertThat(out).contains("  clients: 8 connection(s) from 2 address(es), 4 idle > 2 s");
        assertThat(out).contains("names $(reboot),<!channel>,orders-pool");
        assertThat(out).doesNotContain("\u001b");
    }

    @Test
    void hostileClientNamesAndAddressesAreInertWithoutColour() {
        String out = new TextReportRenderer(false).render(hostileReport());

        assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e");
        assertThat(out).contains("\\x1b[31mEVIL\\x1b[0m");
        assertThat(out).contains("invoice\\u202egnp.exe");
        // the OSC address reaches the idle-connections finding's detail
        assertThat(out).contains("1 from \\x1b]0;pwned\\x07");
    }

    @Test
    void withColourTheOnlyEscapeSequencesAreGhostwatchsOwnStyles() {
        String out = new TextReportRenderer(true).render(hostileReport());

        Matcher m = Pattern.compile("\u001b(.{0,6})").matcher(out);
        while (m.find()) {
            assertThat(m.group(1)).matches("\\[(0|1|2|31|32|33|36|1;31)m.*");
        }
        assertThat(out).contains("\u001b[1m").doesNotContain("\u001b[31mEVIL").doesNotContain("\u001b]0;");
        assertThat(out).contains("\\x1b[31mEVIL");
    }

    @Test
    void unavailableTargetShowsItsErrorInert() {
        String out = new TextReportRenderer(false).render(Reports.report(TargetReport.unavailable(Reports.target("lab-2"),
                AuditStatus.ERROR, "the server refused: \u001b[2J-ERR nope", 3)));

        assertThat(out).contains("■ lab-2  rediss://auditor@10.0.0.5:6379  ERROR\n  the server refused: \\x1b[2J-ERR nope\n");
    }

    @Test
    void thePasswordNeverAppears() {
        assertThat(Reports.target("lab-1").connectionSettings(Reports.POLICY, Secrets.environmentOnly(Reports.ENV)).password())
                .isEqualTo(Reports.SECRET);

        assertThat(new TextReportRenderer(true).render(hostileReport())).doesNotContain(Reports.SECRET);
        assertThat(new TextReportRenderer(false).render(hostileReport())).doesNotContain(Reports.SECRET);
    }

    @Test
    void durations() {
        assertThat(TextReportRenderer.duration(59)).isEqualTo("59s");
        assertThat(TextReportRenderer.duration(61)).isEqualTo("1m1s");
        assertThat(TextReportRenderer.duration(3_600)).isEqualTo("1h0m");
        assertThat(TextReportRenderer.duration(90_061)).isEqualTo("1d1h");
    }
}
