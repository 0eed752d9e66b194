package io.ghostwatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.aws.SecretsManagerReader.SecretValue;
import io.ghostwatch.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The secret cache: one read per secret ID per time-to-live, whoever and however many ask at once. */
class SecretsTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration FAILURE_TTL = Duration.ofSeconds(30);

    /** A reader that counts reads per ID and answers {@code value.get()} for every one, after an optional gate. */
    private static final class CountingReader implements Secrets.Reader {
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        final AtomicReference<String> value = new AtomicReference<>("pw-1");
        volatile CountDownLatch gate;
        volatile RuntimeException failure;

        @Override
        public SecretValue getSecretValue(String secretId) {
            reads.computeIfAbsent(secretId, k -> new AtomicInteger()).incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    if (!g.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new SecretValue("arn:aws:secretsmanager:us-east-1:111111111111:secret:" + secretId + "-AbCdEf",
                    secretId, "v", value.get(), false);
        }

        int reads(String id) {
            AtomicInteger n = reads.get(id);
            return n == null ? 0 : n.get();
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CountingReader reader = new CountingReader();
    private final Secrets secrets = Secrets.using(Map.of(), reader, TTL, FAILURE_TTL, clock);

    @Test
    void fiveThousandConcurrentTargetsSharingASecretCauseOneRead() throws Exception {
        reader.gate = new CountDownLatch(1);
        SecretRef shared = SecretRef.parse("secret:ghostwatch/redis/payments#password", "test");
        reader.value.set("{\"password\":\"pw-1\"}");
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 5_000; i++) {
                results.add(threads.submit(() -> shared.resolve(secrets)));
            }
            // every caller is waiting on the one read in flight (or about to) when it is let through
            Thread.sleep(200);
            reader.gate.countDown();
            for (Future<String> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("pw-1");
            }
        }
        assertThat(reader.reads("ghostwatch/redis/payments")).isEqualTo(1);
    }

    @Test
    void eachSecretIdIsReadOnceAndKeyedAsWritten() {
        for (int i = 0; i < 3; i++) {
            assertThat(secrets.secretString("a")).isEqualTo("pw-1");
            assertThat(secrets.secretString("b")).isEqualTo("pw-1");
        }

        assertThat(reader.reads).containsOnlyKeys("a", "b");
        assertThat(reader.reads("a")).isEqualTo(1);
        assertThat(reader.reads("b")).isEqualTo(1);
    }

    @Test
    void aValueIsReadAgainOnceItsTimeToLiveIsOverSoARotationIsSeen() {
        assertThat(secrets.secretString("a")).isEqualTo("pw-1");
        reader.value.set("pw-2"); // rotated

        clock.advance(TTL.minusSeconds(1));
        assertThat(secrets.secretString("a")).as("still fresh").isEqualTo("pw-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(secrets.secretString("a")).as("expired: read again").isEqualTo("pw-2");
        assertThat(reader.reads("a")).isEqualTo(2);
    }

    @Test
    void aFailureIsRememberedBrieflyThenTriedAgain() {
        reader.failure = AwsCallException.of(AwsAction.GET_SECRET_VALUE,
                software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException.builder().statusCode(400)
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("AccessDeniedException").errorMessage("not authorized").build()).build());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> secrets.secretString("a")).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("not allowed: secretsmanager:GetSecretValue (AccessDeniedException");
        }
        assertThat(reader.reads("a")).isEqualTo(1);

        reader.failure = null; // the permission was granted
        clock.advance(FAILURE_TTL.minusSeconds(1));
        assertThatThrownBy(() -> secrets.secretString("a")).isInstanceOf(ConfigException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(secrets.secretString("a")).isEqualTo("pw-1");
        assertThat(reader.reads("a")).isEqualTo(2);
    }

    @Test
    void aCallerThatGivesUpDoesNotFailTheReadForTheOthers() throws Exception {
        reader.gate = new CountDownLatch(1);
        AtomicReference<Throwable> first = new AtomicReference<>();
        Thread impatient = Thread.ofVirtual().start(() -> {
            try {
                secrets.secretString("a");
            } catch (ConfigException e) {
                first.set(e);
            }
        });
        awaitReads("a", 1);
        impatient.interrupt(); // a target's deadline
        impatient.join(5_000);
        assertThat(first.get()).isInstanceOf(ConfigException.class)
                .hasMessage("interrupted while waiting for secret a");

        Future<String> patient;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            patient = threads.submit(() -> secrets.secretString("a"));
            reader.gate.countDown();
            assertThat(patient.get(10, TimeUnit.SECONDS)).isEqualTo("pw-1");
        }
        assertThat(reader.reads("a")).as("the first read served the second caller").isEqualTo(1);
    }

    @Test
    void envReferencesNeverReadASecretAndClosingClosesTheReader() {
        Set<String> closed = ConcurrentHashMap.newKeySet();
        final class ClosableReader implements Secrets.Reader, AutoCloseable {
            @Override
            public SecretValue getSecretValue(String secretId) {
                return reader.getSecretValue(secretId);
            }

            @Override
            public void close() {
                closed.add("closed");
            }
        }
        Secrets withEnv = Secrets.using(Map.of("PW", "env-pw"), new ClosableReader(), TTL, FAILURE_TTL, clock);

        assertThat(new SecretRef.Env("PW").resolve(withEnv)).isEqualTo("env-pw");
        assertThat(reader.reads).as("env: never reads a secret").isEmpty();
        assertThat(withEnv.secretString("a")).isEqualTo("pw-1");
        withEnv.close();

        assertThat(closed).containsExactly("closed");
        assertThatThrownBy(() -> withEnv.secretString("b")).hasMessage("the secrets reader is closed");
    }

    private void awaitReads(String id, int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.reads(id) < n) {
            if (System.nanoTime() > until) {
                throw new AssertionError("no read of " + id + " started");
            }
            Thread.sleep(5);
        }
    }
}
