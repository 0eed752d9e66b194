package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.testing.RedisServerProcess;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Connecting to real servers: the reason a connection fails is the server's own words where it gave any. */
class RedisConnectorIT {

    private static RedisConnectionSettings settings() {
        return new RedisConnectionSettings(false, null, null, null, 2000, 2000);
    }

    /** What the collector does first with a connection: open it and send a command, classifying a failure. */
    private static void firstCommand(HostPort node) throws NodeUnavailableException {
        try (Jedis jedis = RedisConnector.open(node, settings())) {
            jedis.info("server");
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw RedisConnector.unavailable(node, e, settings());
        }
    }

    /** The incidents' symptom: a server whose clients fill maxclients turns the audit away too, and says why. */
    @Test
    void aServerAtMaxclientsIsNamedAsSuchNotAsABrokenPipe() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("maxclients 3")) {
            List<Jedis> ghosts = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Jedis ghost = new Jedis("127.0.0.1", redis.port());
                    ghost.ping();
                    ghosts.add(ghost);
                }
                for (int attempt = 0; attempt < 5; attempt++) {
                    assertThatThrownBy(() -> firstCommand(new HostPort("127.0.0.1", redis.port())))
                            .isInstanceOf(NodeUnavailableException.class)
                            .hasMessageContaining("ERR max number of clients reached")
                            .hasMessageNotContaining("Broken pipe").hasMessageNotContaining("reset")
                            .hasMessageContaining("connected_clients is at maxclients");
                }
            } finally {
                ghosts.forEach(Jedis::close);
            }
            try (Jedis again = RedisConnector.open(new HostPort("127.0.0.1", redis.port()), settings())) {
                assertThat(again.ping()).as("room again once the ghosts are gone").isEqualTo("PONG");
            }
        }
    }

    @Test
    void aPeerThatResetsWithoutAWordKeepsTheResetAsTheReason() throws Exception {
        Thread acceptor;
        try (ServerSocket rude = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            acceptor = Thread.ofVirtual().start(() -> {
                while (!rude.isClosed()) {
                    try (Socket s = rude.accept()) {
                        s.setSoLinger(true, 0); // close with RST
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            assertThatThrownBy(() -> firstCommand(new HostPort("127.0.0.1", rude.getLocalPort())))
                    .isInstanceOf(NodeUnavailableException.class)
                    .hasMessageNotContaining("max number of clients")
                    .hasMessageContaining("the connection failed");
        }
        acceptor.join(); // its accept() ended when the socket closed
    }
}
