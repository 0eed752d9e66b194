package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ServerInfoTest {

    @Test
    void standaloneMasterFromRealInfo() {
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-7.0-standalone.txt"));

        assertThat(info.version()).isEqualTo(new RedisVersion(7, 0, 15));
        assertThat(info.product()).isEqualTo("redis");
        assertThat(info.mode()).isEqualTo(TargetKind.STANDALONE);
        assertThat(info.role()).isEqualTo(NodeRole.MASTER);
        assertThat(info.connectedClients()).hasValue(1);
        assertThat(info.maxclients()).hasValue(10_000);
        assertThat(info.blockedClients()).hasValue(0);
        assertThat(info.rejectedConnections()).hasValue(0);
        assertThat(info.totalConnectionsReceived()).hasValue(6);
        assertThat(info.uptimeSeconds()).hasValue(48);
        assertThat(info.configFile()).contains("/tmp/lab/a.conf");
        assertThat(info.clusterEnabled()).isFalse();
        assertThat(info.replicas()).isEmpty();
        assertThat(info.master()).isEmpty();
        assertThat(info.monitoredMasters()).isEmpty();
    }

    @Test
    void crlfIsStrippedFromValues() {
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-7.0-standalone.txt"));

        assertThat(info.get("redis_mode")).contains("standalone");
        assertThat(info.fields().values()).noneMatch(v -> v.contains("\r"));
        // section headers are not fields
        assertThat(info.fields().keySet()).noneMatch(k -> k.startsWith("#"));
    }

    @Test
    void valuesContainingColonsKeepEverythingAfterTheFirstColon() {
        // "executable:/tmp/lab/redis-server" and "os:Linux ..." are plain; slave0 and master0 values hold '=' and ','
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-7.0-sentinel.txt"));

        assertThat(info.get("master0")).hasValueSatisfying(v -> assertThat(v).startsWith("name=mymaster,status=ok,address=127.0.0.1:"));
    }

    @Test
    void replicaNamesItsMaster() {
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-7.0-replica.txt"));

        assertThat(info.role()).isEqualTo(NodeRole.REPLICA);
        assertThat(info.get("role")).contains("slave");
        assertThat(info.mode()).isEqualTo(TargetKind.STANDALONE);
        assertThat(info.master()).contains(new HostPort("127.0.0.1", 21810));
        assertThat(info.replicas()).isEmpty();
    }

    @Test
    void masterListsItsConnectedReplica() {
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-7.0-master-with-replica.txt"));

        assertThat(info.role()).isEqualTo(NodeRole.MASTER);
        assertThat(info.getLong("connected_slaves")).hasValue(1);
        // slave0:ip=127.0.0.1,port=...,state=online,offset=...,lag=...
        assertThat(info.replicas()).containsExactly(new HostPort("127.0.0.1", replicaPortFromReplicaFixture()));
        assertThat(info.master()).isEmpty();
        assertThat(info.connectedClients()).hasValue(8);
    }

    /** The two fixtures come from the same capture: the master lists the replica whose INFO we also have. */
    private static int replicaPortFromReplicaFixture() {
        return (int) ServerInfo.parse(Fixtures.text("info-7.0-replica.txt")).getLong("tcp_port").orElseThrow();
    }

    @Test
    void sentinelIsRecognisedAndListsWhatItMonitors() {
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-7.0-sentinel.txt"));

        assertThat(info.mode()).isEqualTo(TargetKind.SENTINEL);
        assertThat(info.role()).isEqualTo(NodeRole.SENTINEL);
        assertThat(info.get("role")).isEmpty(); // a Sentinel's INFO has no replication section
        assertThat(info.monitoredMasters()).containsExactly(
                new ServerInfo.MonitoredMaster("mymaster", "ok", "127.0.0.1:21810", 1, 1));
    }

    @Test
    void sentinelIsRecognisedFromItsSectionEvenWithoutRedisMode() {
        var fields = new java.util.LinkedHashMap<>(ServerInfo.parse(Fixtures.text("info-7.0-sentinel.txt")).fields());
        fields.remove("redis_mode");

        assertThat(new ServerInfo(fields).mode()).isEqualTo(TargetKind.SENTINEL);
    }

    @Test
    void clusterNode() {
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-7.0-cluster-node.txt"));

        assertThat(info.mode()).isEqualTo(TargetKind.CLUSTER);
        assertThat(info.clusterEnabled()).isTrue();
        assertThat(info.role()).isEqualTo(NodeRole.MASTER);
    }

    /**
     * Valkey 8 reports server_mode instead of redis_mode and its own version in valkey_version, while
     * redis_version stays at 7.2.4. The fixture is hand-written in the form the valkey.io INFO page documents
     * (no Valkey server is available here to capture from).
     */
    @Test
    void valkeyReportsServerModeAndItsOwnVersion() {
        ServerInfo info = ServerInfo.parse(Fixtures.text("info-valkey-8.0-standalone.txt"));

        assertThat(info.get("redis_mode")).isEmpty();
        assertThat(info.mode()).isEqualTo(TargetKind.STANDALONE);
        assertThat(info.version()).isEqualTo(new RedisVersion(8, 0, 1));
        assertThat(info.product()).isEqualTo("valkey");
        assertThat(info.role()).isEqualTo(NodeRole.MASTER);
        assertThat(info.connectedClients()).hasValue(3);
        assertThat(info.totalConnectionsReceived()).hasValue(412);
        assertThat(info.configFile()).contains("/etc/valkey/valkey.conf");
    }

    @Test
    void unknownKeysAreKeptButChangeNothing() {
        String info = Fixtures.text("info-7.0-standalone.txt");
        String withExtras = info.replace("# Clients\r\n",
                "# Clients\r\nfuture_clients_field:42\r\nlisteners:name=tcp,bind=*\r\nweird line without colon\r\n");
        ServerInfo plain = ServerInfo.parse(info);
        ServerInfo extended = ServerInfo.parse(withExtras);

        assertThat(extended.get("future_clients_field")).contains("42");
        assertThat(extended.connectedClients()).isEqualTo(plain.connectedClients());
        assertThat(extended.mode()).isEqualTo(plain.mode());
        assertThat(extended.version()).isEqualTo(plain.version());
        assertThat(extended.fields()).doesNotContainKey("weird line without colon");
    }

    @Test
    void lfOnlyRepliesParseTheSame() {
        String crlf = Fixtures.text("info-7.0-standalone.txt");

        assertThat(ServerInfo.parse(crlf.replace("\r\n", "\n")).fields()).isEqualTo(ServerInfo.parse(crlf).fields());
    }

    @Test
    void configFileIsEmptyWhenTheServerRunsWithoutOne() {
        String info = Fixtures.text("info-7.0-standalone.txt").replace("config_file:/tmp/lab/a.conf", "config_file:");

        assertThat(ServerInfo.parse(info).configFile()).isEmpty();
    }

    @Test
    void nonNumericCountersReadAsAbsent() {
        String info = Fixtures.text("info-7.0-standalone.txt").replace("connected_clients:1", "connected_clients:many");

        assertThat(ServerInfo.parse(info).connectedClients()).isEmpty();
    }

    @Test
    void malformedReplicaLinesAreSkipped() {
        var fields = new java.util.LinkedHashMap<>(ServerInfo.parse(Fixtures.text("info-7.0-master-with-replica.txt")).fields());
        fields.put("slave1", "ip=10.0.0.7,port=notaport,state=online");
        fields.put("slave2", "ip=10.0.0.8,port=6380,state=online");

        assertThat(new ServerInfo(fields).replicas()).containsExactly(
                new HostPort("127.0.0.1", replicaPortFromReplicaFixture()), new HostPort("10.0.0.8", 6380));
    }
}
