package io.ghostwatch.bot.work;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The work queue's send path run once while the bot starts, so that its first ack does not pay for it: the first
 * {@code SendMessage} of a process loads and runs the SDK's request path (endpoint rules, the JSON protocol's
 * marshaller, the SigV4 signer, the interceptors, MD5 check of the answer), 0.1-0.25 s of a cold ack on a 2-core
 * machine (infra/bench/README.md). A client built as the queue's ({@link SqsWorkQueue#clientBuilder}) but whose HTTP
 * client answers from memory ({@link CannedResponseHttpClient}) sends one message; nothing leaves the process, no AWS
 * credentials are used (dummy ones sign it) and nothing is queued.
 * <p>
 * It runs on a thread of its own while the rest of the bot is built (config, Slack client, Bolt, {@code auth.test}),
 * and {@link #close()} waits for it: under SnapStart what it loaded is then in the snapshot. A priming that fails
 * changes nothing but the first ack's time, so it is logged, never thrown.
 */
public final class SqsPriming implements AutoCloseable {

    /** How long {@link #close()} waits for the priming to end. */
    static final Duration WAIT = Duration.ofSeconds(3);
    static final String BODY = "ghostwatch priming: never sent";
    private static final System.Logger LOG = System.getLogger(SqsPriming.class.getName());

    private final Thread thread;

    private SqsPriming(Thread thread) {
        this.thread = thread;
    }

    /**
     * Starts priming when {@code environment} names a work queue ({@value SqsWorkQueue#QUEUE_URL}) and a region
     * ({@code AWS_REGION}); otherwise (work runs in-process, or the queue's own checks will name what is missing) does
     * nothing.
     */
    public static SqsPriming start(Map<String, String> environment) {
        String queueUrl = environment.get(SqsWorkQueue.QUEUE_URL);
        String region = environment.get("AWS_REGION");
        if (queueUrl == null || queueUrl.isBlank() || region == null || region.isBlank()) {
            return new SqsPriming(null);
        }
        return new SqsPriming(Thread.ofPlatform().daemon().name("ghostwatch-sqs-priming").start(() -> {
            try {
                prime(Region.of(region.strip()));
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "priming the work queue's send path failed (the first ack will"
                        + " take longer, nothing else changes): " + e, e);
            }
        }));
    }

    /**
     * Sends one message through the queue's kind of client to an HTTP client that answers from memory.
     *
     * @return the canned answer, as the SDK read it
     */
    static SendMessageResponse prime(Region region) {
        String answer = "{\"MD5OfMessageBody\":\"" + md5Hex(BODY) + "\",\"MessageId\":\"00000000-0000-4000-8000-"
                + "000000000000\"}";
        try (SqsClient client = SqsWorkQueue.clientBuilder(region)
                .httpClient(CannedResponseHttpClient.builder().statusCode(200)
                        .responseBody(answer.getBytes(StandardCharsets.UTF_8)).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRIMING",
                        "priming")))
                .build()) {
            return client.sendMessage(b -> b.queueUrl("https://sqs." + region.id()
                    + ".amazonaws.com/000000000000/ghostwatch-priming").messageBody(BODY));
        }
    }

    /** Whether priming is running or has run (false: there was nothing to prime). */
    boolean started() {
        return thread != null;
    }

    /** Whether the priming thread is still running. */
    boolean running() {
        return thread != null && thread.isAlive();
    }

    /** Waits for the priming to end, at most {@link #WAIT}; an interrupt ends the wait and is kept. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        try {
            if (!thread.join(WAIT)) {
                LOG.log(System.Logger.Level.WARNING, "priming the work queue's send path took over " + WAIT.toSeconds()
                        + " s; the bot starts without waiting for it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5, which the SQS client needs too", e);
        }
    }
}
