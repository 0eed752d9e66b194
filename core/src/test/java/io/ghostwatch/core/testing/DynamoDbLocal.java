package io.ghostwatch.core.testing;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local ({@code com.amazonaws:DynamoDBLocal}) running in this JVM, in memory, answering HTTP on a free
 * port of 127.0.0.1 only, so the code under test talks to it through the real SDK client and HTTP client.
 *
 * <p>Why not {@code DynamoDBEmbedded.create().dynamoDbClient()} or {@code ServerRunner}: both start DynamoDB
 * Local's telemetry (AWS Pinpoint and Cognito SDK clients, which want the network and SDK modules that are not
 * on Maven Central at the SDK version this project uses), the embedded client skips the SDK's HTTP and JSON
 * layers, and ServerRunner listens on every interface. Here DynamoDB Local's own request handler is mounted on
 * a Jetty connector bound to loopback. SQLite's native library comes from inside the DynamoDB Local 2.x jar
 * (extracted to the temp directory on first use), so no sqlite4java.library.path set-up is needed.
 *
 * <p>A store IT shares one per class through {@link #perClass()}.
 */
public final class DynamoDbLocal implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;

    private final LocalDynamoDBRequestHandler requests;
    private final Server server;
    private final ServerConnector connector;

    private DynamoDbLocal(LocalDynamoDBRequestHandler requests, Server server, ServerConnector connector) {
        this.requests = requests;
        this.server = server;
        this.connector = connector;
    }

    /** Starts an empty in-memory DynamoDB Local (one database shared by all credentials and regions). */
    public static DynamoDbLocal start() throws Exception {
        // port (unused by the handler), inMemory, dbPath, sharedDb, delayTransientStatuses
        LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new LocalDynamoDBServerHandler(requests, null));
        try {
            server.start();
        } catch (Exception e) {
            requests.shutdown();
            throw e;
        }
        return new DynamoDbLocal(requests, server, connector);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** A client as the stores build it (URL-connection HTTP client), with dummy credentials. */
    public DynamoDbClient client() {
        return clientFor(endpoint());
    }

    public static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake")))
                .endpointOverride(endpoint)
                .build();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        } finally {
            requests.shutdown();
        }
    }

    /**
     * One DynamoDB Local for a test class, started before its first test and stopped with its client after its last,
     * registered as {@code @RegisterExtension static final DynamoDbLocal.PerClass DYNAMO = DynamoDbLocal.perClass();}.
     * A test instance takes a table of its own in a field: {@code private final String table = DYNAMO.newTable(
     * "ghostwatch-runs", DynamoDbRunStore::createTable);} (JUnit makes a test instance per test, after the class's
     * before-all callbacks).
     */
    public static PerClass perClass() {
        return new PerClass();
    }

    /** See {@link #perClass()}. */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private final AtomicInteger tables = new AtomicInteger();
        private DynamoDbLocal local;
        private DynamoDbClient client;

        private PerClass() {
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            local = DynamoDbLocal.start();
            client = local.client();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            try {
                if (client != null) {
                    client.close();
                }
            } finally {
                if (local != null) {
                    local.close();
                }
            }
        }

        /** The client of {@link DynamoDbLocal#client()}, shared by the class's tests. */
        public DynamoDbClient client() {
            started();
            return client;
        }

        public URI endpoint() {
            return started().endpoint();
        }

        /** A new table {@code <prefix>-<n>}, made by {@code create} (a store's {@code createTable}); its name. */
        public String newTable(String prefix, BiConsumer<DynamoDbClient, String> create) {
            String table = prefix + "-" + tables.incrementAndGet();
            create.accept(client(), table);
            return table;
        }

        private DynamoDbLocal started() {
            if (local == null) {
                throw new IllegalStateException("DynamoDB Local is not started: register DynamoDbLocal.perClass() in a"
                        + " static @RegisterExtension field");
            }
            return local;
        }
    }
}
