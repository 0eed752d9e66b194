package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.ProbeResult;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.Snapshots;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkAccessAuthenticatedCheckTest {

    private static final List<String> FIX = List.of(
            "ACL SETUSER default on >STRONG-PASSWORD",
            "CONFIG SET protected-mode yes",
            "bind 127.0.0.1 -::1 <private-address> (redis.conf)",
            "CONFIG REWRITE");

    /** Redis 7.0's reply to an unauthenticated command when the default user has a password. */
    private static final String NOAUTH = "NOAUTH Authentication required.";
    /** The first line of Redis's protected-mode refusal. */
    private static final String DENIED = "DENIED Redis is running in protected mode because protected mode is enabled"
            + " and no password is set for the default user.";

    private final NetworkAccessAuthenticatedCheck check = new NetworkAccessAuthenticatedCheck();

    private Finding evaluate(NodeSnapshot s) {
        return check.evaluate(new CheckContext("lab-1", s, Policy.defaults()));
    }

    /** No password: the probe from Ghostwatch's host (loopback) got PONG; the verdict rests on the settings. */
    private static Snapshots.Builder noPasswordProbedOverLoopback() {
        return Snapshots.standalone().probe(new ProbeResult.Accepted(true));
    }

    @Nested
    class DirectProbe {

        @Test
        void acceptedOverTheNetworkIsCriticalWhateverTheSettingsSay() {
            // settings that would pass by inference: loopback bind, protected mode on, 7.0
            Finding f = evaluate(Snapshots.standalone().probe(new ProbeResult.Accepted(false)).build());

            assertThat(f.checkId()).isEqualTo("redis_network_access_authenticated");
            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) runs commands for anyone who can reach it: an"
                    + " unauthenticated PING from Ghostwatch's host over the network was answered.");
            assertThat(f.evidence()).containsEntry("unauthenticated_probe", "PONG over a non-loopback address");
            assertThat(f.fix().commands()).containsExactlyElementsOf(FIX);
            assertThat(f.fix().automatable()).isFalse();
        }

        @Test
        void acceptedOverTheNetworkOnASentinelIsCriticalToo() {
            Finding f = evaluate(Snapshots.sentinel().probe(new ProbeResult.Accepted(false)).build());

            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void noauthPasses() {
            Finding f = evaluate(Snapshots.standalone().bind("0.0.0.0").protectedMode(false)
                    .probe(new ProbeResult.AuthRequired(false, NOAUTH)).build());

            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) requires a password: an unauthenticated PING was"
                    + " refused.");
            assertThat(f.evidence()).containsEntry("unauthenticated_probe", NOAUTH);
        }

        @Test
        void noauthOverLoopbackPassesEvenWhenConfigIsUnreadable() {
            Finding f = evaluate(Snapshots.standalone().configUnreadable(Snapshots.CONFIG_RENAMED)
                    .probe(new ProbeResult.AuthRequired(true, NOAUTH)).build());

            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void deniedByProtectedModePasses() {
            Finding f = evaluate(Snapshots.standalone().bind("0.0.0.0").probe(new ProbeResult.Denied(false, DENIED)).build());

            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.detail()).contains("refuses unauthenticated clients from other hosts (protected mode)");
            assertThat(f.evidence()).containsEntry("unauthenticated_probe", DENIED);
        }

        @Test
        void inconclusiveProbeIsAnError() {
            Finding f = evaluate(Snapshots.standalone()
                    .probe(new ProbeResult.Inconclusive(false, "Unexpected end of stream.")).build());

            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.fix()).isNull();
            assertThat(f.detail()).isEqualTo("Cannot tell whether lab-1 (10.0.0.5:6379) requires a password: the"
                    + " unauthenticated probe failed (Unexpected end of stream.).");
            assertThat(f.evidence()).containsEntry("unauthenticated_probe", "inconclusive");
        }
    }

    @Nested
    class InferenceFromSettings {

        @Test
        void loopbackOnlyBindPasses() {
            // the captured server: bind 127.0.0.1, no password
            Finding f = evaluate(noPasswordProbedOverLoopback().build());

            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) needs no password but listens on loopback only"
                    + " (bind 127.0.0.1).");
        }

        @Test
        void loopbackOnlyBindPassesWithProtectedModeOffOrUnreadable() {
            assertThat(evaluate(noPasswordProbedOverLoopback().bind("127.0.0.1 -::1").protectedMode(false).build())
                    .status()).isEqualTo(CheckStatus.PASS);
            assertThat(evaluate(noPasswordProbedOverLoopback().bind("127.0.0.1 -::1")
                    .protectedMode(Readout.unreadable("x")).build()).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void redis70AllInterfacesProtectedModeOnPasses() {
            Finding f = evaluate(noPasswordProbedOverLoopback().bind("0.0.0.0").protectedMode(true).build());

            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) needs no password, but protected mode refuses"
                    + " clients from other hosts (bind 0.0.0.0, protected-mode yes, 7.0+ rule).");
            assertThat(f.evidence()).containsEntry("protected-mode", "yes").containsEntry("version", "7.0.15");
        }

        @Test
        void redis62AllInterfacesProtectedModeOnFailsCritical() {
            // <= 6.2: protected mode only refuses when no bind address is configured
            Finding f = evaluate(noPasswordProbedOverLoopback().version("6.2.14").bind("0.0.0.0").protectedMode(true).build());

            assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) lets any host that can reach it run commands without"
                    + " a password (bind 0.0.0.0, protected mode does not apply on 6.2.14 when a bind address is"
                    + " configured, no password).");
            assertThat(f.evidence()).containsEntry("version", "6.2.14").containsEntry("bind", "0.0.0.0");
            assertThat(f.fix().commands()).containsExactlyElementsOf(FIX);
        }

        @Test
        void redis62PrivateAddressProtectedModeOnFailsCritical() {
            Finding f = evaluate(noPasswordProbedOverLoopback().version("6.2.14").bind("127.0.0.1 10.0.0.5")
                    .protectedMode(true).build());

            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void redis62NoBindLineProtectedModeOnPasses() {
            Finding f = evaluate(noPasswordProbedOverLoopback().version("6.2.14").bind("").protectedMode(true).build());

            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.detail()).endsWith("(no bind (all interfaces), protected-mode yes, no bind address).");
            assertThat(f.evidence()).containsEntry("bind", "(none)");
        }

        @ParameterizedTest(name = "{0} bind \"{1}\" protected-mode {2} -> {3}")
        @CsvSource(delimiter = '|', value = {
                "6.2.14 | 0.0.0.0  | yes | FAIL",
                "6.2.14 | 0.0.0.0  | no  | FAIL",
                "6.2.14 | ''       | yes | PASS",
                "6.2.14 | ''       | no  | FAIL",
                "7.0.0  | 0.0.0.0  | yes | PASS",
                "7.0.0  | 0.0.0.0  | no  | FAIL",
                "7.0.15 | * -::*   | yes | PASS",
                "7.0.15 | * -::*   | no  | FAIL",
                "7.2.4  | 10.0.0.5 | yes | PASS",
                "6.0.20 | 10.0.0.5 | yes | FAIL",
        })
        void versionBindAndProtectedModeTogether(String version, String bind, String protectedMode, CheckStatus expected) {
            Finding f = evaluate(noPasswordProbedOverLoopback().version(version).bind(bind)
                    .protectedMode(protectedMode.equals("yes")).build());

            assertThat(f.status()).isEqualTo(expected);
            if (expected == CheckStatus.FAIL) {
                assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(f.fix().commands()).containsExactlyElementsOf(FIX);
            }
        }

        @Test
        void unknownVersionWithExplicitBindAndProtectedModeIsAnErrorNotAGuess() {
            Finding f = evaluate(noPasswordProbedOverLoopback().version("unstable-build").bind("0.0.0.0")
                    .protectedMode(true).build());

            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.detail()).contains("depends on the version, which INFO did not report");
        }

        @Test
        void unknownVersionWithProtectedModeOffStillFails() {
            Finding f = evaluate(noPasswordProbedOverLoopback().version("unstable-build").bind("0.0.0.0")
                    .protectedMode(false).build());

            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void protectedModeOffSaysSo() {
            Finding f = evaluate(noPasswordProbedOverLoopback().bind("0.0.0.0").protectedMode(false).build());

            assertThat(f.detail()).contains("(bind 0.0.0.0, protected-mode no, no password)");
            assertThat(f.evidence()).containsEntry("protected-mode", "no");
        }

        @Test
        void valkeyUsesItsOwnVersionForTheRule() {
            // Valkey 8 reports redis_version 7.2.4 and valkey_version 8.0.1: either way the 7.0+ rule applies
            Finding f = evaluate(noPasswordProbedOverLoopback().info("valkey_version", "8.0.1").bind("0.0.0.0")
                    .protectedMode(true).build());

            assertThat(f.status()).isEqualTo(CheckStatus.PASS);
            assertThat(f.evidence()).containsEntry("version", "8.0.1");
        }

        @Test
        void bindUnreadableIsAnError() {
            Finding f = evaluate(noPasswordProbedOverLoopback().configUnreadable(Snapshots.CONFIG_RENAMED).build());

            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.detail()).startsWith("lab-1 (10.0.0.5:6379) accepts commands without a password over loopback,"
                    + " but whether other hosts can connect is unknown: cannot read bind: CONFIG is renamed or disabled");
            assertThat(f.evidence()).containsEntry("bind", "unreadable");
        }

        @Test
        void protectedModeUnreadableWithAnOpenBindIsAnError() {
            Finding f = evaluate(noPasswordProbedOverLoopback().bind("0.0.0.0")
                    .protectedMode(Readout.unreadable("CONFIG GET protected-mode returned 'maybe', not yes/no")).build());

            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.detail()).endsWith("cannot read protected-mode: CONFIG GET protected-mode returned 'maybe', not"
                    + " yes/no.");
            assertThat(f.evidence()).containsEntry("protected-mode", "unreadable");
        }

        @Test
        void sentinelProbedOverLoopbackIsAnErrorNotAPass() {
            Finding f = evaluate(Snapshots.sentinel().probe(new ProbeResult.Accepted(true)).build());

            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.detail()).startsWith("Cannot tell whether other hosts can reach lab-1 (10.0.0.5:6379) without"
                    + " a password").contains("a Sentinel's bind and protected-mode are not readable");
            assertThat(f.evidence()).containsEntry("unauthenticated_probe", "PONG over loopback");
        }
    }

    @Test
    void sentinelThatRequiresAPasswordPasses() {
        assertThat(evaluate(Snapshots.sentinel().probe(new ProbeResult.AuthRequired(true, NOAUTH)).build()).status())
                .isEqualTo(CheckStatus.PASS);
    }
}
