package io.ghostwatch.core.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/** A real 3-master Redis Cluster on loopback (no replicas), slots split evenly, formed with CLUSTER MEET. */
public final class RedisCluster implements AutoCloseable {
    private static final int SLOTS = 16384;
    private final List<RedisServerProcess> nodes;

    private RedisCluster(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    public static RedisCluster start(int masters, String... extraConfig) throws IOException {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                List<String> config = new ArrayList<>(List.of("cluster-enabled yes", "cluster-config-file nodes.conf",
                        "cluster-node-timeout 5000"));
                config.addAll(List.of(extraConfig));
                nodes.add(startNode(config));
            }
            int per = SLOTS / masters;
            for (int i = 0; i < masters; i++) {
                int from = i * per;
                int to = i == masters - 1 ? SLOTS - 1 : (i + 1) * per - 1;
                try (Jedis j = nodes.get(i).admin()) {
                    j.sendCommand(() -> "CLUSTER".getBytes(), "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
                    if (i > 0) {
                        j.clusterMeet("127.0.0.1", nodes.get(0).port());
                    }
                }
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitFormed();
            return cluster;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(RedisServerProcess::close);
            throw e;
        }
    }

    /** A node on a port whose bus port is free; once more on another pair when something took one meanwhile. */
    private static RedisServerProcess startNode(List<String> config) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return RedisServerProcess.builder().config(config.toArray(String[]::new))
                        .port(RedisServerProcess.freeClusterPort()).start();
            } catch (IOException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private void awaitFormed() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisServerProcess n : nodes) {
                try (Jedis j = n.admin()) {
                    String info = j.clusterInfo();
                    ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes.size());
                }
            }
            if (ok) {
                return;
            }
            RedisServerProcess.sleep(Duration.ofMillis(100));
        }
        throw new IOException("cluster did not form within 20 s");
    }

    public List<RedisServerProcess> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }
}
