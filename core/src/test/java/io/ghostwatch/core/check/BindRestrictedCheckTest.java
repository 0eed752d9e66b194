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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BindRestrictedCheckTest {

    private final BindRestrictedCheck check = new BindRestrictedCheck();

    private Finding evaluate(NodeSnapshot s) {
        return check.evaluate(new CheckContext("lab-1", s, Policy.defaults()));
    }

    @Test
    void capturedLoopbackBindPasses() {
        Finding f = evaluate(Snapshots.standalone().build());

        assertThat(f.checkId()).isEqualTo("redis_bind_restricted");
        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) listens only on 127.0.0.1.");
        assertThat(f.evidence()).isEqualTo(Map.of("bind", "127.0.0.1"));
    }

    @Test
    void loopbackPlusAPrivateAddressPasses() {
        Finding f = evaluate(Snapshots.standalone().bind("127.0.0.1 -::1 10.0.0.5").build());

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) listens only on 127.0.0.1, ::1, 10.0.0.5.");
    }

    @Test
    void allInterfacesFailsMediumWithExactFix() {
        Finding f = evaluate(Snapshots.standalone().bind("0.0.0.0").build());

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) listens on all interfaces (bind 0.0.0.0).");
        assertThat(f.fix().commands()).containsExactly("CONFIG SET bind \"127.0.0.1 -::1 <private-address>\"",
                "CONFIG REWRITE");
        assertThat(f.fix().automatable()).isFalse(); // bind is never changed by Ghostwatch itself
    }

    @Test
    void effectiveDefaultOf70WithoutBindLineFails() {
        Finding f = evaluate(Snapshots.standalone().bind("* -::*").build());

        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.detail()).contains("(bind * -::*)");
        assertThat(f.evidence()).containsEntry("bind", "* -::*");
    }

    @Test
    void noBindLineOn62Fails() {
        Finding f = evaluate(Snapshots.standalone().version("6.2.14").bind("").build());

        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.detail()).contains("(no bind (all interfaces))");
        assertThat(f.evidence()).containsEntry("bind", "(none)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "127.0.0.1 0.0.0.0", "10.0.0.5 -::*", "*"})
    void anyWildcardFails(String bind) {
        assertThat(evaluate(Snapshots.standalone().bind(bind).build()).status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void unreadableIsAnError() {
        Finding f = evaluate(Snapshots.standalone().configUnreadable(Snapshots.CONFIG_RENAMED).build());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).startsWith("Cannot read bind on lab-1 (10.0.0.5:6379): CONFIG is renamed or disabled");
        assertThat(f.evidence()).isEqualTo(Map.of("bind", "unreadable"));
    }

    @Test
    void sentinelIsNotApplicable() {
        Finding f = evaluate(Snapshots.sentinel().build());

        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(f.detail()).contains("is a Sentinel");
    }
}
