package io.ghostwatch.core.testing;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.ClientInfo;
import io.ghostwatch.core.redis.ClusterNode;
import io.ghostwatch.core.redis.ConfigValues;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.ProbeResult;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.redis.RedisConnector;
import io.ghostwatch.core.redis.ServerInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Builds {@link NodeSnapshot}s for check and renderer tests from the captured fixtures, with the one fact a
 * test is about changed. Defaults are those of the captured 7.0 master ({@code info-7.0-standalone.txt},
 * {@code config-get-7.0-bind-loopback.txt}: timeout 0, tcp-keepalive 300, bind 127.0.0.1, protected-mode
 * yes, maxclients 10000), no clients, and an unauthenticated probe answered over loopback (that server has
 * no password).
 */
public final class Snapshots {

    public static final HostPort NODE = new HostPort("10.0.0.5", 6379);
    public static final Instant COLLECTED_AT = Instant.parse("2026-11-21T10:00:00Z");

    /** Real refusals, as the collector words them from the captured error replies. */
    public static final String CONFIG_RENAMED = refusal("CONFIG", Fixtures.errors("errors-7.0.txt").get(0));
    public static final String CONFIG_NOPERM = refusal("CONFIG", Fixtures.errors("errors-7.0.txt").get(1));
    public static final String CLIENT_NOPERM = refusal("CLIENT",
            "NOPERM this user has no permissions to run the 'client|list' command");

    private Snapshots() {
    }

    public static String refusal(String command, String errorReply) {
        return RedisConnector.refusal(command, new JedisDataException(errorReply));
    }

    /** The captured standalone 7.0 master, with its captured CONFIG GET reply. */
    public static Builder standalone() {
        return new Builder("info-7.0-standalone.txt")
                .config(ConfigValues.fromReply(Fixtures.configGet("config-get-7.0-bind-loopback.txt")));
    }

    /** The captured Sentinel, read the way the collector reads one (no CONFIG, no census). */
    public static Builder sentinel() {
        return new Builder("info-7.0-sentinel.txt")
                .config(ConfigValues.allUnreadable("a Sentinel has no CONFIG GET for server settings"))
                .census(Readout.unreadable("a Sentinel's clients are not application clients"));
    }

    public static final class Builder {
        private HostPort node = NODE;
        private final Map<String, String> info;
        private Readout<Long> timeout = Readout.unreadable("not set by the test");
        private Readout<Long> tcpKeepalive = Readout.unreadable("not set by the test");
        private Readout<String> bind = Readout.unreadable("not set by the test");
        private Readout<Boolean> protectedMode = Readout.unreadable("not set by the test");
        private Readout<Long> maxclients = Readout.unreadable("not set by the test");
        private Readout<ClientCensus> census = Readout.known(ClientCensus.of(List.of(), -1, 86_400));
        private ProbeResult probe = new ProbeResult.Accepted(true);
        private List<ClusterNode> clusterNodes = List.of();

        private Builder(String infoFixture) {
            this.info = new LinkedHashMap<>(ServerInfo.parse(Fixtures.text(infoFixture)).fields());
        }

        public Builder node(HostPort node) {
            this.node = node;
            return this;
        }

        /** Changes one INFO field as a server would report it ({@code null} removes it). */
        public Builder info(String key, String value) {
            if (value == null) {
                info.remove(key);
            } else {
                info.put(key, value);
            }
            return this;
        }

        public Builder version(String redisVersion) {
            return info("redis_version", redisVersion);
        }

        public Builder config(ConfigValues c) {
            timeout = c.timeout();
            tcpKeepalive = c.tcpKeepalive();
            bind = c.bind();
            protectedMode = c.protectedMode();
            maxclients = c.maxclients();
            return this;
        }

        /** Every CONFIG fact unreadable for the same reason (CONFIG renamed, NOPERM), as the collector does. */
        public Builder configUnreadable(String reason) {
            return config(ConfigValues.allUnreadable(reason));
        }

        public Builder timeout(long v) { timeout = Readout.known(v); return this; }
        public Builder timeout(Readout<Long> v) { timeout = v; return this; }
        public Builder tcpKeepalive(long v) { tcpKeepalive = Readout.known(v); return this; }
        public Builder tcpKeepalive(Readout<Long> v) { tcpKeepalive = v; return this; }
        public Builder bind(String v) { bind = Readout.known(v); return this; }
        public Builder bind(Readout<String> v) { bind = v; return this; }
        public Builder protectedMode(boolean v) { protectedMode = Readout.known(v); return this; }
        public Builder protectedMode(Readout<Boolean> v) { protectedMode = v; return this; }
        public Builder maxclients(long v) { maxclients = Readout.known(v); return this; }
        public Builder maxclients(Readout<Long> v) { maxclients = v; return this; }

        public Builder census(Readout<ClientCensus> c) {
            census = c;
            return this;
        }

        /** The census of a real CLIENT LIST reply, as the collector takes it. */
        public Builder clients(String clientListFixture, long ownId, long ghostIdleSeconds) {
            return census(Readout.known(ClientCensus.of(ClientInfo.parseList(Fixtures.text(clientListFixture)),
                    ownId, ghostIdleSeconds)));
        }

        public Builder probe(ProbeResult p) {
            probe = p;
            return this;
        }

        public Builder clusterNodes(List<ClusterNode> nodes) {
            clusterNodes = nodes;
            return this;
        }

        public NodeSnapshot build() {
            return new NodeSnapshot(node, COLLECTED_AT, new ServerInfo(info),
                    new ConfigValues(timeout, tcpKeepalive, bind, protectedMode, maxclients), census, probe, clusterNodes);
        }
    }
}
