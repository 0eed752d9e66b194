package io.ghostwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.check.IdleConnectionsReapedCheck;
import io.ghostwatch.core.check.IdleTimeoutCheck;
import io.ghostwatch.core.check.TcpKeepaliveCheck;
import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.Snapshots;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class JsonReportRendererTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonReportRenderer renderer = new JsonReportRenderer();

    private static TargetReport capturedMaster() {
        return Reports.audited(Reports.target("lab-1"), Snapshots.standalone()
                .clients("client-list-7.0-master-mixed.txt", 63, 2).build());
    }

    private JsonNode render(TargetReport... targets) throws Exception {
        String json = renderer.render(Reports.report(targets));
        assertThat(json).endsWith("}\n");
        return MAPPER.readTree(json);
    }

    private static JsonNode finding(JsonNode target, String checkId) {
        return StreamSupport.stream(target.get("findings").spliterator(), false)
                .filter(f -> f.get("checkId").asText().equals(checkId)).findFirst().orElseThrow();
    }

    @Test
    void topLevelShape() throws Exception {
        JsonNode root = render(capturedMaster());

        assertThat(root.get("startedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(root.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(root.get("durationMs").asLong()).isEqualTo(1234);
        assertThat(root.get("summary").get("targets").asInt()).isEqualTo(1);
        assertThat(root.get("summary").get("audited").asInt()).isEqualTo(1);
        assertThat(root.get("summary").get("failures").get("HIGH").asInt()).isEqualTo(1); // timeout 0
        assertThat(root.get("targets").isArray()).isTrue();
        assertThat(root.get("targets")).hasSize(1);
    }

    @Test
    void targetShape() throws Exception {
        JsonNode t = render(capturedMaster()).get("targets").get(0);

        assertThat(t.get("name").asText()).isEqualTo("lab-1");
        assertThat(t.get("endpoint").asText()).isEqualTo("rediss://auditor@10.0.0.5:6379");
        assertThat(t.get("kind").asText()).isEqualTo("standalone");
        assertThat(t.get("status").asText()).isEqualTo("AUDITED");
        assertThat(t.has("error")).isTrue();
        assertThat(t.get("error").isNull()).isTrue();
        assertThat(t.get("tags").get("team").asText()).isEqualTo("payments");
        assertThat(t.get("nodes")).hasSize(1);
        assertThat(t.get("nodes").get(0).get("node").asText()).isEqualTo("10.0.0.5:6379");
        assertThat(t.get("nodes").get(0).get("role").asText()).isEqualTo("master");
    }

    @Test
    void factsKeepNumbersAsNumbers() throws Exception {
        JsonNode facts = render(capturedMaster()).get("targets").get(0).get("facts");

        assertThat(facts.get("product").asText()).isEqualTo("redis");
        assertThat(facts.get("version").asText()).isEqualTo("7.0.15");
        assertThat(facts.get("mode").asText()).isEqualTo("standalone");
        assertThat(facts.get("role").asText()).isEqualTo("master");
        assertThat(facts.get("timeout").isIntegralNumber()).isTrue();
        assertThat(facts.get("timeout").asLong()).isZero();
        assertThat(facts.get("tcpKeepalive").asLong()).isEqualTo(300);
        assertThat(facts.get("maxclients").asLong()).isEqualTo(10_000);
        assertThat(facts.get("connectedClients").asLong()).isEqualTo(1);
        assertThat(facts.get("bind").asText()).isEqualTo("127.0.0.1");
        assertThat(facts.get("protectedMode").asBoolean()).isTrue();
        assertThat(facts.get("configFile").asText()).isEqualTo("/tmp/lab/a.conf");
        assertThat(facts.get("unauthenticatedProbe").asText()).isEqualTo("accepted (over loopback)");
        assertThat(facts.has("unreadable")).isFalse();
    }

    @Test
    void unreadableFactsAreNullWithTheirReason() throws Exception {
        JsonNode facts = render(Reports.audited(Reports.target("lab-1"),
                Snapshots.standalone().configUnreadable(Snapshots.CONFIG_NOPERM).build()))
                .get("targets").get(0).get("facts");

        assertThat(facts.get("timeout").isNull()).isTrue();
        assertThat(facts.get("maxclients").asLong()).isEqualTo(10_000); // from INFO
        assertThat(facts.get("unreadable").get("timeout").asText()).startsWith("NOPERM for config|get");
        assertThat(facts.get("unreadable").has("maxclients")).isFalse();
    }

    @Test
    void censusShape() throws Exception {
        JsonNode census = render(capturedMaster()).get("targets").get(0).get("census");

        assertThat(census.get("connections").asInt()).isEqualTo(8);
        assertThat(census.get("probableGhosts").asInt()).isEqualTo(4);
        assertThat(census.get("ghostIdleSeconds").asLong()).isEqualTo(2);
        assertThat(census.has("skipped")).isTrue();
        assertThat(census.get("skipped").isNull()).isTrue();
        assertThat(census.get("error").isNull()).isTrue();
        JsonNode first = census.get("clients").get(0);
        assertThat(first.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(first.get("connections").asInt()).isEqualTo(7);
        assertThat(first.get("idleOverSeconds").get("2").asInt()).isEqualTo(6);
        assertThat(first.get("idleOverSeconds").get("86400").asInt()).isZero();
        assertThat(first.get("oldestAgeSeconds").asLong()).isEqualTo(8);
        assertThat(first.get("maxIdleSeconds").asLong()).isEqualTo(3);
        assertThat(first.get("probableGhosts").asInt()).isEqualTo(3);
        assertThat(first.get("exemptFromTimeout").asInt()).isEqualTo(4);
        assertThat(first.get("names")).extracting(JsonNode::asText).containsExactly("$(reboot)", "<!channel>", "orders-pool");
        assertThat(first.get("flags").get("N").asInt()).isEqualTo(3);
        assertThat(census.get("clients").get(1).get("address").asText()).endsWith("/master/redis.sock");
    }

    @Test
    void skippedAndUnreadableCensus() throws Exception {
        JsonNode skipped = render(Reports.audited(Reports.target("lab-1"), Snapshots.standalone()
                .census(Readout.known(ClientCensus.skipped("CLIENT LIST skipped: too many clients", 86_400))).build()))
                .get("targets").get(0).get("census");
        JsonNode unreadable = render(Reports.audited(Reports.target("lab-1"), Snapshots.standalone()
                .census(Readout.unreadable(Snapshots.CLIENT_NOPERM)).build()))
                .get("targets").get(0).get("census");

        assertThat(skipped.get("skipped").asText()).isEqualTo("CLIENT LIST skipped: too many clients");
        assertThat(skipped.get("clients")).isEmpty();
        assertThat(unreadable.get("connections").isNull()).isTrue();
        assertThat(unreadable.get("skipped").isNull()).isTrue();
        assertThat(unreadable.get("error").asText()).startsWith("NOPERM for client|list");
    }

    @Test
    void failedFindingShape() throws Exception {
        JsonNode f = finding(render(capturedMaster()).get("targets").get(0), IdleTimeoutCheck.ID);

        assertThat(f.get("node").asText()).isEqualTo("10.0.0.5:6379");
        assertThat(f.get("status").asText()).isEqualTo("FAIL");
        assertThat(f.get("severity").asText()).isEqualTo("HIGH");
        assertThat(f.get("detail").asText()).isEqualTo("lab-1 (10.0.0.5:6379) never closes idle clients (timeout 0).");
        assertThat(f.get("evidence").get("timeout").asText()).isEqualTo("0");
        assertThat(f.get("evidence").get("config_file").asText()).isEqualTo("/tmp/lab/a.conf");
        JsonNode fix = f.get("fix");
        assertThat(fix.get("summary").asText()).isNotBlank();
        assertThat(fix.get("automatable").asBoolean()).isTrue();
        assertThat(fix.get("commands")).extracting(JsonNode::asText).containsExactly("CONFIG SET timeout 86400", "CONFIG REWRITE");
        assertThat(fix.get("steps")).extracting(s -> s.get("kind").asText()).containsExactly("set_parameter", "persist_config");
        assertThat(fix.get("steps").get(0).get("command").asText()).isEqualTo("CONFIG SET timeout 86400");
        assertThat(fix.get("steps").get(0).get("explanation").asText()).contains("86400");
    }

    @Test
    void passedFindingHasNullSeverityAndFix() throws Exception {
        JsonNode f = finding(render(capturedMaster()).get("targets").get(0), TcpKeepaliveCheck.ID);

        assertThat(f.get("status").asText()).isEqualTo("PASS");
        assertThat(f.has("severity")).isTrue();
        assertThat(f.get("severity").isNull()).isTrue();
        assertThat(f.get("fix").isNull()).isTrue();
    }

    @Test
    void everyCheckReportsOnEveryNode() throws Exception {
        JsonNode t = render(capturedMaster()).get("targets").get(0);

        assertThat(t.get("findings")).extracting(f -> f.get("checkId").asText()).containsExactlyInAnyOrder(
                "redis_idle_timeout_enabled", "redis_tcp_keepalive_enabled", "redis_network_access_authenticated",
                "redis_bind_restricted", IdleConnectionsReapedCheck.ID, "redis_connection_headroom",
                "redis_connection_count_stable");
    }

    @Test
    void unavailableTargetHasNullFactsAndCensus() throws Exception {
        JsonNode t = render(TargetReport.unavailable(Reports.target("lab-2"), AuditStatus.UNREACHABLE,
                "connection refused or no route (Connection refused)", 3)).get("targets").get(0);

        assertThat(t.get("status").asText()).isEqualTo("UNREACHABLE");
        assertThat(t.get("kind").asText()).isEqualTo("unknown");
        assertThat(t.get("error").asText()).isEqualTo("connection refused or no route (Connection refused)");
        assertThat(t.get("facts").isNull()).isTrue();
        assertThat(t.get("census").isNull()).isTrue();
        assertThat(t.get("findings")).isEmpty();
    }

    @Test
    void sentinelListsItsMonitoredMasters() throws Exception {
        JsonNode t = render(Reports.audited(Reports.target("sentinel-1"), Snapshots.sentinel().build()))
                .get("targets").get(0);

        assertThat(t.get("kind").asText()).isEqualTo("sentinel");
        JsonNode m = t.get("monitoredMasters").get(0);
        assertThat(m.get("name").asText()).isEqualTo("mymaster");
        assertThat(m.get("status").asText()).isEqualTo("ok");
        assertThat(m.get("replicas").asInt()).isEqualTo(1);
        assertThat(m.get("sentinels").asInt()).isEqualTo(1);
    }

    @Test
    void hostileTextIsEscapedJsonAndRoundTripsExactly() throws Exception {
        List<ClientInfo> clients = ClientInfo.parseList(Reports.hostileClientList());
        String json = renderer.render(Reports.report(Reports.audited(Reports.target("lab-1"), Snapshots.standalone()
                .census(Readout.known(ClientCensus.of(clients, 63, 2))).build())));

        assertThat(json).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001B[31mEVIL");
        JsonNode names = MAPPER.readTree(json).get("targets").get(0).get("census").get("clients").get(0).get("names");
        assertThat(names).extracting(JsonNode::asText).contains(Reports.ESC_NAME, Reports.SCRIPT_NAME, Reports.BIDI_NAME);
    }

    @Test
    void thePasswordNeverAppears() throws Exception {
        var spec = Reports.target("lab-1");
        assertThat(spec.connectionSettings(Reports.POLICY, Secrets.environmentOnly(Reports.ENV)).password())
                .isEqualTo(Reports.SECRET);

        String json = renderer.render(Reports.report(capturedMaster(),
                TargetReport.unavailable(spec, AuditStatus.ERROR,
                        "authentication failed for ACL user 'auditor': WRONGPASS invalid username-password pair or user"
                                + " is disabled.", 5)));

        assertThat(json).doesNotContain(Reports.SECRET);
    }
}
