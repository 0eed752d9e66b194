package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ProbeResult;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.Snapshots;
import org.junit.jupiter.api.Test;

/** connected_clients counts Ghostwatch's own connection; the check subtracts it. */
class ConnectionHeadroomCheckTest {

    private static final ProbeResult PASSWORD_REQUIRED = new ProbeResult.AuthRequired(true, "NOAUTH Authentication required.");

    private final ConnectionHeadroomCheck check = new ConnectionHeadroomCheck();

    private Finding evaluate(Snapshots.Builder s, Policy p) {
        return check.evaluate(new CheckContext("lab-1", s.build(), p));
    }

    private Finding evaluate(Snapshots.Builder s) {
        return evaluate(s, Policy.defaults());
    }

    private static Snapshots.Builder connected(long connectedClients) {
        return Snapshots.standalone().info("connected_clients", Long.toString(connectedClients));
    }

    @Test
    void capturedIdleServerHasHeadroom() {
        Finding f = evaluate(Snapshots.standalone());

        assertThat(f.checkId()).isEqualTo("redis_connection_headroom");
        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) has headroom: 0 of 10000 connections in use (0.0%).");
        assertThat(f.evidence()).containsExactly(
                org.assertj.core.api.Assertions.entry("connected_clients", "0"),
                org.assertj.core.api.Assertions.entry("maxclients", "10000"),
                org.assertj.core.api.Assertions.entry("used", "0.0%"),
                org.assertj.core.api.Assertions.entry("rejected_connections", "0"));
    }

    @Test
    void atHeadroomPercentFailsHigh() {
        Finding f = evaluate(connected(8_001)); // 8000 of 10000 besides Ghostwatch

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) is near maxclients: 8000 of 10000 connections in use"
                + " (80.0%), at or above headroomPercent 80%.");
        assertThat(f.evidence()).containsEntry("used", "80.0%");
        // the captured server runs with timeout 0, so the plan reaps idle clients before raising the limit
        assertThat(f.fix().commands()).containsExactly("CLIENT LIST", "CONFIG SET timeout 86400", "CONFIG REWRITE",
                "CONFIG SET maxclients <higher>");
    }

    @Test
    void justBelowHeadroomPercentPasses() {
        Finding f = evaluate(connected(8_000)); // 7999 of 10000 = 79.99%

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.evidence()).containsEntry("used", "80.0%").containsEntry("connected_clients", "7999");
    }

    @Test
    void withTimeoutAlreadySetThePlanDoesNotTouchIt() {
        Finding f = evaluate(connected(9_500).timeout(3_600));

        assertThat(f.fix().commands()).containsExactly("CLIENT LIST", "CONFIG SET maxclients <higher>");
    }

    @Test
    void headroomPercentFromPolicy() {
        Policy p = Policy.defaults().withAssignment("headroomPercent=50");

        assertThat(evaluate(connected(51).maxclients(100), p).severity()).isEqualTo(Severity.HIGH);
        assertThat(evaluate(connected(50).maxclients(100), p).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void headroomPercent100FailsOnlyWhenFull() {
        Policy p = Policy.defaults().withAssignment("headroomPercent=100");

        assertThat(evaluate(connected(101).maxclients(100), p).severity()).isEqualTo(Severity.HIGH);
        assertThat(evaluate(connected(100).maxclients(100), p).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void rejectionsOnAPasswordProtectedServerAreCritical() {
        Finding f = evaluate(Snapshots.standalone().info("rejected_connections", "3").probe(PASSWORD_REQUIRED));

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) has already turned away 3 connection(s) since it"
                + " started; 0 of 10000 connections in use (0.0%).");
        assertThat(f.evidence()).containsEntry("rejected_connections", "3").doesNotContainKey("note");
        assertThat(f.fix().commands()).contains("CLIENT LIST", "CONFIG SET maxclients <higher>");
    }

    @Test
    void rejectionsWithProtectedModeOffAreCritical() {
        Finding f = evaluate(Snapshots.standalone().info("rejected_connections", "3").protectedMode(false)
                .probe(new ProbeResult.Accepted(true)));

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void rejectionsThatMayBeProtectedModeRefusalsAreOnlyEvidenceWhileThereIsHeadroom() {
        // the captured server: protected-mode yes and no password, so Redis counts its refusals as rejections
        Finding f = evaluate(Snapshots.standalone().info("rejected_connections", "3").probe(new ProbeResult.Accepted(true)));

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.evidence()).containsEntry("rejected_connections", "3")
                .containsEntry("note", "rejected_connections also counts protected-mode refusals on this server");
    }

    @Test
    void rejectionsAreNotProtectedModeRefusalsWhenTheNetworkProbeGotIn() {
        // an unauthenticated PING over a non-loopback address was answered: protected mode is refusing no one
        // (e.g. 6.2 with a bind address), so the rejections were maxclients turning clients away
        Finding f = evaluate(Snapshots.standalone().info("rejected_connections", "3").protectedMode(true)
                .probe(new ProbeResult.Accepted(false)));

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).doesNotContainKey("note");
    }

    @Test
    void ambiguousRejectionsNearTheLimitAreCritical() {
        Finding f = evaluate(connected(8_001).info("rejected_connections", "3").probe(new ProbeResult.Accepted(true)));

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).contains("has already turned away 3 connection(s)");
    }

    @Test
    void maxclientsFromInfoWhenConfigIsRefused() {
        Finding f = evaluate(connected(8_001).configUnreadable(Snapshots.CONFIG_NOPERM));

        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.evidence()).containsEntry("maxclients", "10000");
    }

    @Test
    void maxclientsUnreadableEverywhereIsAnError() {
        Finding f = evaluate(Snapshots.standalone().configUnreadable(Snapshots.CONFIG_RENAMED).info("maxclients", null));

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).startsWith("Cannot compute connection headroom on lab-1 (10.0.0.5:6379): maxclients"
                + " unreadable: CONFIG is renamed or disabled (ERR unknown command 'CONFIG'");
        assertThat(f.evidence()).containsEntry("connected_clients", "1");
    }

    @Test
    void missingConnectedClientsIsAnError() {
        Finding f = evaluate(Snapshots.standalone().info("connected_clients", null));

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).isEqualTo("Cannot compute connection headroom on lab-1 (10.0.0.5:6379): INFO has no"
                + " connected_clients.");
        assertThat(f.evidence()).containsEntry("connected_clients", "unknown");
    }

    @Test
    void sentinelIsNotApplicable() {
        Finding f = evaluate(Snapshots.sentinel());

        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) is a Sentinel: it holds no application clients.");
    }

    @Test
    void readoutKnownMaxclientsWins() {
        // CONFIG's maxclients is preferred over INFO's when both are there
        Finding f = evaluate(connected(51).maxclients(Readout.known(60L)));

        assertThat(f.evidence()).containsEntry("maxclients", "60").containsEntry("used", "83.3%");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
    }
}
