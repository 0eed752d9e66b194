package io.ghostwatch.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.check.BindRestrictedCheck;
import io.ghostwatch.core.check.ConnectionHeadroomCheck;
import io.ghostwatch.core.check.IdleConnectionsReapedCheck;
import io.ghostwatch.core.check.IdleTimeoutCheck;
import io.ghostwatch.core.check.NetworkAccessAuthenticatedCheck;
import io.ghostwatch.core.check.TcpKeepaliveCheck;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.model.TargetKind;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.render.JsonReportRenderer;
import io.ghostwatch.core.render.MarkdownReportRenderer;
import io.ghostwatch.core.render.TextReportRenderer;
import io.ghostwatch.core.testing.RedisCluster;
import io.ghostwatch.core.testing.RedisServerProcess;
import io.ghostwatch.core.testing.SilentListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Real redis-server processes with real misconfigurations, audited the way the CLI and Lambda do. */
class TargetAuditorIT {

    private static final Map<String, String> ENV = Map.of("REDIS_PW", "s3cret-pw", "AUDITOR_PW", "auditor-pw");

    private static TargetReport audit(String uri, SecretRef password, Policy policy) {
        TargetSpec spec = TargetSpec.fromUri("lab", uri, password, Map.of(), "test");
        return new TargetAuditor(policy, Secrets.environmentOnly(ENV), Clock.systemUTC()).audit(spec,
                java.time.Instant.now().plusSeconds(10));
    }

    private static TargetReport audit(String uri) {
        return audit(uri, null, Policy.defaults());
    }

    private static Finding finding(TargetReport r, String checkId) {
        return r.findings().stream().filter(f -> f.checkId().equals(checkId)).findFirst().orElseThrow(
                () -> new AssertionError("no " + checkId + " in " + r.findings()));
    }

    @Test
    void debianDefaultConfigFailsOnlyTheIdleTimeout() throws IOException {
        List<String> debian = Files.readAllLines(Path.of("/etc/redis/redis.conf")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        try (RedisServerProcess redis = RedisServerProcess.start(debian.toArray(String[]::new))) {
            TargetReport r = audit(redis.uri());
            assertThat(r.status()).isEqualTo(AuditStatus.AUDITED);
            assertThat(r.kind()).isEqualTo(TargetKind.STANDALONE);
            Finding timeout = finding(r, IdleTimeoutCheck.ID);
            assertThat(timeout.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(timeout.severity()).isEqualTo(Severity.HIGH);
            assertThat(timeout.detail()).isEqualTo("lab (" + redis.address() + ") never closes idle clients (timeout 0).");
            assertThat(timeout.fix().commands()).containsExactly("CONFIG SET timeout 86400", "CONFIG REWRITE");
            assertThat(finding(r, TcpKeepaliveCheck.ID).status()).isEqualTo(CheckStatus.PASS);
            assertThat(finding(r, BindRestrictedCheck.ID).status()).isEqualTo(CheckStatus.PASS);
            Finding network = finding(r, NetworkAccessAuthenticatedCheck.ID);
            assertThat(network.status()).isEqualTo(CheckStatus.PASS);
            assertThat(network.detail()).contains("loopback only");
            assertThat(finding(r, ConnectionHeadroomCheck.ID).status()).isEqualTo(CheckStatus.PASS);
            assertThat(r.findings()).filteredOn(f -> f.status() == CheckStatus.FAIL).hasSize(1);
        }
    }

    @Test
    void timeoutZeroAndKeepaliveZeroBothFailHigh() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start("bind 127.0.0.1", "timeout 0", "tcp-keepalive 0")) {
            TargetReport r = audit(redis.uri());
            assertThat(finding(r, IdleTimeoutCheck.ID).severity()).isEqualTo(Severity.HIGH);
            Finding keepalive = finding(r, TcpKeepaliveCheck.ID);
            assertThat(keepalive.severity()).isEqualTo(Severity.HIGH);
            assertThat(keepalive.fix().commands()).containsExactly("CONFIG SET tcp-keepalive 300", "CONFIG REWRITE");
        }
    }

    @Test
    void openServerWithoutPasswordIsCritical() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start("bind 0.0.0.0", "protected-mode no")) {
            TargetReport r = audit(redis.uri());
            Finding network = finding(r, NetworkAccessAuthenticatedCheck.ID);
            assertThat(network.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(network.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(network.detail()).contains("without a password").contains("bind 0.0.0.0").contains("protected-mode no");
            assertThat(finding(r, BindRestrictedCheck.ID).severity()).isEqualTo(Severity.MEDIUM);
        }
    }

    @Test
    void openBindWithPasswordIsOnlyMedium() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.builder()
                .config("bind 0.0.0.0", "protected-mode no", "requirepass s3cret-pw").admin(null, "s3cret-pw").start()) {
            TargetReport r = audit(redis.uri(), new SecretRef.Env("REDIS_PW"), Policy.defaults());
            assertThat(r.status()).isEqualTo(AuditStatus.AUDITED);
            Finding network = finding(r, NetworkAccessAuthenticatedCheck.ID);
            assertThat(network.status()).isEqualTo(CheckStatus.PASS);
            assertThat(network.evidence().get("unauthenticated_probe")).startsWith("NOAUTH");
            assertThat(finding(r, BindRestrictedCheck.ID).severity()).isEqualTo(Severity.MEDIUM);
            assertThat(r.findings()).filteredOn(f -> f.status() == CheckStatus.FAIL)
                    .extracting(Finding::severity).doesNotContain(Severity.CRITICAL);
            String json = new JsonReportRenderer().render(new AuditReport(java.time.Instant.now(), 1, List.of(r)));
            assertThat(json).doesNotContain("s3cret-pw");
        }
    }

    @Test
    void protectedModeWithoutPasswordRefusesOthersOn70() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start("bind 0.0.0.0", "protected-mode yes")) {
            TargetReport r = audit(redis.uri());
            Finding network = finding(r, NetworkAccessAuthenticatedCheck.ID);
            assertThat(network.status()).isEqualTo(CheckStatus.PASS);
            assertThat(network.detail()).contains("protected mode refuses");
            assertThat(finding(r, BindRestrictedCheck.ID).status()).isEqualTo(CheckStatus.FAIL);
        }
    }

    @Test
    void renamedConfigIsAnErrorNamingTheCause() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start("rename-command CONFIG \"\"")) {
            TargetReport r = audit(redis.uri());
            assertThat(r.status()).isEqualTo(AuditStatus.AUDITED);
            for (String id : List.of(IdleTimeoutCheck.ID, TcpKeepaliveCheck.ID, BindRestrictedCheck.ID)) {
                Finding f = finding(r, id);
                assertThat(f.status()).as(id).isEqualTo(CheckStatus.ERROR);
                assertThat(f.detail()).as(id).contains("CONFIG is renamed or disabled");
            }
            // Facts that do not come from CONFIG still count: maxclients from INFO, the census, headroom.
            assertThat(finding(r, ConnectionHeadroomCheck.ID).status()).isEqualTo(CheckStatus.PASS);
            assertThat(finding(r, IdleConnectionsReapedCheck.ID).status()).isEqualTo(CheckStatus.PASS);
        }
    }

    @Test
    void aclUserWithoutConfigGetsNopermErrors() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.builder().config(
                        "user default on >s3cret-pw ~* &* +@all",
                        "user auditor on >auditor-pw ~* &* +@all -config")
                .admin("default", "s3cret-pw").start()) {
            TargetReport r = audit("redis://auditor@127.0.0.1:" + redis.port(), new SecretRef.Env("AUDITOR_PW"),
                    Policy.defaults());
            assertThat(r.status()).isEqualTo(AuditStatus.AUDITED);
            Finding timeout = finding(r, IdleTimeoutCheck.ID);
            assertThat(timeout.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(timeout.detail()).contains("NOPERM for config|get");
            assertThat(finding(r, NetworkAccessAuthenticatedCheck.ID).status()).isEqualTo(CheckStatus.PASS);
        }
    }

    @Test
    void wrongPasswordIsAnErrorNotACrash() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.builder().config("requirepass right-pw")
                .admin(null, "right-pw").start()) {
            TargetReport r = audit(redis.uri(), new SecretRef.Env("REDIS_PW"), Policy.defaults());
            assertThat(r.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(r.error()).startsWith("authentication failed").doesNotContain("s3cret-pw");
            assertThat(r.findings()).isEmpty();
        }
    }

    @Test
    void missingPasswordVariableIsAnErrorNamingIt() {
        TargetReport r = audit("redis://127.0.0.1:1", new SecretRef.Env("NOT_SET_ANYWHERE"), Policy.defaults());
        assertThat(r.status()).isEqualTo(AuditStatus.ERROR);
        assertThat(r.error()).contains("env:NOT_SET_ANYWHERE").contains("not set");
    }

    @Test
    void closedPortIsUnreachable() throws IOException {
        int port = RedisServerProcess.freePort();
        TargetReport r = audit("redis://127.0.0.1:" + port);
        assertThat(r.status()).isEqualTo(AuditStatus.UNREACHABLE);
        assertThat(r.error()).contains("connection refused");
    }

    @Test
    void listenerThatNeverAnswersIsBoundedByTheReadDeadline() throws IOException {
        try (SilentListener silent = new SilentListener(SilentListener.Mode.SILENT)) {
            Policy policy = Policy.defaults().withAssignment("readTimeoutMs=500");
            long started = System.nanoTime();
            TargetReport r = audit(silent.uri(), null, policy);
            long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(r.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(r.error()).contains("no reply within the 500 ms read deadline");
            assertThat(ms).isLessThan(3_000);
        }
    }

    @Test
    void fleetDeadlineHoldsEvenWhenSocketDeadlinesAreLonger() throws IOException {
        try (SilentListener silent = new SilentListener(SilentListener.Mode.SILENT);
             RedisServerProcess redis = RedisServerProcess.start()) {
            Policy policy = Policy.defaults().withAssignment("readTimeoutMs=60000").withAssignment("targetDeadlineSeconds=1");
            List<TargetSpec> specs = List.of(TargetSpec.fromUri("silent", silent.uri(), null, Map.of(), "t"),
                    TargetSpec.fromUri("live", redis.uri(), null, Map.of(), "t"));
            long started = System.nanoTime();
            AuditReport report = new FleetAuditor(policy, Secrets.environmentOnly(ENV), Clock.systemUTC()).audit(specs,
                    AuditProgress.NONE);
            long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(report.targets().get(0).status()).isEqualTo(AuditStatus.UNREACHABLE);
            assertThat(report.targets().get(0).error()).contains("1 s target deadline");
            assertThat(report.targets().get(1).status()).isEqualTo(AuditStatus.AUDITED);
            assertThat(ms).isLessThan(4_000);
        }
    }

    @Test
    void listenerThatAnswersGarbageIsAnError() throws IOException {
        try (SilentListener garbage = new SilentListener(SilentListener.Mode.GARBAGE)) {
            TargetReport r = audit(garbage.uri());
            assertThat(r.status()).isEqualTo(AuditStatus.ERROR);
            assertThat(r.error()).contains("not the Redis protocol");
        }
    }

    @Test
    void everyNodeOfAThreeMasterClusterIsAudited() throws IOException {
        try (RedisCluster cluster = RedisCluster.start(3, "timeout 0")) {
            TargetReport r = audit(cluster.nodes().get(1).uri());
            assertThat(r.kind()).isEqualTo(TargetKind.CLUSTER);
            assertThat(r.nodes()).extracting(n -> n.node().toString())
                    .containsExactlyInAnyOrderElementsOf(cluster.nodes().stream().map(RedisServerProcess::address).toList());
            assertThat(r.nodes()).allMatch(n -> n.status() == AuditStatus.AUDITED && n.role() == NodeRole.MASTER);
            assertThat(r.nodes().getFirst().node().toString()).isEqualTo(cluster.nodes().get(1).address());
            assertThat(r.findings()).filteredOn(f -> f.checkId().equals(IdleTimeoutCheck.ID))
                    .extracting(Finding::node)
                    .containsExactlyInAnyOrderElementsOf(cluster.nodes().stream().map(RedisServerProcess::address).toList());
        }
    }

    @Test
    void aMastersReplicasAreAuditedUnderTheMaster() throws IOException {
        try (RedisServerProcess master = RedisServerProcess.start("timeout 0");
             RedisServerProcess replica = RedisServerProcess.start("replicaof 127.0.0.1 " + master.port(), "timeout 600")) {
            master.awaitReplicaOnline();
            TargetReport r = audit(master.uri());
            assertThat(r.nodes()).extracting(NodeReport::role).containsExactly(NodeRole.MASTER, NodeRole.REPLICA);
            assertThat(r.nodes().get(1).node().toString()).isEqualTo(replica.address());
            assertThat(r.findings()).filteredOn(f -> f.checkId().equals(IdleTimeoutCheck.ID))
                    .extracting(Finding::node, Finding::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(master.address(), CheckStatus.FAIL),
                            org.assertj.core.groups.Tuple.tuple(replica.address(), CheckStatus.PASS));
            // The replica's link to its master is exempt from timeout and never counted as a ghost.
            var census = ((Readout.Known<ClientCensus>) r.nodes().getFirst().snapshot().census()).value();
            assertThat(census.addresses()).anyMatch(a -> a.exempt() == 1);
        }
    }

    @Test
    void aSentinelIsRecognisedWithItsMasters() throws IOException {
        try (RedisServerProcess master = RedisServerProcess.start();
             RedisServerProcess sentinel = startSentinel(master.port())) {
            TargetReport r = audit(sentinel.uri());
            assertThat(r.kind()).isEqualTo(TargetKind.SENTINEL);
            assertThat(r.nodes().getFirst().role()).isEqualTo(NodeRole.SENTINEL);
            var masters = r.nodes().getFirst().snapshot().info().monitoredMasters();
            assertThat(masters).hasSize(1);
            assertThat(masters.getFirst().name()).isEqualTo("mymaster");
            assertThat(masters.getFirst().address()).isEqualTo(master.address());
            assertThat(finding(r, IdleTimeoutCheck.ID).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
            assertThat(new TextReportRenderer(false).render(new AuditReport(java.time.Instant.now(), 1, List.of(r))))
                    .contains("monitors mymaster at " + master.address());
        }
    }

    @Test
    void longIdleConnectionsAreCountedPerClientAddressAndHostileNamesStayInert() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("timeout 0")) {
            List<Jedis> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) {
                    Jedis j = redis.admin();
                    j.clientSetname(i == 0 ? "<!channel>" : i == 1 ? "$(reboot)`id`" : "app-pool");
                    idle.add(j);
                }
                Thread.sleep(2_100);
                Policy policy = Policy.defaults().withAssignment("ghostIdleSeconds=1");
                TargetReport r = audit(redis.uri(), null, policy);
                Finding ghosts = finding(r, IdleConnectionsReapedCheck.ID);
                assertThat(ghosts.status()).isEqualTo(CheckStatus.FAIL);
                assertThat(ghosts.detail()).contains("holds 12 connections idle longer than 1 s (12 from 127.0.0.1)")
                        .contains("timeout 0 lets them live");
                var census = ((Readout.Known<ClientCensus>) r.nodes().getFirst().snapshot().census()).value();
                assertThat(census.connections()).isEqualTo(12); // Ghostwatch's own connection left out
                assertThat(census.addresses().getFirst().names()).contains("<!channel>", "$(reboot)`id`", "app-pool");
                AuditReport report = new AuditReport(java.time.Instant.now(), 1, List.of(r));
                assertThat(new MarkdownReportRenderer().render(report)).contains("&lt;\\!channel&gt;")
                        .doesNotContain("<!channel>");
                assertThat(new JsonReportRenderer().render(report)).contains("\"<!channel>\"");
            } finally {
                idle.forEach(Jedis::close);
            }
        }
    }

    @Test
    void censusIsSkippedAboveThePolicyLimitWithTheReason() throws IOException {
        try (RedisServerProcess redis = RedisServerProcess.start(); Jedis a = redis.admin(); Jedis b = redis.admin()) {
            a.ping();
            b.ping();
            TargetReport r = audit(redis.uri(), null, Policy.defaults().withAssignment("censusMaxClients=1"));
            Finding f = finding(r, IdleConnectionsReapedCheck.ID);
            assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(f.detail()).contains("CLIENT LIST skipped").contains("censusMaxClients 1");
        }
    }

    @Test
    void headroomFailsHighNearMaxclientsAndCriticalOnceClientsWereTurnedAway() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("maxclients 10", "protected-mode no")) {
            List<Jedis> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Jedis j = redis.admin();
                    j.ping();
                    clients.add(j);
                }
                Finding near = finding(audit(redis.uri()), ConnectionHeadroomCheck.ID);
                assertThat(near.status()).isEqualTo(CheckStatus.FAIL);
                assertThat(near.severity()).isEqualTo(Severity.HIGH);
                assertThat(near.detail()).contains("8 of 10 connections in use");
                for (int i = 0; i < 3; i++) { // two fit, the third is turned away
                    try {
                        Jedis j = redis.admin();
                        j.ping();
                        clients.add(j);
                    } catch (redis.clients.jedis.exceptions.JedisException expected) {
                        // ERR max number of clients reached
                    }
                }
                for (int i = 0; i < 4; i++) {
                    clients.removeLast().close();
                }
                Thread.sleep(200);
                Finding turnedAway = finding(audit(redis.uri()), ConnectionHeadroomCheck.ID);
                assertThat(turnedAway.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(turnedAway.detail()).contains("already turned away");
            } finally {
                clients.forEach(Jedis::close);
            }
        }
    }

    static RedisServerProcess startSentinel(int masterPort) throws IOException {
        return RedisServerProcess.builder().sentinel()
                .config("sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1").start();
    }
}
