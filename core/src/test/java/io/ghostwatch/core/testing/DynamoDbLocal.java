package io.ghostwatch.core.testing;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
}
