package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCensusTest {

    private static List<ClientInfo> mixed() {
        return ClientInfo.parseList(Fixtures.text("client-list-7.0-master-mixed.txt"));
    }

    @Test
    void leavesOutGhostwatchsOwnConnection() {
        assertThat(ClientCensus.of(mixed(), 63, 86_400).connections()).isEqualTo(8);
        assertThat(ClientCensus.of(mixed(), -1, 86_400).connections()).isEqualTo(9);
    }

    @Test
    void groupsByHostMostConnectionsFirst() {
        ClientCensus c = ClientCensus.of(mixed(), 63, 86_400);

        assertThat(c.addresses()).extracting(ClientCensus.AddressCensus::address).first().isEqualTo("127.0.0.1");
        ClientCensus.AddressCensus loopback = c.addresses().getFirst();
        assertThat(loopback.connections()).isEqualTo(7);
        assertThat(loopback.exempt()).isEqualTo(4); // P, b, O, S
        assertThat(loopback.oldestAgeSeconds()).isEqualTo(8);
        assertThat(loopback.maxIdleSeconds()).isEqualTo(3);
        assertThat(loopback.names()).containsExactly("$(reboot)", "<!channel>", "orders-pool");
        assertThat(loopback.flags()).isEqualTo(Map.of("N", 3, "O", 1, "P", 1, "S", 1, "b", 1));
        assertThat(c.addresses().get(1).address()).endsWith("/master/redis.sock");
    }

    @Test
    void probableGhostsAreIdleStrictlyLongerThanTheThresholdAndNotExempt() {
        // every captured client but the replica link and the capturing one has been idle 3 s
        assertThat(ClientCensus.of(mixed(), 63, 2).probableGhosts()).isEqualTo(4); // 3 named + the unix client
        assertThat(ClientCensus.of(mixed(), 63, 3).probableGhosts()).isZero();
    }

    @Test
    void idleBucketsIncludeThePolicyThreshold() {
        ClientCensus c = ClientCensus.of(mixed(), 63, 2);

        assertThat(c.addresses().getFirst().idleOverSeconds())
                .containsOnlyKeys(2L, 60L, 3_600L, 86_400L)
                .containsEntry(2L, 6) // exempt clients count as idle too; they just are not ghosts
                .containsEntry(60L, 0);
    }

    @Test
    void ghostHoldersMostGhostsFirst() {
        ClientCensus c = ClientCensus.of(mixed(), 63, 2);

        assertThat(c.ghostHolders()).extracting(ClientCensus.AddressCensus::probableGhosts).containsExactly(3, 1);
    }

    @Test
    void namesPerAddressAreBounded() {
        String template = Fixtures.text("client-list-7.0.txt").lines().findFirst().orElseThrow();
        List<ClientInfo> clients = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            clients.addAll(ClientInfo.parseList(template.replace("id=9 ", "id=" + (100 + i) + " ")
                    .replace("name= ", "name=pool-" + i + " ")));
        }

        ClientCensus.AddressCensus a = ClientCensus.of(clients, -1, 86_400).addresses().getFirst();

        assertThat(a.names()).hasSize(10);
        assertThat(a.namesOmitted()).isEqualTo(15);
        assertThat(a.connections()).isEqualTo(25);
    }

    @Test
    void skippedCensusSaysWhy() {
        ClientCensus c = ClientCensus.skipped("too many clients", 86_400);

        assertThat(c.isSkipped()).isTrue();
        assertThat(c.skipped()).isEqualTo("too many clients");
        assertThat(c.probableGhosts()).isZero();
    }
}
