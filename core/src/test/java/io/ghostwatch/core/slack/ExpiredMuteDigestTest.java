package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.leakyLab;
import static io.ghostwatch.core.slack.SlackReports.openAfter;
import static io.ghostwatch.core.slack.SlackReports.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.config.SlackConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expired mutes are ignored, and the digest (full or one line) says so, with the config's reason escaped. */
class ExpiredMuteDigestTest {

    private static final Mute EXPIRED = new Mute("redis_bind_restricted", new Mute.Scope.Tag("team", "payments"),
            "accepted until the <!here> firewall & VPN move *done*", Instant.parse("2026-11-01T00:00:00Z"),
            "ghostwatch.yaml:30: mutes[0]");

    @Test
    void theFullDigestNamesTheExpiredMuteAndItsEscapedReason() {
        AuditReport r = report(leakyLab("lab-1"));
        SlackDigest d = new DigestRenderer().render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(), Map.of(),
                List.of(EXPIRED)));

        String changes = Wire.sectionTexts(Wire.blocks(d.digest())).stream().filter(t -> t.startsWith("*What changed:*"))
                .findFirst().orElseThrow();
        assertThat(changes).contains("\n*1 mute expired, ignored now:* `redis_bind_restricted` on tag `team=payments`"
                + " (expired 2026-11-01 00:00 UTC; reason: accepted until the &lt;!here&gt; firewall &amp; VPN move")
                .contains("renew or remove the entries in the config")
                .doesNotContain("<!here>").doesNotContain("*done*");
        assertThat(Wire.metadata(d.digest()).path("event_payload").path("expired_mutes_count").asInt()).isEqualTo(1);
    }

    @Test
    void aQuietRunStillMentionsIt() {
        AuditReport r = report(leakyLab("lab-1"));
        SlackDigest d = new DigestRenderer().render(new DigestInput(r, FindingChanges.compute(openAfter(r), r), Set.of(),
                Map.of(), List.of(EXPIRED, entry(EXPIRED, 1), entry(EXPIRED, 2), entry(EXPIRED, 3))));

        assertThat(d.quiet()).isTrue();
        assertThat(d.digest().text()).contains("; 4 mutes expired (`redis_bind_restricted` on tag `team=payments`,"
                + " `redis_bind_restricted` on tag `team=payments`, `redis_bind_restricted` on tag `team=payments` and"
                + " 1 more): renew or remove them in the config.");
    }

    /** The same mute written again further down the config (the digest counts config entries). */
    private static Mute entry(Mute m, int index) {
        return new Mute(m.checkId(), m.scope(), m.reason(), m.expires(), "ghostwatch.yaml:" + (30 + index) + ": mutes["
                + index + "]");
    }

    @Test
    void noExpiredMuteNoNote() {
        AuditReport r = report(leakyLab("lab-1"));
        SlackDigest d = new DigestRenderer().render(DigestInput.firstRun(r));
        assertThat(Wire.sectionTexts(Wire.blocks(d.digest()))).noneSatisfy(t -> assertThat(t).contains("expired"));
        assertThat(Wire.metadata(d.digest()).path("event_payload").path("expired_mutes_count").asInt()).isZero();
    }

    @Test
    void theConfigsListingBoundsAreTheRenderers() {
        assertThat(SlackConfig.MAX_LISTED).isEqualTo(DigestRenderer.MAX_FINDINGS_IN_DIGEST);
        assertThat(SlackConfig.DEFAULT_MAX_LISTED).isEqualTo(DigestRenderer.DEFAULT_FINDINGS_IN_DIGEST);
    }
}
