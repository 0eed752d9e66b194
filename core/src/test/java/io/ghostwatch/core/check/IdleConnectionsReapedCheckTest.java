package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.Fixtures;
import io.ghostwatch.core.testing.Snapshots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Uses the CLIENT LIST captured on a 7.0 master: 9 clients, of which the capturing one (id 63) is
 * Ghostwatch's own; the replica link (S), subscriber (P), BLPOP (b) and MONITOR (O) are exempt from timeout;
 * the other four (three named TCP clients and one unix-socket client) had been idle 3 s. A ghost threshold of
 * 2 s makes those four the probable ghosts.
 */
class IdleConnectionsReapedCheckTest {

    private static final String MIXED = "client-list-7.0-master-mixed.txt";
    private static final long OWN_ID = 63;
    private static final String UNIX_SOCKET = ClientInfo.parseList(Fixtures.text(MIXED)).get(5).host();
    private static final String FIX_CLIENT_LIST = "CLIENT LIST  (then on each named host: ss -tn dst :6379)";

    private final IdleConnectionsReapedCheck check = new IdleConnectionsReapedCheck();

    private static Policy policy(String... assignments) {
        Policy p = Policy.defaults().withAssignment("ghostIdleSeconds=2").withAssignment("ghostMinCount=4");
        for (String a : assignments) {
            p = p.withAssignment(a);
        }
        return p;
    }

    /** The captured master with its captured clients, counted against the policy's ghost threshold. */
    private static Snapshots.Builder master(Policy p) {
        return Snapshots.standalone().clients(MIXED, OWN_ID, p.get(PolicyKey.GHOST_IDLE_SECONDS));
    }

    private Finding evaluate(Snapshots.Builder s, Policy p) {
        return check.evaluate(new CheckContext("lab-1", s.build(), p));
    }

    @Test
    void ghostsWithTimeoutZeroFail() {
        Policy p = policy();
        Finding f = evaluate(master(p), p);

        assertThat(f.checkId()).isEqualTo("redis_idle_connections_reaped");
        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.LOW); // 4 of maxclients 10000
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) holds 4 connections idle longer than 2 s (3 from"
                + " 127.0.0.1, 1 from " + UNIX_SOCKET + ") and timeout 0 lets them live.");
        assertThat(f.evidence())
                .containsEntry("idle_over_2s", "4")
                .containsEntry("connections", "8")
                .containsEntry("timeout", "0")
                .containsEntry("maxclients", "10000")
                .containsEntry("share_of_maxclients", "0.0%")
                .containsEntry("holders", "3 from 127.0.0.1, 1 from " + UNIX_SOCKET);
        assertThat(f.fix().commands()).containsExactly("CONFIG SET timeout 86400", "CONFIG REWRITE", FIX_CLIENT_LIST);
    }

    @Test
    void keepaliveZeroAddsTheKeepaliveStep() {
        Policy p = policy();
        Finding f = evaluate(master(p).tcpKeepalive(0), p);

        assertThat(f.fix().commands()).containsExactly("CONFIG SET timeout 86400", "CONFIG SET tcp-keepalive 300",
                "CONFIG REWRITE", FIX_CLIENT_LIST);
    }

    @Test
    void exemptClientsAndGhostwatchItselfAreNotCounted() {
        // with every client idle > 0 counted, 8 would be reported; only the 4 non-exempt ones are
        Policy p = policy("ghostIdleSeconds=1");
        Finding f = evaluate(master(p), p);

        assertThat(f.evidence()).containsEntry("idle_over_1s", "4").containsEntry("connections", "8");
    }

    @Test
    void belowGhostMinCountPasses() {
        Policy p = policy("ghostMinCount=5");
        Finding f = evaluate(master(p), p);

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) has 4 connection(s) idle longer than 2 s (below"
                + " ghostMinCount 5).");
    }

    @Test
    void idleExactlyAtTheThresholdIsNotAGhost() {
        // the clients have been idle 3 s: "longer than 3 s" is none of them
        Policy p = policy("ghostIdleSeconds=3", "ghostMinCount=1");
        Finding f = evaluate(master(p), p);

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.evidence()).containsEntry("idle_over_3s", "0");
    }

    @Test
    void defaultPolicyPassesTheFreshlyCapturedServer() {
        Policy p = Policy.defaults();
        Finding f = evaluate(master(p), p);

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).contains("has 0 connection(s) idle longer than 86400 s (below ghostMinCount 10)");
    }

    @Test
    void timeoutAtOrBelowTheGhostThresholdReapsThem() {
        Policy p = policy();
        Finding f = evaluate(master(p).timeout(2), p);

        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).isEqualTo("lab-1 (10.0.0.5:6379) closes clients idle for 2 s, so its 4 long-idle"
                + " connection(s) are being reaped.");
    }

    @Test
    void timeoutAboveTheGhostThresholdLetsThemLive() {
        Policy p = policy();
        Finding f = evaluate(master(p).timeout(3), p);

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.detail()).endsWith("and timeout 3 s lets them live.");
    }

    @Test
    void unreadableTimeoutWithGhostsPresentStillFails() {
        Policy p = policy();
        Finding f = evaluate(master(p).configUnreadable(Snapshots.CONFIG_RENAMED), p);

        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.detail()).endsWith("and timeout unreadable lets them live.");
        assertThat(f.evidence()).containsEntry("timeout", "unreadable")
                .containsEntry("maxclients", "10000"); // from INFO when CONFIG is refused
    }

    @ParameterizedTest(name = "4 ghosts, maxclients {0} -> {1}")
    @CsvSource({
            "8, CRITICAL",   // 50%
            "9, HIGH",       // 44%
            "20, HIGH",      // 20%
            "21, MEDIUM",    // 19%
            "80, MEDIUM",    // 5%
            "81, LOW",       // 4.9%
    })
    void severityGrowsWithTheGhostsShareOfMaxclients(long maxclients, Severity expected) {
        Policy p = policy();
        Finding f = evaluate(master(p).maxclients(maxclients), p);

        assertThat(f.severity()).isEqualTo(expected);
        assertThat(f.fix().commands()).first().isEqualTo("CONFIG SET timeout 86400");
    }

    @Test
    void unknownMaxclientsIsLowAndSaysUnknown() {
        Policy p = policy();
        Finding f = evaluate(master(p).maxclients(Readout.unreadable("refused")).info("maxclients", null), p);

        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(f.evidence()).containsEntry("maxclients", "unknown");
    }

    @Test
    void atMostFiveHolderAddressesAreNamed() {
        String template = Fixtures.text("client-list-7.0.txt").lines().findFirst().orElseThrow()
                .replace("idle=0", "idle=100000");
        List<ClientInfo> clients = new ArrayList<>();
        int id = 100;
        for (int host = 1; host <= 7; host++) {
            for (int i = 0; i < 8 - host; i++) { // host 1 holds 7, host 7 holds 1
                clients.addAll(ClientInfo.parseList(template.replace("id=9 ", "id=" + id++ + " ")
                        .replace("addr=127.0.0.1:58784", "addr=10.0.1." + host + ":" + (40000 + i))));
            }
        }
        Policy p = Policy.defaults();
        Finding f = evaluate(Snapshots.standalone().census(Readout.known(ClientCensus.of(clients, -1, 86_400))), p);

        assertThat(f.detail()).contains("holds 28 connections idle longer than 86400 s (7 from 10.0.1.1, 6 from"
                + " 10.0.1.2, 5 from 10.0.1.3, 4 from 10.0.1.4, 3 from 10.0.1.5 and 2 more address(es))");
    }

    @Test
    void unreadableCensusIsAnError() {
        Finding f = evaluate(Snapshots.standalone().census(Readout.unreadable(Snapshots.CLIENT_NOPERM)), policy());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).isEqualTo("Cannot take the client census on lab-1 (10.0.0.5:6379): NOPERM for"
                + " client|list (NOPERM this user has no permissions to run the 'client|list' command).");
        assertThat(f.evidence()).containsEntry("census", "unreadable");
    }

    @Test
    void skippedCensusIsAnErrorNotAPass() {
        Finding f = evaluate(Snapshots.standalone().census(Readout.known(ClientCensus.skipped(
                "CLIENT LIST skipped: 25000 connected clients is above censusMaxClients 20000", 86_400))), policy());

        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).isEqualTo("No client census on lab-1 (10.0.0.5:6379): CLIENT LIST skipped: 25000"
                + " connected clients is above censusMaxClients 20000.");
    }

    @Test
    void sentinelIsNotApplicable() {
        assertThat(evaluate(Snapshots.sentinel(), policy()).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
    }
}
