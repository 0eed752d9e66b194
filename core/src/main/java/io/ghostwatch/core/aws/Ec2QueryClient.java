package io.ghostwatch.core.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The two EC2 reads of the ElastiCache audit, DescribeSecurityGroups and DescribeRouteTables, over EC2's query protocol
 * (API {@value #API_VERSION}: a form-encoded POST, an XML answer), made with the SDK's own parts: the shared HTTP client,
 * the account's credentials provider, the SigV4 signer and the retry strategy and call timeout of
 * {@link AwsClients.Settings}. Failures are the SDK's exception types ({@link AwsServiceException} carrying EC2's error
 * code and HTTP status, {@link SdkClientException} when EC2 cannot be reached, {@link ApiCallTimeoutException}), so
 * {@link AwsCall} reports them as it does any SDK client's.
 *
 * <p>Why not the SDK's {@code ec2} module: it holds every EC2 operation (27 MB, half of each Lambda jar), and it cannot be
 * trimmed to these two, because linking its client class makes the JVM's verifier load the request class of each of
 * its ~820 operations. Building that client also cost 0.3-0.45 s of a cold start.
 *
 * <p>Endpoint: {@code endpointOverride} (tests) or, as the SDK resolves it, {@code AWS_ENDPOINT_URL_EC2}, then
 * {@code AWS_ENDPOINT_URL} (neither when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}), else
 * {@code https://ec2.<region>.<partition's DNS suffix>}. Not supported: FIPS and dual-stack endpoints, and endpoint URLs
 * from the shared config file.
 */
public final class Ec2QueryClient {

    public static final String API_VERSION = "2016-11-15";
    static final String SIGNING_NAME = "ec2";
    private static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

    /** A security group as far as reachability goes: its inbound rules. */
    public record SecurityGroup(String groupId, String groupName, String vpcId, List<IpPermission> ipPermissions) {
        public SecurityGroup {
            ipPermissions = List.copyOf(ipPermissions);
        }
    }

    /**
     * One inbound rule: protocol ({@code tcp}, {@code -1} for all), port range (null for all) and the CIDR sources.
     */
    public record IpPermission(String ipProtocol, Integer fromPort, Integer toPort, List<String> ipRanges,
                               List<String> ipv6Ranges) {
        public IpPermission {
            ipRanges = List.copyOf(ipRanges);
            ipv6Ranges = List.copyOf(ipv6Ranges);
        }
    }

    /** A route table: which subnets it is for (or the VPC's main table) and its routes. */
    public record RouteTable(String routeTableId, String vpcId, List<Association> associations, List<Route> routes) {
        public RouteTable {
            associations = List.copyOf(associations);
            routes = List.copyOf(routes);
        }
    }

    /** The table's link to a subnet ({@code subnetId}), or the VPC's main-table mark ({@code main}). */
    public record Association(String subnetId, boolean main) {
    }

    /** A route: its IPv4 or IPv6 destination and, when it goes to a gateway, the gateway's ID. */
    public record Route(String destinationCidrBlock, String destinationIpv6CidrBlock, String gatewayId) {
    }

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;
    private final RetryStrategy retry;
    private final Duration apiCallTimeout;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param endpoint where EC2 is ({@link #endpoint})
     */
    public Ec2QueryClient(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                          RetryStrategy retry, Duration apiCallTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.apiCallTimeout = Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
    }

    /**
     * EC2's endpoint in {@code region}, resolved as the SDK does (see the class comment).
     *
     * @param override    the client's endpoint override, or null
     * @param environment the process environment
     */
    public static URI endpoint(URI override, Map<String, String> environment, String region) {
        if (override != null) {
            return override;
        }
        if (!"true".equalsIgnoreCase(environment.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").strip())) {
            for (String variable : List.of("AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL")) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    return URI.create(value.strip());
                }
            }
        }
        return URI.create("https://ec2." + region + "." + PartitionMetadata.of(Region.of(region)).dnsSuffix());
    }

    /** The groups with these IDs, every page; an unknown ID fails the call ({@code InvalidGroup.NotFound}). */
    public List<SecurityGroup> describeSecurityGroups(List<String> groupIds) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < groupIds.size(); i++) {
            params.put("GroupId." + (i + 1), groupIds.get(i));
        }
        return pages("DescribeSecurityGroups", params, Ec2Xml::securityGroups);
    }

    /** Every route table of the VPC (filter {@code vpc-id}), every page. */
    public List<RouteTable> describeRouteTables(String vpcId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Filter.1.Name", "vpc-id");
        params.put("Filter.1.Value.1", vpcId);
        return pages("DescribeRouteTables", params, Ec2Xml::routeTables);
    }

    private <T> List<T> pages(String action, Map<String, String> params, Function<Ec2Xml.Page, List<T>> items) {
        List<T> all = new ArrayList<>();
        String next = null;
        do {
            Map<String, String> page = new LinkedHashMap<>(params);
            if (next != null) {
                page.put("NextToken", next);
            }
            Ec2Xml.Page answer = Ec2Xml.page(call(action, page));
            all.addAll(items.apply(answer));
            next = answer.nextToken();
        } while (next != null);
        return all;
    }

    /** One call (one page) with the retry strategy's retries, within the call timeout: the answer's XML. */
    private byte[] call(String action, Map<String, String> params) {
        long deadline = System.nanoTime() + apiCallTimeout.toNanos();
        AcquireInitialTokenResponse first = retry.acquireInitialToken(AcquireInitialTokenRequest.create(SIGNING_NAME));
        RetryToken token = first.token();
        pause(first.delay(), deadline);
        while (true) {
            try {
                byte[] answer = attempt(action, params);
                retry.recordSuccess(RecordSuccessRequest.create(token));
                return answer;
            } catch (SdkException failure) {
                RefreshRetryTokenResponse again;
                try {
                    again = retry.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure)
                            .build());
                } catch (TokenAcquisitionFailedException noMore) {
                    throw failure;
                }
                token = again.token();
                pause(again.delay(), deadline);
            }
        }
    }

    private void pause(Duration delay, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= delay.toNanos()) {
            throw ApiCallTimeoutException.create(apiCallTimeout.toMillis());
        }
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while waiting to retry an EC2 call", e);
        }
    }

    private byte[] attempt(String action, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", API_VERSION);
        form.putAll(params);
        byte[] body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteResponse response;
        byte[] answer;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            answer = response.responseBody().map(Ec2QueryClient::readAll).orElse(new byte[0]);
        } catch (IOException | UncheckedIOException e) {
            throw SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e);
        }
        int status = response.httpResponse().statusCode();
        if (status / 100 == 2) {
            return answer;
        }
        Ec2Xml.Error error = Ec2Xml.error(answer);
        String said = error.message() != null ? error.message() : "HTTP " + status;
        throw AwsServiceException.builder()
                .message(said + " (Service: Ec2, Status Code: " + status + ", Request ID: " + error.requestId() + ")")
                .statusCode(status)
                .requestId(error.requestId())
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(error.code())
                        .errorMessage(error.message())
                        .serviceName("Ec2")
                        .sdkHttpResponse(response.httpResponse())
                        .build())
                .build();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 3986 form encoding, as the SDK sends query-protocol bodies. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
