package io.ghostwatch.bot.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.bot.command.BotCommand;
import io.ghostwatch.bot.command.CommandParser;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SqsWorkQueue through the real SDK client (URL-connection HTTP client, SigV4, JSON 1.0 protocol, the client's MD5
 * check) against the SQS stand-in.
 */
class SqsWorkQueueIT {

    private static final Requester FROM = new Requester("T0GHOSTW1", "U0ONCALL1", "C0GHOSTW1",
            "https://hooks.slack.com/commands/T0GHOSTW1/1/abc");
    private static final CommandParser PARSER = new CommandParser(List.of("web"), Policy.defaults());

    private SqsStandIn sqs;
    private SqsClient client;

    @BeforeEach
    void start() {
        sqs = SqsStandIn.start();
        client = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(SqsStandIn.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "fake")))
                .endpointOverride(URI.create(sqs.endpoint()))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        sqs.close();
    }

    @Test
    void eachItemIsOneSignedJsonMessageTheWorkerCanRead() {
        String url = sqs.createQueue("ghostwatch-work");
        WorkItem fix = new WorkItem.Command(new BotCommand.Fix("web", List.of(new ParameterChange(TunableParameter.TIMEOUT,
                300))), FROM);
        WorkItem press = new WorkItem.Press(new ButtonClick(BotButton.APPROVE, "chg-7k2m9x4d1q", FROM, "1795255100.000100"));
        try (SqsWorkQueue queue = new SqsWorkQueue(client, false, url)) {
            queue.submit(fix);
            queue.submit(press);
        }
        List<SqsStandIn.Message> messages = sqs.messages("ghostwatch-work");
        assertThat(messages).hasSize(2);
        assertThat(messages.stream().map(m -> WorkItemJson.read(m.body(), PARSER)).toList()).containsExactly(fix, press);
        assertThat(sqs.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.target()).isEqualTo("AmazonSQS.SendMessage");
            assertThat(r.contentType()).startsWith("application/x-amz-json-1.0");
            assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/us-east-1/sqs/aws4_request").contains("Signature=");
            assertThat(r.amzDate()).matches("\\d{8}T\\d{6}Z");
            assertThat(r.body().path("QueueUrl").asText()).isEqualTo(url);
            // a standard queue: no group, no deduplication ID, no attributes
            assertThat(r.body().has("MessageGroupId")).isFalse();
            assertThat(r.body().has("MessageDeduplicationId")).isFalse();
            assertThat(r.body().has("MessageAttributes")).isFalse();
        });
    }

    @Test
    void aMissingQueueIsRefusedNamingIt() {
        String url = sqs.queueUrl("deleted-queue");
        try (SqsWorkQueue queue = new SqsWorkQueue(client, false, url)) {
            assertThatThrownBy(() -> queue.submit(new WorkItem.Command(new BotCommand.Changes(), FROM)))
                    .isInstanceOf(WorkRefusedException.class)
                    .hasMessageContaining("the work queue (SQS " + url + ") did not take it")
                    .hasMessageContaining("The specified queue does not exist");
        }
    }

    @Test
    void anAnswerWhoseMd5IsNotTheBodysIsRefusedByTheSdk() {
        String url = sqs.createQueue("ghostwatch-work");
        sqs.corruptNextMd5();
        try (SqsWorkQueue queue = new SqsWorkQueue(client, false, url)) {
            assertThatThrownBy(() -> queue.submit(new WorkItem.Command(new BotCommand.Changes(), FROM)))
                    .isInstanceOf(WorkRefusedException.class)
                    .hasMessageContaining("MD5 returned by SQS does not match");
        }
    }

    @Test
    void aServerErrorIsRetriedByTheSdk() {
        String url = sqs.createQueue("ghostwatch-work");
        sqs.failNext(500, "com.amazonaws.sqs#InternalError", "InternalError;Receiver", "We encountered an internal error.");
        try (SqsWorkQueue queue = new SqsWorkQueue(client, false, url)) {
            queue.submit(new WorkItem.Command(new BotCommand.Changes(), FROM));
        }
        assertThat(sqs.requests()).hasSize(2);
        assertThat(sqs.messages("ghostwatch-work")).hasSize(1);
    }

    @Test
    void theQueueUrlAndRegionAreCheckedNamingTheVariable() {
        assertThatThrownBy(() -> SqsWorkQueue.create(" ", Map.of("AWS_REGION", "us-east-1")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("GHOSTWATCH_WORK_QUEUE_URL is not set");
        assertThatThrownBy(() -> SqsWorkQueue.create("ghostwatch-work", Map.of("AWS_REGION", "us-east-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GHOSTWATCH_WORK_QUEUE_URL 'ghostwatch-work' is not a queue URL");
        assertThatThrownBy(() -> SqsWorkQueue.create("https://sqs.us-east-1.amazonaws.com/123456789012/q", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("AWS_REGION is not set");
    }
}
