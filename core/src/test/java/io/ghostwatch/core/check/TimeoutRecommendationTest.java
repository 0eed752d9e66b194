package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.Readout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutRecommendationTest {

    private static int nextId = 1;

    /** CLIENT LIST lines as Redis writes them, one per client with the given idle and flags. */
    private static List<ClientInfo> clients(int n, long idleSeconds, String flags) {
        List<ClientInfo> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(ClientInfo.parseList("id=" + nextId++ + " addr=10.0.0.12:" + (40000 + nextId) + " laddr=10.0.0.5:6379"
                    + " fd=8 name=pool age=" + (idleSeconds + 10) + " idle=" + idleSeconds + " flags=" + flags
                    + " db=0 cmd=get user=default").getFirst());
        }
        return list;
    }

    private static Readout<ClientCensus> census(List<List<ClientInfo>> groups) {
        List<ClientInfo> all = new ArrayList<>();
        groups.forEach(all::addAll);
        return Readout.known(ClientCensus.of(all, -1, 86_400));
    }

    @Test
    void aClearGapBetweenPoolAndGhostsProposesTheFloorOf7200() {
        var r = TimeoutRecommendation.from(census(List.of(clients(50, 200, "N"), clients(30, 2 * 86_400, "N"))),
                Policy.defaults());
        assertThat(r.seconds()).isEqualTo(7_200);
        assertThat(r.fromCensus()).isTrue();
        assertThat(r.explanation()).contains("50 client(s) idle at most 300 s").contains("30 idle longer than a day");
    }

    @Test
    void aPoolWithLongQuietSpellsGetsFourTimesItsLongestIdle() {
        var r = TimeoutRecommendation.from(census(List.of(clients(40, 30, "N"), clients(5, 3_000, "N"),
                clients(12, 3 * 86_400, "N"))), Policy.defaults());
        assertThat(r.seconds()).isEqualTo(14_400); // longest pool idle in the (1800, 3600] bucket; 4 x 3600
    }

    @Test
    void clientsIdleForHoursKeepTheSafeFirstStep() {
        var r = TimeoutRecommendation.from(census(List.of(clients(40, 60, "N"), clients(3, 6 * 3_600, "N"))),
                Policy.defaults());
        assertThat(r.seconds()).isEqualTo(86_400);
        assertThat(r.explanation()).contains("could cut them");
    }

    @Test
    void thinDataFallsBackToTheSafeFirstStep() {
        var r = TimeoutRecommendation.from(census(List.of(clients(5, 10, "N"))), Policy.defaults());
        assertThat(r.seconds()).isEqualTo(86_400);
        assertThat(r.fromCensus()).isFalse();
        assertThat(r.explanation()).startsWith("Only 5 client(s) in the census");
    }

    @Test
    void exemptClientsDoNotCountTowardThePattern() {
        // 25 Pub/Sub subscribers idle for hours are never closed by timeout: they must not hold the value up.
        var r = TimeoutRecommendation.from(census(List.of(clients(25, 10, "N"), clients(25, 6 * 3_600, "P"))),
                Policy.defaults());
        assertThat(r.seconds()).isEqualTo(7_200);
    }

    @Test
    void noCensusMeansTheSafeStep() {
        var r = TimeoutRecommendation.from(Readout.unreadable("NOPERM for client|list"), Policy.defaults());
        assertThat(r.seconds()).isEqualTo(86_400);
        assertThat(r.fromCensus()).isFalse();
    }

    @Test
    void theProposalStaysInsideThePolicyRange() {
        Policy strict = Policy.defaults().withAssignment("minTimeoutSeconds=10000");
        var r = TimeoutRecommendation.from(census(List.of(clients(50, 200, "N"))), strict);
        assertThat(r.seconds()).isEqualTo(10_000);
    }
}
