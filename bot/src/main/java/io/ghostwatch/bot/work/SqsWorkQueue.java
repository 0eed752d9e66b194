package io.ghostwatch.bot.work;

import io.ghostwatch.core.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Hands work to an SQS queue, for the bot in Lambda: the execution environment may be frozen as soon as the response
 * is returned, so nothing may run after the ack. {@link #submit} sends one message per item ({@link WorkItemJson})
 * and returns when SQS has it, before the ack; the worker function ({@code BotWorkerHandler}) is fed from the queue.
 * <p>
 * A standard queue, no deduplication ID: SQS delivers at least once, and the worker may see an item twice. Button
 * presses are harmless twice (the change workflow's conditional moves answer a repeat with the current state); a
 * proposing command delivered twice proposes twice, and neither is applied without its own approval.
 * <p>
 * Build one per execution environment ({@link #create}) and keep it: the SDK client holds connections.
 */
public final class SqsWorkQueue implements WorkQueue, AutoCloseable {

    /** The queue's URL, as CloudFormation's {@code Ref} of an {@code AWS::SQS::Queue} gives it. */
    public static final String QUEUE_URL = "GHOSTWATCH_WORK_QUEUE_URL";
    /** Exactly the SQS actions this queue calls; template.yaml grants the bot these and no others on the queue. */
    public static final List<String> IAM_ACTIONS = List.of("sqs:SendMessage");

    private static final System.Logger LOG = System.getLogger(SqsWorkQueue.class.getName());

    private final SqsClient client;
    private final boolean ownsClient;
    private final String queueUrl;

    SqsWorkQueue(SqsClient client, boolean ownsClient, String queueUrl) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.queueUrl = checkQueueUrl(queueUrl);
    }

    /**
     * A queue with an SDK client of its own: the URL-connection HTTP client, region from {@code AWS_REGION} (which
     * Lambda sets), credentials from the default chain; {@code AWS_ENDPOINT_URL_SQS} / {@code AWS_ENDPOINT_URL} point
     * it at a stand-in (the SDK reads them from the process environment, as it does for DynamoDB).
     *
     * @throws ConfigException naming {@value #QUEUE_URL} or {@code AWS_REGION} when it is unusable
     */
    public static SqsWorkQueue create(String queueUrl, Map<String, String> env) {
        checkQueueUrl(queueUrl);
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new ConfigException("AWS_REGION is not set: the work queue " + queueUrl + " (" + QUEUE_URL + ") needs"
                    + " a region (Lambda sets AWS_REGION; elsewhere export AWS_REGION=us-east-1 or similar)");
        }
        SqsClient client = clientBuilder(Region.of(region.strip()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        return new SqsWorkQueue(client, true, queueUrl);
    }

    /** The queue's client as configured, but for its HTTP client (and, for {@link SqsPriming}, its credentials). */
    static SqsClientBuilder clientBuilder(Region region) {
        return SqsClient.builder().region(region);
    }

    public String queueUrl() {
        return queueUrl;
    }

    /**
     * Sends the item and returns once SQS has stored it.
     *
     * @throws WorkRefusedException when SQS refuses it or cannot be reached (the listener says so in its ack)
     */
    @Override
    public void submit(WorkItem item) {
        Objects.requireNonNull(item, "item");
        String body = WorkItemJson.write(item);
        SendMessageResponse sent;
        try {
            sent = client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        } catch (SdkException e) {
            throw new WorkRefusedException("the work queue (SQS " + queueUrl + ") did not take it: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "queued " + item + " as SQS message " + sent.messageId());
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** An absolute http(s) URL with a path (https://sqs.us-east-1.amazonaws.com/123456789012/name). */
    static String checkQueueUrl(String queueUrl) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new ConfigException(QUEUE_URL + " is not set: it must hold the work queue's URL");
        }
        String url = queueUrl.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new ConfigException(QUEUE_URL + " '" + url + "' is not a queue URL (valid: what the queue's Ref gives,"
                    + " e.g. https://sqs.us-east-1.amazonaws.com/123456789012/ghostwatch-work)");
        }
        return url;
    }
}
