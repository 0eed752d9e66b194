package io.ghostwatch.bot.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class SqsPrimingTest {

    @Test
    void primingRunsTheWholeSendPathAgainstAnAnswerFromMemory() {
        // The SQS client checks the answer's MD5 of the body against what it sent: a send that did not run the
        // marshaller, the signer and the interceptors, or an answer it could not read, would throw here.
        assertThat(SqsPriming.prime(Region.EU_WEST_1).messageId()).isEqualTo("00000000-0000-4000-8000-000000000000");
    }

    @Test
    void withoutAQueueOrARegionNothingIsPrimed() {
        try (SqsPriming none = SqsPriming.start(Map.of("AWS_REGION", "us-east-1"))) {
            assertThat(none.started()).isFalse();
        }
        try (SqsPriming none = SqsPriming.start(Map.of(SqsWorkQueue.QUEUE_URL,
                "https://sqs.us-east-1.amazonaws.com/123456789012/ghostwatch-work"))) {
            assertThat(none.started()).isFalse();
        }
    }

    @Test
    void withAQueueItPrimesOnAThreadOfItsOwnAndCloseWaitsForIt() {
        SqsPriming priming = SqsPriming.start(Map.of("AWS_REGION", "us-east-1", SqsWorkQueue.QUEUE_URL,
                "https://sqs.us-east-1.amazonaws.com/123456789012/ghostwatch-work"));
        assertThat(priming.started()).isTrue();
        priming.close();
        assertThat(priming.running()).isFalse();
    }
}
