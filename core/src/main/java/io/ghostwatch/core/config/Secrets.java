package io.ghostwatch.core.config;

import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.aws.AwsClients;
import io.ghostwatch.core.aws.SecretsManagerReader;
import io.ghostwatch.core.aws.SecretsManagerReader.SecretValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where {@link SecretRef}s are resolved: the process environment for {@code env:} references and, for {@code secret:}
 * references, AWS Secrets Manager, through a reader created on the first such reference (nothing talks to AWS before).
 * One instance per process or execution environment, shared by everything that connects to Redis or Slack.
 *
 * <p>Each secret's value is kept for {@link #DEFAULT_TTL} (a Lambda environment lives for hours, and secrets rotate):
 * within it, 5,000 targets sharing one secret cost one {@code GetSecretValue}. Concurrent callers of one secret ID wait
 * for the one fetch in flight (parked, never pinning a virtual thread's carrier). The fetch runs on its own virtual
 * thread, so a caller that gives up (a target's deadline interrupts it) does not fail it for the others. A failure
 * (not found, access denied, unreachable...) is kept for {@link #DEFAULT_FAILURE_TTL} only: long enough that one run
 * asks once, short enough that a granted permission or a created secret is seen soon. Values never reach a message or
 * {@link #toString()}.
 */
public final class Secrets implements AutoCloseable {

    /** How long a secret's value is used before it is read again. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** How long a failed read is remembered before it is tried again. */
    public static final Duration DEFAULT_FAILURE_TTL = Duration.ofSeconds(30);

    /** Reads one secret's current value (the SDK's {@link SecretsManagerReader}; a fake in unit tests). */
    @FunctionalInterface
    public interface Reader {
        /**
         * @throws AwsCallException for AWS's refusals; {@link ConfigException} for a configuration problem (no region)
         */
        SecretValue getSecretValue(String secretId);
    }

    /** The outcome of one fetch: a value, or why there is none (the cause kept for the stack trace). */
    private record Outcome(SecretValue value, String failure, RuntimeException cause) {
    }

    /** One fetch of one secret ID: in flight until {@code result} completes; then good until {@code expires}. */
    private static final class Fetch {
        final CompletableFuture<Outcome> result = new CompletableFuture<>();
        volatile Instant expires;
    }

    private final Map<String, String> environment;
    private final ReaderFactory factory;
    private final Duration ttl;
    private final Duration failureTtl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Fetch> cache = new ConcurrentHashMap<>();
    private final ReentrantLock readerLock = new ReentrantLock();
    private volatile Reader reader;
    private volatile boolean closed;

    /** Makes the reader when the first {@code secret:} reference is resolved. */
    @FunctionalInterface
    private interface ReaderFactory {
        Reader create();
    }

    private Secrets(Map<String, String> environment, ReaderFactory factory, Duration ttl, Duration failureTtl,
                    Clock clock) {
        this.environment = Map.copyOf(environment);
        this.factory = factory;
        this.ttl = requirePositive(ttl, "ttl");
        this.failureTtl = requirePositive(failureTtl, "failureTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * For production: {@code env:} from {@code environment}; {@code secret:} through Secrets Manager with the clients
     * built from {@code aws} (its endpoint override, credentials, retries and timeout; the region of an ARN, else
     * {@code AWS_REGION} of {@code environment}, else the SDK's chain), values kept {@link #DEFAULT_TTL}.
     */
    public static Secrets create(Map<String, String> environment, AwsClients.Settings aws) {
        return create(environment, aws, DEFAULT_TTL, Clock.systemUTC());
    }

    /** Like {@link #create(Map, AwsClients.Settings)} with another time-to-live and clock. */
    public static Secrets create(Map<String, String> environment, AwsClients.Settings aws, Duration ttl, Clock clock) {
        Objects.requireNonNull(aws, "aws");
        Map<String, String> env = Map.copyOf(environment);
        return new Secrets(env, () -> SecretsManagerReader.create(aws, env), ttl, failureTtlFor(ttl), clock);
    }

    /** With a reader of the caller's (tests: a fake, counting reads). */
    public static Secrets using(Map<String, String> environment, Reader reader, Duration ttl, Duration failureTtl,
                                Clock clock) {
        Objects.requireNonNull(reader, "reader");
        return new Secrets(environment, () -> reader, ttl, failureTtl, clock);
    }

    /**
     * {@code env:} and {@code file:} references only: a {@code secret:} reference is refused with a message that says
     * so. For callers that have no AWS access to offer, and tests.
     */
    public static Secrets environmentOnly(Map<String, String> environment) {
        return new Secrets(environment, null, DEFAULT_TTL, DEFAULT_FAILURE_TTL, Clock.systemUTC());
    }

    /** The environment {@code env:} references are read from. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The current value (SecretString) of a secret, from the cache while it is fresh.
     *
     * @param secretId a secret's name or ARN, as the reference gives it (the cache's key)
     * @throws ConfigException saying why there is no value (AWS's refusal, naming the action), never a value
     */
    String secretString(String secretId) {
        Outcome outcome = await(fetch(secretId), secretId);
        if (outcome.failure() != null) {
            throw new ConfigException(outcome.failure(), outcome.cause());
        }
        SecretValue value = outcome.value();
        if (value.binary()) {
            throw new ConfigException("the secret holds binary data (SecretBinary), not text; store the value as"
                    + " SecretString");
        }
        if (value.secretString() == null || value.secretString().isBlank()) {
            throw new ConfigException("the secret's value (SecretString) is empty");
        }
        return value.secretString();
    }

    /** The fresh fetch of {@code secretId}: the one in flight, a cached one, or a new one started now. */
    private Fetch fetch(String secretId) {
        while (true) {
            Fetch current = cache.get(secretId);
            if (current != null && fresh(current)) {
                return current;
            }
            Fetch mine = new Fetch();
            boolean won = current == null ? cache.putIfAbsent(secretId, mine) == null
                    : cache.replace(secretId, current, mine);
            if (won) {
                Thread.ofVirtual().name("ghostwatch-secret-read").start(() -> run(mine, secretId));
                return mine;
            }
        }
    }

    private boolean fresh(Fetch fetch) {
        Instant expires = fetch.expires;
        return !fetch.result.isDone() || expires == null || clock.instant().isBefore(expires);
    }

    private void run(Fetch fetch, String secretId) {
        Outcome outcome;
        try {
            Reader r = reader();
            outcome = r == null ? new Outcome(null, closed ? "the secrets reader is closed"
                    : "secret: references cannot be resolved here (no AWS access is configured for Secrets Manager);"
                    + " use env: or file:", null)
                    : new Outcome(r.getSecretValue(secretId), null, null);
        } catch (AwsCallException e) {
            outcome = new Outcome(null, e.kind() == AwsCallException.Kind.NOT_FOUND ? "Secrets Manager has no such"
                    + " secret (" + e.getMessage() + "); check the name, the region (AWS_REGION, or the ARN's) and the"
                    + " account" : e.getMessage(), e);
        } catch (ConfigException e) {
            outcome = new Outcome(null, e.getMessage(), e);
        } catch (RuntimeException e) {
            outcome = new Outcome(null, "reading the secret failed (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        fetch.expires = clock.instant().plus(outcome.failure() == null ? ttl : failureTtl);
        fetch.result.complete(outcome);
    }

    private static Outcome await(Fetch fetch, String secretId) {
        try {
            return fetch.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while waiting for secret " + secretId, e);
        } catch (ExecutionException e) {
            // run() always completes normally; kept for the compiler
            throw new IllegalStateException("reading secret " + secretId + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** The reader, made now if this is the first secret; null when none can be (or this is closed). */
    private Reader reader() {
        Reader r = reader;
        if (r != null || factory == null || closed) {
            return r;
        }
        readerLock.lock();
        try {
            if (reader == null && !closed) {
                reader = factory.create();
            }
            return reader;
        } finally {
            readerLock.unlock();
        }
    }

    /** Closes the Secrets Manager clients, if any were made, and forgets the cached values. */
    @Override
    public void close() {
        readerLock.lock();
        try {
            closed = true;
            if (reader instanceof AutoCloseable closeable && factory != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the Secrets Manager clients failed: " + e.getMessage(), e);
                }
            }
            reader = null;
            cache.clear();
        } finally {
            readerLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Secrets[" + cache.size() + " secret(s) cached, values redacted]";
    }

    private static Duration failureTtlFor(Duration ttl) {
        return ttl.compareTo(DEFAULT_FAILURE_TTL) < 0 ? ttl : DEFAULT_FAILURE_TTL;
    }

    private static Duration requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }
}
