package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.testing.Snapshots;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpKeepaliveCheckTest {

    private final TcpKeepaliveCheck check = new TcpKeepaliveCheck();

    private Finding evaluate(NodeSnapshot s, Policy p) {
        return check.evaluate(new CheckContext("lab-1", s, p));
    }

    private Finding evaluate(NodeSnapshot s) {
        return evaluate(s, Policy.defaults());
    }

    @Test
    void capturedDefault300Passes() {
        Finding f = evaluate(Snapshots.standalone().build());

        assertThat(f.checkId()).isEqualTo("redis_tcp_keepalive_enabled");
        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) sends TCP keepalives every 300 s: a dead peer is"
                + " dropped after about 600 s.");
        assertThat(f.evidence()).isEqualTo(Map.of("tcp-keepalive", "300"));
        assertThat(f.fix()).isNull();
    }

    @Test
    void zeroFailsHighWithExactFix() {
        Finding f = evaluate(Snapshots.standalone().tcpKeepalive(0).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).startsWith("lab-1 (10.0.0.5:6379) never probes idle peers (tcp-keepalive 0)");
        assertThat(f.fix().commands()).containsExactly("CONFIG SET tcp-keepalive 300", "CONFIG REWRITE");
        assertThat(f.fix().steps().getFirst().explanation()).contains("new connections only");
    }

    @Test
    void justAboveMaxKeepaliveFailsLow() {
        Finding f = evaluate(Snapshots.standalone().tcpKeepalive(301).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) probes idle peers only every 301 s (above"
                + " maxKeepaliveSeconds 300): a dead peer holds its connection for about 602 s.");
        assertThat(f.evidence()).containsEntry("tcp-keepalive", "301").containsEntry("maxKeepaliveSeconds", "300");
        assertThat(f.fix().commands()).containsExactly("CONFIG SET tcp-keepalive 300", "CONFIG REWRITE");
    }

    @Test
    void oneSecondPasses() {
        assertThat(evaluate(Snapshots.standalone().tcpKeepalive(1).build()).status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void maxKeepaliveFromPolicyMovesTheBoundaryAndCapsTheFix() {
        Policy p = Policy.defaults().withAssignment("maxKeepaliveSeconds=120");

        assertThat(evaluate(Snapshots.standalone().tcpKeepalive(120).build(), p).status()).isEqualTo(CheckStatus.PASS);
        Finding f = evaluate(Snapshots.standalone().tcpKeepalive(121).build(), p);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        // the recommended 300 is above the allowed 60..120, so the plan proposes 120
        assertThat(f.fix().commands()).containsExactly("CONFIG SET tcp-keepalive 120", "CONFIG REWRITE");
    }

    @Test
    void recommendedKeepaliveFromPolicy() {
        Policy p = Policy.defaults().withAssignment("recommendedKeepaliveSeconds=60");

        assertThat(evaluate(Snapshots.standalone().tcpKeepalive(0).build(), p).fix().commands())
                .containsExactly("CONFIG SET tcp-keepalive 60", "CONFIG REWRITE");
    }

    @Test
    void aPolicyWhoseKeepaliveRangeIsEmptyDoesNotCrashTheCheck() {
        Policy p = Policy.defaults().withAssignment("minKeepaliveSeconds=200").withAssignment("maxKeepaliveSeconds=100");

        Finding f = evaluate(Snapshots.standalone().tcpKeepalive(0).build(), p);

        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.fix().commands()).containsExactly("CONFIG SET tcp-keepalive 200", "CONFIG REWRITE");
        assertThat(f.fix().automatable()).isFalse();
        assertThat(f.fix().steps().getFirst().explanation()).contains("200..100").contains("is empty");
    }

    @Test
    void unreadableIsAnError() {
        Finding f = evaluate(Snapshots.standalone().configUnreadable(Snapshots.CONFIG_NOPERM).build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).isEqualTo("Cannot read tcp-keepalive on lab-1 (10.0.0.5:6379): NOPERM for config|get"
                + " (NOPERM this user has no permissions to run the 'config|get' command).");
        assertThat(f.evidence()).isEqualTo(Map.of("tcp-keepalive", "unreadable"));
    }

    @Test
    void renamedConfigIsAnError() {
        assertThat(evaluate(Snapshots.standalone().configUnreadable(Snapshots.CONFIG_RENAMED).build()).status())
                .isEqualTo(CheckStatus.ERROR);
    }

    @Test
    void sentinelIsNotApplicable() {
        assertThat(evaluate(Snapshots.sentinel().build()).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
    }
}
