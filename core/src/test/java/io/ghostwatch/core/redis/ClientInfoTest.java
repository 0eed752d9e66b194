package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ghostwatch.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientInfoTest {

    @Test
    void plainClientsFromRealClientList() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-7.0.txt"));

        assertThat(clients).extracting(ClientInfo::id).containsExactly(9L, 10L, 11L, 13L);
        ClientInfo last = clients.get(3);
        assertThat(last.addr()).isEqualTo("127.0.0.1:58826");
        assertThat(last.laddr()).isEqualTo("127.0.0.1:17001");
        assertThat(last.name()).isEmpty();
        assertThat(last.flags()).isEqualTo("N");
        assertThat(last.cmd()).isEqualTo("client|list");
        assertThat(last.user()).isEqualTo("default");
        assertThat(last.host()).isEqualTo("127.0.0.1");
        assertThat(last.exemptFromTimeout()).isFalse();
    }

    /** Captured on a 7.0 master with a replica, a subscriber, a BLPOP, a MONITOR and named clients attached. */
    @Test
    void everyKindOfClientFromRealClientList() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-7.0-master-mixed.txt"));

        assertThat(clients).extracting(ClientInfo::id, ClientInfo::flags, ClientInfo::cmd, ClientInfo::name)
                .containsExactly(
                        tuple(57L, "P", "subscribe", ""),
                        tuple(58L, "b", "blpop", ""),
                        tuple(59L, "O", "monitor", ""),
                        tuple(60L, "N", "ping", "<!channel>"),
                        tuple(61L, "N", "ping", "$(reboot)"),
                        tuple(62L, "U", "client|setname", "unix-worker"),
                        tuple(4L, "S", "replconf", ""),
                        tuple(56L, "N", "ping", "orders-pool"),
                        tuple(63L, "N", "client|list", ""));
        assertThat(clients).filteredOn(c -> c.id() != 63 && c.id() != 4)
                .allSatisfy(c -> {
                    assertThat(c.ageSeconds()).isEqualTo(3);
                    assertThat(c.idleSeconds()).isEqualTo(3);
                });
        assertThat(clients.get(6).ageSeconds()).isEqualTo(8);
        assertThat(clients.get(6).idleSeconds()).isZero();
    }

    @Test
    void pubSubBlockedMonitorAndReplicaClientsAreExemptFromTimeout() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-7.0-master-mixed.txt"));

        assertThat(clients).filteredOn(ClientInfo::exemptFromTimeout).extracting(ClientInfo::flags)
                .containsExactly("P", "b", "O", "S");
        assertThat(clients).filteredOn(c -> !c.exemptFromTimeout()).extracting(ClientInfo::id)
                .containsExactly(60L, 61L, 62L, 56L, 63L);
    }

    @Test
    void subscriptionsAddChannelsPatternsAndShardChannels() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-7.0-master-mixed.txt"));
        String line = "id=70 addr=10.0.0.9:4000 laddr=10.0.0.5:6379 fd=9 name= age=5 idle=5 flags=N db=0 sub=2 psub=1"
                + " ssub=3 multi=-1 cmd=ssubscribe user=default resp=3";

        assertThat(clients).extracting(ClientInfo::subscriptions).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        assertThat(ClientInfo.parseList(line).getFirst().subscriptions()).isEqualTo(6);
    }

    @Test
    void aReplicasLinkToItsMasterIsExempt() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-7.0-replica.txt"));

        ClientInfo master = clients.getFirst();
        assertThat(master.flags()).isEqualTo("M");
        assertThat(master.user()).isEqualTo("(superuser)");
        assertThat(master.cmd()).isEqualTo("NULL");
        assertThat(master.exemptFromTimeout()).isTrue();
        assertThat(clients.get(1).exemptFromTimeout()).isFalse();
    }

    @Test
    void namesAreKeptVerbatim() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-7.0-master-mixed.txt"));

        assertThat(clients).extracting(ClientInfo::name).contains("<!channel>", "$(reboot)");
    }

    @Test
    void unixSocketClientsAreGroupedBySocketPath() {
        ClientInfo unix = ClientInfo.parseList(Fixtures.text("client-list-7.0-master-mixed.txt")).get(5);

        assertThat(unix.addr()).endsWith("/master/redis.sock:0");
        assertThat(unix.host()).startsWith("/tmp/gw-capture-").endsWith("/master/redis.sock");
    }

    /**
     * Valkey 8 adds watch, lib-name, lib-ver, tot-net-in, tot-net-out and tot-cmds. Hand-written in the form the
     * valkey-doc CLIENT LIST page documents (no Valkey server is available here to capture from).
     */
    @Test
    void valkeyExtraFieldsAreIgnored() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-valkey-8.0.txt"));

        assertThat(clients).hasSize(3);
        assertThat(clients.get(0)).isEqualTo(new ClientInfo(17, "10.0.0.31:50412", "10.0.0.5:6379", "billing-pool",
                172_900, 90_061, "N", "get", "default", 0));
        assertThat(clients.get(1).exemptFromTimeout()).isTrue();
        assertThat(clients.get(2).name()).isEqualTo("ghostwatch");
    }

    /**
     * Redis 6.2 has no ssub, multi-mem, rbs, rbp or resp, and cmd names no subcommand. Hand-written from the 6.2
     * field set (documented in the CLIENT LIST page history), not captured.
     */
    @Test
    void redis62LinesParse() {
        List<ClientInfo> clients = ClientInfo.parseList(Fixtures.text("client-list-6.2.txt"));

        assertThat(clients).containsExactly(
                new ClientInfo(3, "10.0.0.12:52136", "10.0.0.5:6379", "orders-pool", 432_000, 345_600, "N", "get", "default", 0),
                new ClientInfo(4, "10.0.0.13:40112", "10.0.0.5:6379", "", 7_200, 7_200, "b", "brpop", "default", 0));
    }

    @Test
    void missingFieldsTakeDefaultsAndLinesWithoutIdAreSkipped() {
        // an old server's line: no laddr, no user; then garbage, a blank line and a line with a bad id
        String raw = "id=7 addr=10.1.1.1:5000 fd=5 name=x age=10 idle=4 flags=N db=0 cmd=get\n"
                + "garbage without fields\n\n"
                + "addr=10.1.1.2:5001 idle=99\n"
                + "id=abc addr=10.1.1.3:5002\n";

        assertThat(ClientInfo.parseList(raw)).containsExactly(
                new ClientInfo(7, "10.1.1.1:5000", "", "x", 10, 4, "N", "get", "", 0));
    }

    @Test
    void unknownKeysDoNotShadowKnownOnes() {
        String line = Fixtures.text("client-list-7.0.txt").lines().findFirst().orElseThrow();
        String extended = line.replace(" idle=0 ", " idle=0 idle-ms=123456 xidle=99 future=a=b ");

        assertThat(ClientInfo.parseList(extended)).containsExactlyElementsOf(ClientInfo.parseList(line));
    }

    @Test
    void ipv6AddressesGiveTheHostWithoutPort() {
        String line = Fixtures.text("client-list-7.0.txt").lines().findFirst().orElseThrow()
                .replace("addr=127.0.0.1:58784", "addr=2001:db8::17:58784");

        assertThat(ClientInfo.parseList(line).getFirst().host()).isEqualTo("2001:db8::17");
    }

    @Test
    void crlfLineEndsAreAccepted() {
        String crlf = Fixtures.text("client-list-7.0.txt").replace("\n", "\r\n");

        assertThat(ClientInfo.parseList(crlf)).extracting(ClientInfo::user).containsOnly("default").hasSize(4);
    }
}
