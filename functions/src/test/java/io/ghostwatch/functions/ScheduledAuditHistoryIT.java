package io.ghostwatch.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.history.DynamoDbSampleStore;
import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.testing.DynamoDbLocal;
import io.ghostwatch.core.testing.RedisServerProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Scheduled audits keep their history in DynamoDB (Local here), one sample per server per run. */
class ScheduledAuditHistoryIT {

    @TempDir
    Path dir;

    @Test
    void eachScheduledRunAppendsOneSamplePerServer() throws Exception {
        try (DynamoDbLocal dynamo = DynamoDbLocal.start();
             RedisServerProcess redis = RedisServerProcess.start("timeout 0");
             Jedis client = redis.admin()) {
            client.clientSetname("billing-worker");
            DynamoDbSampleStore.createTable(dynamo.client(), "ghostwatch-samples");
            DynamoDbSampleStore store = DynamoDbSampleStore.using(dynamo.client(), "ghostwatch-samples");
            Path config = dir.resolve("ghostwatch.yaml");
            Files.writeString(config, "targets:\n  - name: cache-1\n    uri: " + redis.uri() + "\n");
            byte[] event = Files.readAllBytes(RepoFiles.file("events/schedule.json"));
            Map<String, String> env = Map.of(ScheduledAuditHandler.ENV_CONFIG, config.toString());

            for (int run = 0; run < 2; run++) {
                new ScheduledAuditHandler(env, Clock.systemUTC(), store)
                        .handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), new TestLambdaContext());
            }

            List<ServerSample> history = store.history("cache-1", redis.address(), Instant.EPOCH);
            assertThat(history).hasSize(2);
            assertThat(history.getFirst().time()).isBefore(history.getLast().time());
            assertThat(history.getLast().connectedClients()).isEqualTo(2); // billing-worker + Ghostwatch itself
            assertThat(history.getLast().addresses()).singleElement()
                    .satisfies(a -> assertThat(a.address()).isEqualTo("127.0.0.1"));
        }
    }
}
