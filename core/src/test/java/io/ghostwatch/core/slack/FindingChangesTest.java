package io.ghostwatch.core.slack;

import static io.ghostwatch.core.slack.SlackReports.fail;
import static io.ghostwatch.core.slack.SlackReports.pass;
import static io.ghostwatch.core.slack.SlackReports.report;
import static io.ghostwatch.core.slack.SlackReports.withFindings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingChangesTest {

    private static final String NODE = "10.0.0.5:6379";
    private static final FindingKey TIMEOUT = new FindingKey("lab-1", NODE, "redis_idle_timeout_enabled");
    private static final FindingKey KEEPALIVE = new FindingKey("lab-1", NODE, "redis_tcp_keepalive_enabled");
    private static final FindingKey BIND = new FindingKey("lab-1", NODE, "redis_bind_restricted");

    private static StoredFinding stored(FindingKey key) {
        return new StoredFinding(key, Severity.HIGH, "was bad before.");
    }

    @Test
    void firstRunEveryFailureIsNew() {
        AuditReport r = report(withFindings("lab-1", List.of(fail(TIMEOUT.checkId(), NODE, Severity.HIGH, "bad."),
                pass(KEEPALIVE.checkId(), NODE))));

        FindingChanges c = FindingChanges.firstRun(r);

        assertThat(c.open()).containsExactly(Map.entry(TIMEOUT, FindingState.NEW));
        assertThat(c.resolved()).isEmpty();
        assertThat(c.unchecked()).isEmpty();
    }

    @Test
    void stillFailingIsStillOpenAndPassingNowIsResolvedWithItsLastDetail() {
        AuditReport r = report(withFindings("lab-1", List.of(fail(TIMEOUT.checkId(), NODE, Severity.HIGH, "bad."),
                pass(KEEPALIVE.checkId(), NODE), fail(BIND.checkId(), NODE, Severity.CRITICAL, "open."))));

        FindingChanges c = FindingChanges.compute(List.of(stored(TIMEOUT), stored(KEEPALIVE)), r);

        assertThat(c.open()).containsOnly(Map.entry(TIMEOUT, FindingState.STILL_OPEN), Map.entry(BIND, FindingState.NEW));
        assertThat(c.resolved()).containsExactly(stored(KEEPALIVE));
        assertThat(c.keys(FindingState.NEW)).containsExactly(BIND);
        assertThat(c.keys(FindingState.STILL_OPEN)).containsExactly(TIMEOUT);
        assertThat(c.keys(FindingState.RESOLVED)).containsExactly(KEEPALIVE);
    }

    @Test
    void notApplicableNowCountsAsResolved() {
        AuditReport r = report(withFindings("lab-1", List.of(Finding.notApplicable(TIMEOUT.checkId(), NODE, "a Sentinel."))));
        assertThat(FindingChanges.compute(List.of(stored(TIMEOUT)), r).resolved()).containsExactly(stored(TIMEOUT));
    }

    @Test
    void silenceIsNeverAFix_unreachableTargetOrCheckErrorLeavesItUnchecked() {
        FindingKey elsewhere = new FindingKey("lab-2", NODE, "redis_idle_timeout_enabled");
        AuditReport r = report(
                withFindings("lab-1", List.of(Finding.error(TIMEOUT.checkId(), NODE, "cannot read timeout.", Map.of()))),
                SlackReports.unreachable("lab-2"));

        FindingChanges c = FindingChanges.compute(List.of(stored(TIMEOUT), stored(elsewhere)), r);

        assertThat(c.resolved()).isEmpty();
        assertThat(c.open()).isEmpty();
        assertThat(c.unchecked()).extracting(StoredFinding::key).containsExactly(TIMEOUT, elsewhere);
    }

    @Test
    void inputsThatDisagreeAreRefused() {
        AuditReport r = report(withFindings("lab-1", List.of(fail(TIMEOUT.checkId(), NODE, Severity.HIGH, "bad."))));
        assertThatThrownBy(() -> FindingChanges.compute(List.of(stored(TIMEOUT), stored(TIMEOUT)), r))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new DigestInput(r, FindingChanges.firstRun(report()), Set.of(), Map.of()))
                .hasMessageContaining(TIMEOUT.value()).hasMessageContaining("has no state");
        assertThatThrownBy(() -> new FindingChanges(Map.of(TIMEOUT, FindingState.NEW), List.of(stored(TIMEOUT)), List.of()))
                .hasMessageContaining("both open and resolved");
        assertThatThrownBy(() -> new FindingChanges(Map.of(TIMEOUT, FindingState.RESOLVED), List.of(), List.of()))
                .hasMessageContaining("not RESOLVED");
    }
}
