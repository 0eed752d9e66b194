package io.ghostwatch.core.aws;

import io.ghostwatch.core.config.ElastiCacheConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK clients of the ElastiCache audit, built once per account and region and shared by everything that runs in
 * them: one URL-connection HTTP client under all of them (no Apache or Netty in the Lambda jar), throttling retried
 * with exponential backoff and jitter, every call bounded in time. An account with a {@code roleArn} is reached through
 * {@code sts:AssumeRole} (with its external ID), the session refreshed by the SDK before it expires.
 *
 * <p>Endpoints: by default the SDK's own rules, which honour {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_<SERVICE>} (how the local stand-ins are reached from a child process);
 * {@link Settings#endpointOverride} sets one for every service (tests in the same JVM). EC2 is not an SDK client but
 * {@link Ec2QueryClient} (the SDK's ec2 module would be half of each Lambda jar), on the same HTTP client, credentials,
 * retries and call timeout, with the same endpoint rules.
 */
public final class AwsClients implements AutoCloseable {

    /** Role session name, shown in the other account's CloudTrail as who made the calls. */
    public static final String SESSION_NAME = "ghostwatch";

    /**
     * How clients are built.
     *
     * @param endpointOverride every service's endpoint, or null for the SDK's (which reads {@code AWS_ENDPOINT_URL*})
     * @param credentials      the base credentials, or null for the SDK's default chain (the Lambda role, a profile...)
     * @param retry            attempts and backoff; throttling waits longer than other errors
     * @param apiCallTimeout   the most one call may take, its retries included
     */
    public record Settings(URI endpointOverride, AwsCredentialsProvider credentials, RetryStrategy retry,
                           Duration apiCallTimeout) {
        public Settings {
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
        }

        /** Production: SDK endpoints and credentials; 8 attempts, throttling backoff 1-20 s, 2 minutes per call. */
        public static Settings defaults() {
            return new Settings(null, null, retry(8, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20)),
                    Duration.ofMinutes(2));
        }

        /** Standard retries with the given attempts and backoff (full jitter) for errors and for throttling. */
        public static RetryStrategy retry(int maxAttempts, Duration base, Duration throttlingBase, Duration max) {
            return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(maxAttempts)
                    .backoffStrategy(BackoffStrategy.exponentialDelay(base, max))
                    .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBase, max))
                    .circuitBreakerEnabled(false)
                    .build();
        }
    }

    /** The clients for one account in one region. */
    public record RegionClients(String account, String region, ElastiCacheClient elastiCache, Ec2QueryClient ec2,
                                CloudWatchClient cloudWatch) {
    }

    private final Settings settings;
    private final SdkResources resources;
    /** Per account label: its credentials, or why its role cannot be assumed (asked once, not once per region). */
    private final Map<String, Object> accounts = new ConcurrentHashMap<>();
    private final Map<String, RegionClients> regions = new ConcurrentHashMap<>();

    private AwsClients(Settings settings) {
        this.settings = settings;
        this.resources = new SdkResources(settings);
    }

    public static AwsClients create(Settings settings) {
        return new AwsClients(settings);
    }

    /**
     * The clients for {@code account} in {@code region}, after making sure its credentials work: for an assumed role
     * this is where {@code sts:AssumeRole} is called, and where its refusal is reported, once per account.
     *
     * @throws AwsCallException naming sts:AssumeRole and the role when the role cannot be assumed
     */
    public RegionClients in(ElastiCacheConfig.Account account, String region) {
        AwsCredentialsProvider credentials = credentials(account, region);
        return regions.computeIfAbsent(account.name() + "/" + region, key -> {
            Region r = Region.of(region);
            return new RegionClients(account.name(), region,
                    own(configure(ElastiCacheClient.builder(), r, credentials).build()),
                    new Ec2QueryClient(resources.http(), credentials, region, Ec2QueryClient.endpoint(settings.endpointOverride(),
                            System.getenv(), region), settings.retry(), settings.apiCallTimeout()),
                    own(configure(CloudWatchClient.builder(), r, credentials).build()));
        });
    }

    private AwsCredentialsProvider credentials(ElastiCacheConfig.Account account, String region) {
        if (account.roleArn() == null) {
            return resources.credentials();
        }
        Object resolved = accounts.computeIfAbsent(account.name(), name -> assume(account, region));
        if (resolved instanceof AwsCallException failure) {
            throw failure;
        }
        return (AwsCredentialsProvider) resolved;
    }

    /** A provider for the account's role whose first session was obtained, or why none could be. */
    private Object assume(ElastiCacheConfig.Account account, String region) {
        StsClient sts = own(configure(StsClient.builder(), Region.of(region), resources.credentials()).build());
        StsAssumeRoleCredentialsProvider provider = own(StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(account.roleArn()).roleSessionName(SESSION_NAME)
                        .externalId(account.externalId()).durationSeconds(3600))
                .build());
        try {
            provider.resolveCredentials();
            return provider;
        } catch (SdkException e) {
            AwsCallException failure = AwsCallException.of(AwsAction.ASSUME_ROLE, e);
            return new AwsCallException(AwsAction.ASSUME_ROLE, failure.kind(), failure.errorCode(), "cannot assume "
                    + account.roleArn() + " for account " + account.name() + ": " + failure.getMessage()
                    + (failure.kind() == AwsCallException.Kind.ACCESS_DENIED ? " (check the role's trust policy"
                    + (account.externalId() != null ? " and external ID" : "") + ")" : ""), e);
        }
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            B configure(B builder, Region region, AwsCredentialsProvider credentials) {
        return configure(builder, region, credentials, resources.http(), settings);
    }

    /**
     * Every client the one way ({@link SecretsManagerReader} builds its own with it too): region, credentials, the
     * shared HTTP client, the retry strategy and call timeout of {@code settings}, and its endpoint override, if any.
     */
    static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            B configure(B builder, Region region, AwsCredentialsProvider credentials, SdkHttpClient http,
                        Settings settings) {
        builder.region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(settings.retry()).apiCallTimeout(settings.apiCallTimeout()));
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder;
    }

    /** Keeps {@code resource} to close with the rest ({@link #close}). */
    private <T extends SdkAutoCloseable> T own(T resource) {
        return resources.own(resource);
    }

    /** Closes every client, the credential providers, then the shared HTTP client. */
    @Override
    public void close() {
        resources.close();
    }
}
