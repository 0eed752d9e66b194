package io.ghostwatch.core.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * What an owner of SDK clients ({@link AwsClients}, {@link SecretsManagerReader}) shares among them and closes with
 * them: one lightweight URL-connection HTTP client, the base credentials (the settings' own, or a default chain made
 * here), and every client built on them, closed newest first, then the HTTP client.
 */
final class SdkResources implements AutoCloseable {

    private final SdkHttpClient http = httpClient();
    private final AwsCredentialsProvider credentials;
    private final List<SdkAutoCloseable> owned = new ArrayList<>();

    SdkResources(AwsClients.Settings settings) {
        if (settings.credentials() != null) {
            this.credentials = settings.credentials();
        } else {
            this.credentials = own(DefaultCredentialsProvider.builder().build());
        }
    }

    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    SdkHttpClient http() {
        return http;
    }

    AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** Keeps {@code resource} to close with the rest. */
    synchronized <T extends SdkAutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        owned.reversed().forEach(SdkAutoCloseable::close);
        owned.clear();
        http.close();
    }
}
