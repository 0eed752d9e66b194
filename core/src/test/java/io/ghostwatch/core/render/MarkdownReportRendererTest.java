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
import org.junit.jupiter.api.Test;

class MarkdownReportRendererTest {

    private final MarkdownReportRenderer renderer = new MarkdownReportRenderer();

    private static AuditReport hostileReport() {
        var clients = ClientInfo.parseList(Reports.hostileClientList());
        return Reports.report(Reports.audited(Reports.target("lab-1"), Snapshots.standalone()
                .census(Readout.known(ClientCensus.of(clients, 63, 2))).build()));
    }

    @Test
    void capturedMasterAsMarkdown() {
        String out = renderer.render(Reports.report(Reports.audited(Reports.target("lab-1"),
                Snapshots.standalone().clients("client-list-7.0-master-mixed.txt", 63, 2).build())));

        assertThat(out).startsWith("# Ghostwatch audit\n\nStarted 2026-11-21T10:00:00Z, 1 target(s) in 1234 ms.\n");
        assertThat(out).contains("| HIGH | 1 |");
        assertThat(out).contains("\n## lab\\-1\n\n`rediss://auditor@10.0.0.5:6379` · standalone · AUDITED\n");
        assertThat(out).contains("| **FAIL HIGH** | `redis_idle_timeout_enabled` | `10.0.0.5:6379` | lab\\-1 \\(10\\.0\\.0\\.5:6379\\)"
                + " never closes idle clients \\(timeout 0\\)\\. |");
        assertThat(out).contains("- `CONFIG SET timeout 86400`: ");
        assertThat(out).contains("| 127\\.0\\.0\\.1 | 7 | 0 | 0 | $\\(reboot\\), &lt;\\!channel&gt;, orders\\-pool |");
    }

    @Test
    void hostileClientNamesComeOutInert() {
        String out = renderer.render(hostileReport());

        assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e");
        assertThat(out).doesNotContain("<script>").doesNotContain("<!channel>");
        assertThat(out).contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;");
        assertThat(out).contains("\\\\x1b\\[31mEVIL\\\\x1b\\[0m");
        assertThat(out).contains("invoice\\\\u202egnp\\.exe");
        // every census row stays one table row: no raw newline or pipe from a name
        assertThat(out.lines().filter(l -> l.startsWith("| 127"))).singleElement().satisfies(l ->
                assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(6));
    }

    @Test
    void hostileAddressInAFindingDetailIsInert() {
        String out = renderer.render(hostileReport());

        assertThat(out).contains("1 from \\\\x1b\\]0;pwned\\\\x07");
    }

    @Test
    void unavailableTargetErrorIsQuotedInert() {
        String out = renderer.render(Reports.report(TargetReport.unavailable(Reports.target("lab-2"), AuditStatus.ERROR,
                "the server refused: <img src=x onerror=alert(1)>", 3)));

        assertThat(out).contains("> the server refused: &lt;img src=x onerror=alert\\(1\\)&gt;\n");
        assertThat(out).doesNotContain("<img");
    }

    @Test
    void thePasswordNeverAppears() {
        assertThat(Reports.target("lab-1").connectionSettings(Reports.POLICY, Secrets.environmentOnly(Reports.ENV)).password())
                .isEqualTo(Reports.SECRET);

        assertThat(renderer.render(hostileReport())).doesNotContain(Reports.SECRET);
    }
}
