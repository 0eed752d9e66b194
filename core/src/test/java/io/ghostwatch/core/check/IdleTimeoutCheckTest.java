package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.testing.Snapshots;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdleTimeoutCheckTest {

    private final IdleTimeoutCheck check = new IdleTimeoutCheck();

    private Finding evaluate(NodeSnapshot s, Policy p) {
        return check.evaluate(new CheckContext("lab-1", s, p));
    }

    private Finding evaluate(NodeSnapshot s) {
        return evaluate(s, Policy.defaults());
    }

    @Test
    void capturedDefaultTimeoutZeroFailsHigh() {
        // the captured 7.0 server runs with the default timeout 0
        Finding f = evaluate(Snapshots.standalone().build());

        assertThat(f.checkId()).isEqualTo("redis_idle_timeout_enabled");
        assertThat(f.node()).isEqualTo("10.0.0.5:6379");
        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) never closes idle clients (timeout 0).");
        assertThat(f.evidence()).isEqualTo(Map.of("timeout", "0", "config_file", "/tmp/lab/a.conf"));
        assertThat(f.fix().commands()).containsExactly("CONFIG SET timeout 86400", "CONFIG REWRITE");
        assertThat(f.fix().automatable()).isTrue();
        assertThat(f.fix().steps().get(1).explanation()).contains("/tmp/lab/a.conf");
    }

    @Test
    void withoutAConfigFileThePlanSaysTheChangeIsLostOnRestart() {
        Finding f = evaluate(Snapshots.standalone().info("config_file", "").timeout(0).build());

        assertThat(f.evidence()).containsEntry("config_file", "none");
        FixStep persist = f.fix().steps().get(1);
        assertThat(persist).isInstanceOf(FixStep.PersistConfig.class);
        assertThat(persist.explanation()).contains("runs without a config file").contains("lost on restart");
    }

    @Test
    void belowMinTimeoutFailsLow() {
        Finding f = evaluate(Snapshots.standalone().timeout(299).build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) closes clients idle for only 299 s, below"
                + " minTimeoutSeconds 300: healthy pooled connections get killed.");
        assertThat(f.evidence()).containsEntry("timeout", "299").containsEntry("minTimeoutSeconds", "300");
        assertThat(f.fix().commands()).containsExactly("CONFIG SET timeout 86400", "CONFIG REWRITE");
    }

    @Test
    void oneSecondIsStillOnlyLow() {
        assertThat(evaluate(Snapshots.standalone().timeout(1).build()).severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void atMinTimeoutPasses() {
        Finding f = evaluate(Snapshots.standalone().timeout(300).build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.severity()).isNull();
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) closes clients idle for more than 300 s.");
    }

    @Test
    void minTimeoutFromPolicyMovesTheBoundary() {
        Policy p = Policy.defaults().withAssignment("minTimeoutSeconds=7200");

        assertThat(evaluate(Snapshots.standalone().timeout(7199).build(), p).severity()).isEqualTo(Severity.LOW);
        assertThat(evaluate(Snapshots.standalone().timeout(7200).build(), p).status()).isEqualTo(CheckStatus.PASS);
        assertThat(evaluate(Snapshots.standalone().timeout(300).build(), p).status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void recommendedTimeoutFromPolicyIsWhatThePlanSets() {
        Policy p = Policy.defaults().withAssignment("recommendedTimeoutSeconds=7200");

        assertThat(evaluate(Snapshots.standalone().timeout(0).build(), p).fix().commands())
                .containsExactly("CONFIG SET timeout 7200", "CONFIG REWRITE");
    }

    @Test
    void recommendationIsPulledIntoTheAllowedRange() {
        Policy p = Policy.defaults().withAssignment("maxTimeoutSeconds=3600");

        assertThat(evaluate(Snapshots.standalone().timeout(0).build(), p).fix().commands())
                .first().isEqualTo("CONFIG SET timeout 3600");
    }

    @Test
    void aPolicyWhoseTimeoutRangeIsEmptyDoesNotCrashTheCheck() {
        // each key is within its own range, but maxTimeoutSeconds 200 is below the default minTimeoutSeconds 300:
        // no timeout can be applied, so the plan says so instead of the check throwing
        Policy p = Policy.defaults().withAssignment("maxTimeoutSeconds=200");

        Finding f = evaluate(Snapshots.standalone().timeout(0).build(), p);

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.fix().commands()).containsExactly("CONFIG SET timeout 300", "CONFIG REWRITE");
        assertThat(f.fix().automatable()).isFalse();
        assertThat(f.fix().steps().getFirst()).isInstanceOf(FixStep.ManualStep.class);
        assertThat(f.fix().steps().getFirst().explanation())
                .contains("300..200 (policy minTimeoutSeconds..maxTimeoutSeconds) is empty");
    }

    @Test
    void renamedConfigIsAnErrorNamingTheRefusal() {
        Finding f = evaluate(Snapshots.standalone().configUnreadable(Snapshots.CONFIG_RENAMED).build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.severity()).isNull();
        assertThat(f.fix()).isNull();
        assertThat(f.detail()).isEqualTo("Cannot read timeout on lab-1 (10.0.0.5:6379): CONFIG is renamed or disabled"
                + " (ERR unknown command 'CONFIG').");
        assertThat(f.evidence()).isEqualTo(Map.of("timeout", "unreadable"));
    }

    @Test
    void aclRefusalIsAnError() {
        Finding f = evaluate(Snapshots.standalone().configUnreadable(Snapshots.CONFIG_NOPERM).build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).contains("NOPERM for config|get");
    }

    @Test
    void sentinelIsNotApplicable() {
        Finding f = evaluate(Snapshots.sentinel().build());

        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) is a Sentinel: it holds no application clients.");
        assertThat(f.fix()).isNull();
    }

    @Test
    void aTargetNamedByItsAddressIsNotRepeated() {
        Finding f = check.evaluate(new CheckContext("10.0.0.5:6379", Snapshots.standalone().timeout(0).build(),
                Policy.defaults()));

        assertThat(f.detail()).startsWith("10.0.0.5:6379 never closes");
    }

    @Test
    void metadataDeclaresItsCommands() {
        assertThat(check.metadata().redisCommands()).containsExactly("CONFIG GET timeout");
        assertThat(check.metadata().maxSeverity()).isEqualTo(Severity.HIGH);
        assertThat(check.id()).isEqualTo(IdleTimeoutCheck.ID);
    }
}
