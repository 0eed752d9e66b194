package io.ghostwatch.core.testing.aws;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local stand-in for the AWS APIs Ghostwatch calls (the ElastiCache audit's four, and Secrets Manager for the config's
 * {@code secret:} references), on 127.0.0.1, speaking each service's real wire
 * protocol as AWS SDK for Java 2.59.1 uses it, so the real SDK clients work against it unchanged (in-process with
 * {@code endpointOverride(endpoint())}; in a child process with {@link #environment()}, i.e.
 * {@code AWS_ENDPOINT_URL}):
 * <ul>
 *   <li>ElastiCache (awsQuery, 2015-02-02) and STS (awsQuery, 2011-06-15): form-encoded requests, XML answers;</li>
 *   <li>EC2 (EC2 query, 2016-11-15): form-encoded requests, lowerCamel XML answers with {@code <item>} lists;</li>
 *   <li>CloudWatch (Smithy RPC v2 CBOR, awsQuery-compatible errors);</li>
 *   <li>Secrets Manager (awsJson1_1: {@code X-Amz-Target: secretsmanager.GetSecretValue}, JSON in and out, errors as
 *       {@code {"__type": ..., "message": ...}}), serving the secrets a test put into a fleet
 *       ({@link RegionFleet#putSecret}).</li>
 * </ul>
 * Every request is routed by its SigV4 credential scope ({@code Credential=AKID/date/region/service/aws4_request}),
 * its signature verified against the secret of its access key (session credentials need their
 * {@code X-Amz-Security-Token}); an unknown key, a wrong token, a bad signature or an expired session is refused the
 * way the service refuses it. The caller's account and the scope's region select the {@link RegionFleet} served.
 * <p>
 * The {@link #baseCredentials() base credentials} are IAM user {@code ghostwatch} of account {@value #DEFAULT_ACCOUNT};
 * STS AssumeRole on a role a test {@link #allowAssumeRole allowed} hands out session credentials of the role's
 * account. Faults: {@link #denyAction}, {@link #throttle}, {@link #pageSize}, {@link #datapointsPerPage}. Every
 * request is logged as an {@link RecordedCall} ({@link #calls()}).
 */
public final class AwsStandIn implements AutoCloseable {

    /** The account of the base credentials. */
    public static final String DEFAULT_ACCOUNT = "111111111111";
    public static final String DEFAULT_REGION = "us-east-1";
    /** The IAM user the base credentials belong to. */
    public static final String BASE_USER_ARN = "arn:aws:iam::" + DEFAULT_ACCOUNT + ":user/ghostwatch";

    private static final String BASE_ACCESS_KEY_ID = "AKIAGHOSTWATCHSTAND1";
    private static final String BASE_SECRET_ACCESS_KEY = "gHoStWaTcHsTaNdInSeCrEtAcCeSsKeY/0000001";
    private static final int DEFAULT_MAX_SESSION_SECONDS = 3600;

    private final Object lock = new Object();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, AwsService> services = new HashMap<>();
    private final Identities identities = new Identities();
    private final Map<String, RegionFleet> fleets = new HashMap<>();
    private final Set<String> denied = new HashSet<>();
    private final Map<String, Integer> throttles = new HashMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<RuntimeException> failures = new ArrayList<>();
    private int pageSize;
    private int datapointsPerPage = Integer.MAX_VALUE;

    private AwsStandIn(Clock clock) throws IOException {
        this.clock = clock;
        for (AwsService service : List.of(new ElastiCacheService(), new StsService(), new Ec2Service(),
                new CloudWatchService(), new SecretsManagerService())) {
            services.put(service.signingName(), service);
        }
        identities.addUser(BASE_ACCESS_KEY_ID, BASE_SECRET_ACCESS_KEY, DEFAULT_ACCOUNT, "ghostwatch");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port of 127.0.0.1. */
    public static AwsStandIn start() {
        return start(Clock.systemUTC());
    }

    /** Starts with a clock of the test's (session expiry is judged by it). */
    public static AwsStandIn start(Clock clock) {
        try {
            return new AwsStandIn(clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the AWS stand-in on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: every service's endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** IAM user {@code ghostwatch}'s access key of account {@value #DEFAULT_ACCOUNT}. */
    public AwsBasicCredentials baseCredentials() {
        return AwsBasicCredentials.create(BASE_ACCESS_KEY_ID, BASE_SECRET_ACCESS_KEY);
    }

    public AwsCredentialsProvider baseCredentialsProvider() {
        return StaticCredentialsProvider.create(baseCredentials());
    }

    /**
     * How Ghostwatch's {@link io.ghostwatch.core.aws.AwsClients} reach this stand-in in the same JVM: its endpoint for
     * every service, the base credentials, the production retry rules (5 attempts) with millisecond backoff so that
     * throttling tests stay fast.
     */
    public io.ghostwatch.core.aws.AwsClients.Settings clientSettings() {
        return new io.ghostwatch.core.aws.AwsClients.Settings(endpoint(), baseCredentialsProvider(),
                io.ghostwatch.core.aws.AwsClients.Settings.retry(5, java.time.Duration.ofMillis(1),
                        java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(20)),
                java.time.Duration.ofSeconds(30));
    }

    /**
     * The environment of a child process using the base credentials against the stand-in: {@code AWS_ENDPOINT_URL},
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION} ({@value #DEFAULT_REGION}).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", BASE_ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", BASE_SECRET_ACCESS_KEY);
        env.put("AWS_REGION", DEFAULT_REGION);
        return Collections.unmodifiableMap(env);
    }

    // ---- fleet

    /** What {@code account} has in {@code region} (created empty, with the default parameter groups, on first use). */
    public RegionFleet fleet(String account, String region) {
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("not an AWS account ID: " + account);
        }
        synchronized (lock) {
            return fleets.computeIfAbsent(account + "/" + region, k -> new RegionFleet(lock, account, region));
        }
    }

    /** The base account's fleet in {@value #DEFAULT_REGION}. */
    public RegionFleet fleet() {
        return fleet(DEFAULT_ACCOUNT, DEFAULT_REGION);
    }

    /** A parameter's current value in a cache parameter group (after whatever Modify/Reset calls changed it). */
    public String parameterValue(String account, String region, String parameterGroup, String parameter) {
        return fleet(account, region).parameterValue(parameterGroup, parameter);
    }

    // ---- IAM and STS

    /** Lets any known principal assume {@code roleArn} ({@code arn:aws:iam::<account>:role/<name>}), no ExternalId. */
    public void allowAssumeRole(String roleArn) {
        allowAssumeRole(roleArn, null);
    }

    /**
     * Lets any known principal assume {@code roleArn} when it passes {@code externalId} (null: none required);
     * sessions last at most an hour (the role's MaxSessionDuration).
     */
    public void allowAssumeRole(String roleArn, String externalId) {
        synchronized (lock) {
            identities.allow(roleArn, externalId, DEFAULT_MAX_SESSION_SECONDS);
        }
    }

    // ---- faults

    /**
     * Denies an IAM action to every principal of {@code account}: the call is answered with the service's
     * access-denied error (ElastiCache, STS, CloudWatch: AccessDenied 403; EC2: UnauthorizedOperation 403; Secrets
     * Manager: AccessDeniedException 400).
     *
     * @param iamAction {@code ec2:DescribeSecurityGroups}, or {@code <prefix>:*} for a whole service
     */
    public void denyAction(String account, String iamAction) {
        synchronized (lock) {
            denied.add(account + " " + iamAction);
        }
    }

    public void allowAction(String account, String iamAction) {
        synchronized (lock) {
            denied.remove(account + " " + iamAction);
        }
    }

    /**
     * The next {@code times} calls of {@code iamAction} (any account) are throttled (ElastiCache, STS: Throttling
     * 400 "Rate exceeded"; EC2: RequestLimitExceeded 503; CloudWatch: Throttling 400; Secrets Manager:
     * ThrottlingException 400), then answered normally.
     */
    public void throttle(String iamAction, int times) {
        synchronized (lock) {
            throttles.merge(iamAction, times, Integer::sum);
        }
    }

    /**
     * Caps every paged answer at {@code records} items (ElastiCache MaxRecords/Marker and MaxResults/NextToken, EC2
     * MaxResults/NextToken), whatever the caller asked; 0 restores the services' own limits.
     */
    public void pageSize(int records) {
        if (records < 0) {
            throw new IllegalArgumentException("page size " + records);
        }
        synchronized (lock) {
            pageSize = records;
        }
    }

    /** Caps a GetMetricData page at {@code datapoints} datapoints (CloudWatch's own limit is 100,800). */
    public void datapointsPerPage(int datapoints) {
        if (datapoints < 1) {
            throw new IllegalArgumentException("datapoints per page " + datapoints);
        }
        synchronized (lock) {
            datapointsPerPage = datapoints;
        }
    }

    /** Clears denials, pending throttles and page caps. */
    public void resetFaults() {
        synchronized (lock) {
            denied.clear();
            throttles.clear();
            pageSize = 0;
            datapointsPerPage = Integer.MAX_VALUE;
        }
    }

    // ---- inspection

    public List<RecordedCall> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** The calls of one IAM action ({@code cloudwatch:GetMetricData}). */
    public List<RecordedCall> calls(String iamAction) {
        synchronized (lock) {
            return calls.stream().filter(c -> c.action().equals(iamAction)).toList();
        }
    }

    /** The IAM actions called, in order of first use. */
    public Set<String> actions() {
        synchronized (lock) {
            Set<String> out = new LinkedHashSet<>();
            calls.forEach(c -> out.add(c.action()));
            return out;
        }
    }

    public void clearCalls() {
        synchronized (lock) {
            calls.clear();
        }
    }

    /** Exceptions the stand-in itself threw while answering (answered as 500 InternalFailure); empty when sound. */
    public List<RuntimeException> failures() {
        synchronized (lock) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String requestId = UUID.randomUUID().toString();
            WireReply reply = dispatch(exchange, body, requestId);
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Type", reply.contentType());
            headers.set("x-amzn-RequestId", requestId);
            reply.headers().forEach(headers::set);
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private WireReply dispatch(HttpExchange exchange, byte[] body, String requestId) {
        String path = exchange.getRequestURI().getRawPath();
        Headers headers = exchange.getRequestHeaders();
        Optional<SigV4.Authorization> auth = SigV4.Authorization.parse(headers.getFirst("Authorization"));
        AwsService service = auth.map(a -> services.get(a.service()))
                .orElseGet(() -> unsignedService(path, headers, body));
        if (service == null) {
            return new WireReply(400, "text/plain", Map.of(), ("no AWS service for credential scope "
                    + auth.map(SigV4.Authorization::scope).orElse("(none)")).getBytes(
                            StandardCharsets.UTF_8));
        }
        String region = auth.map(SigV4.Authorization::region).orElse(DEFAULT_REGION);
        ServiceRequest request = null;
        ServiceError unreadable = null;
        try {
            request = service.read(path, headers, body);
        } catch (ServiceFault fault) {
            unreadable = fault.error();
        }
        String action = service.iamPrefix() + ":" + (request == null ? "?" : request.operation());
        Instant now = clock.instant();
        synchronized (lock) {
            Principal caller = null;
            ServiceError error;
            if (auth.isEmpty()) {
                error = service.missingAuthentication();
            } else {
                caller = identities.principal(auth.get().accessKeyId()).orElse(null);
                error = authenticate(service, auth.get(), caller, exchange, body, now);
            }
            if (error == null) {
                error = unreadable;
            }
            if (error == null && throttled(action)) {
                error = service.throttled();
            }
            if (error == null && (denied.contains(caller.account() + " " + action)
                    || denied.contains(caller.account() + " " + service.iamPrefix() + ":*"))) {
                error = service.accessDenied(caller.arn(), action,
                        service.resource(request, region, caller.account()));
            }
            WireReply reply = null;
            if (error == null) {
                RequestContext context = new RequestContext(requestId, caller, region,
                        fleet(caller.account(), region), identities, pageSize, datapointsPerPage, now);
                try {
                    reply = service.answer(request, context);
                } catch (ServiceFault fault) {
                    error = fault.error();
                } catch (RuntimeException e) {
                    failures.add(e);
                    error = new ServiceError(500, "InternalFailure", "AWS stand-in failure: " + e, false);
                }
            }
            if (error != null) {
                reply = service.error(error, requestId);
            }
            calls.add(new RecordedCall(now, auth.map(SigV4.Authorization::accessKeyId).orElse(null),
                    caller == null ? null : caller.account(), region, service.signingName(), action,
                    request == null ? Map.of() : request.params(), reply.status(),
                    error == null ? null : error.code()));
            return reply;
        }
    }

    /** Null when the request is signed by known, current credentials; else the service's refusal. */
    private static ServiceError authenticate(AwsService service, SigV4.Authorization auth, Principal caller,
                                             HttpExchange exchange, byte[] body, Instant now) {
        if (caller == null) {
            return service.unknownAccessKey();
        }
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (caller.sessionToken() == null ? token != null : !caller.sessionToken().equals(token)) {
            return service.unknownAccessKey();
        }
        if (!SigV4.verify(auth, caller.secretAccessKey(), exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body)) {
            return service.badSignature();
        }
        if (caller.expiredAt(now)) {
            return service.expiredToken();
        }
        return null;
    }

    private boolean throttled(String action) {
        Integer remaining = throttles.get(action);
        if (remaining == null || remaining <= 0) {
            return false;
        }
        throttles.put(action, remaining - 1);
        return true;
    }

    /**
     * The service an unsigned request is for: CloudWatch by its path, Secrets Manager by its {@code X-Amz-Target}, the
     * query services by their Version.
     */
    private AwsService unsignedService(String path, Headers headers, byte[] body) {
        if (CloudWatchService.servesPath(path)) {
            return services.get("monitoring");
        }
        if (SecretsManagerService.servesTarget(headers.getFirst("X-Amz-Target"))) {
            return services.get("secretsmanager");
        }
        String version = QueryParams.parse(body).get("Version");
        return switch (version == null ? "" : version) {
            case "2015-02-02" -> services.get("elasticache");
            case "2011-06-15" -> services.get("sts");
            case "2016-11-15" -> services.get("ec2");
            default -> null;
        };
    }
}
