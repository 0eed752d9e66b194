package io.ghostwatch.core.aws;

import io.ghostwatch.core.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads the current version ({@code AWSCURRENT}) of a Secrets Manager secret with
 * {@code secretsmanager:GetSecretValue}, for the config's {@code secret:} references. Clients are built the way
 * {@link AwsClients} builds the ElastiCache ones (the URL-connection HTTP client, the settings' retries, call timeout
 * and endpoint override; by default the SDK's endpoint rules, which honour {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}), one per region, with the base credentials (the function's role; no role
 * of another account is assumed for secrets: a secret in another account is named by its ARN and shared through its
 * resource policy).
 *
 * <p>Region: an ARN's own; for a name, {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}) of the environment given,
 * else the SDK's region chain (profile). No caching here: {@link io.ghostwatch.core.config.Secrets} caches.
 * Thread-safe.
 */
public final class SecretsManagerReader implements io.ghostwatch.core.config.Secrets.Reader, AutoCloseable {

    /** {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}: the region of an ARN. */
    private static final Pattern ARN_REGION = Pattern.compile("arn:[^:]+:secretsmanager:([^:]+):.*");

    /**
     * One secret's current version as GetSecretValue returns it. {@link #toString()} leaves the value out.
     *
     * @param secretString the text value; null when the secret holds binary data ({@code binary})
     */
    public record SecretValue(String arn, String name, String versionId, String secretString, boolean binary) {
        @Override
        public String toString() {
            return "SecretValue[arn=" + arn + ", name=" + name + ", versionId=" + versionId + ", value redacted]";
        }
    }

    private final AwsClients.Settings settings;
    private final Map<String, String> environment;
    private final SdkResources resources;
    private final Map<Region, SecretsManagerClient> clients = new ConcurrentHashMap<>();

    private SecretsManagerReader(AwsClients.Settings settings, Map<String, String> environment) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.environment = Map.copyOf(environment);
        this.resources = new SdkResources(settings);
    }

    /**
     * Builds nothing that talks to AWS yet: a region's client is made on its first read.
     *
     * @param environment where {@code AWS_REGION} / {@code AWS_DEFAULT_REGION} are looked up for names
     */
    public static SecretsManagerReader create(AwsClients.Settings settings, Map<String, String> environment) {
        return new SecretsManagerReader(settings, environment);
    }

    /**
     * The secret's current value.
     *
     * @param secretId a name or an ARN
     * @throws AwsCallException naming secretsmanager:GetSecretValue: not found (NOT_FOUND), not allowed
     *                          (ACCESS_DENIED), unreachable, throttled, or any other refusal with AWS's code
     * @throws ConfigException  when a name is given and no region is configured
     */
    @Override
    public SecretValue getSecretValue(String secretId) {
        Region region = regionFor(secretId);
        SecretsManagerClient client = clients.computeIfAbsent(region, r -> resources.own(AwsClients.configure(
                SecretsManagerClient.builder(), r, resources.credentials(), resources.http(), settings).build()));
        GetSecretValueResponse response = AwsCall.run(AwsAction.GET_SECRET_VALUE,
                () -> client.getSecretValue(r -> r.secretId(secretId)));
        return new SecretValue(response.arn(), response.name(), response.versionId(), response.secretString(),
                response.secretString() == null && response.secretBinary() != null);
    }

    private Region regionFor(String secretId) {
        Matcher arn = ARN_REGION.matcher(secretId);
        if (arn.matches()) {
            return Region.of(arn.group(1));
        }
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Region.of(value.strip());
            }
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new ConfigException("no AWS region to read secret " + secretId + " from: set AWS_REGION, or give"
                    + " the secret's full ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)", e);
        }
    }

    /** Closes every client, the credential chain it made, then the HTTP client. */
    @Override
    public synchronized void close() {
        clients.clear();
        resources.close();
    }
}
