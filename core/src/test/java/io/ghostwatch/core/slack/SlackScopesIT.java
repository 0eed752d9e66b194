package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.TOKEN;
import static io.ghostwatch.core.slack.SlackReports.leakyLab;
import static io.ghostwatch.core.slack.SlackReports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.testing.SlackApiStandIn;
import io.ghostwatch.core.testing.SlackAppManifest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The app's scopes are the manifest's: every Slack test runs against a stand-in whose token carries exactly those and
 * is refused like Slack refuses a method needing another. Here: the manifest grants what the methods need and nothing
 * more, and a missing scope is a failure that names it.
 */
class SlackScopesIT {

    @Test
    void theManifestGrantsExactlyWhatTheMethodsNeedAndTheSlashCommand() {
        Set<String> needed = new TreeSet<>(SlackApiStandIn.SCOPES.values());
        needed.add("commands"); // /ghostwatch itself
        assertThat(SlackAppManifest.load().botScopes()).containsExactlyInAnyOrderElementsOf(needed)
                .containsExactlyInAnyOrder("commands", "chat:write", "files:write", "usergroups:read");
    }

    @Test
    void aMethodWhoseScopeTheAppLacksIsRefusedNamingTheScope() {
        AuditReport r = report(leakyLab("lab-1"));
        ChartImage chart = new ChartImage(Charts.PNG, "lab-1 connections", "rising");
        SlackDigest digest = new DigestRenderer().render(new DigestInput(r, FindingChanges.firstRun(r), Set.of(),
                Map.of("lab-1", chart)));
        try (SlackApiStandIn slack = SlackApiStandIn.start(TOKEN, List.of("chat:write"));
             SlackPoster poster = new SlackPoster(SlackSettings.fromEnvironment(Map.of(SlackSettings.API_URL_VARIABLE,
                     slack.apiUrl())), BotToken.of(TOKEN), pause -> { })) {
            DigestDelivery delivery = poster.post(SlackApiStandIn.CHANNEL_ID, digest);

            assertThat(delivery.complete()).isFalse();
            assertThat(delivery.threadFailures()).singleElement().satisfies(f -> {
                assertThat(f.error()).isEqualTo("missing_scope");
                assertThat(f.kind()).isEqualTo(SlackFailure.Kind.PERMANENT);
            });
            assertThatThrownBy(() -> poster.userGroupMembers("S0APPROVE")).isInstanceOf(SlackDeliveryException.class)
                    .hasMessageContaining("missing_scope");
        }
    }
}
