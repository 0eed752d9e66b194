package io.ghostwatch.bot.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeBotActionsCloseTest {

    /** A resource that records its close and may fail it. */
    private record Resource(String name, List<String> closed, Exception failure) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            closed.add(name);
            switch (failure) {
                case null -> { }
                case IOException checked -> throw checked;
                case RuntimeException unchecked -> throw unchecked;
                default -> throw new AssertionError("a failure this test does not throw: " + failure);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void everyResourceIsClosedInReverseAndEachFailureIsNamedOnce() {
        List<String> closed = new ArrayList<>();
        List<AutoCloseable> resources = List.of(
                new Resource("the change store", closed, new IOException("connection reset")),
                new Resource("the finding store", closed, null),
                new Resource("the AWS clients", closed, new IllegalStateException("closing the AWS clients failed: x")));
        ResponseUrlReplies replies = new ResponseUrlReplies(Slack.getInstance()); // nothing is sent
        ChangeBotActions actions = new ChangeBotActions(() -> null, () -> null, replies,
                new NotYetAvailableActions(replies), resources);

        assertThatThrownBy(actions::close)
                .as("an unchecked failure is kept as it names itself; a checked one is named by its resource")
                .hasMessage("closing the AWS clients failed: x")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                        .isEqualTo("closing the change store failed: connection reset"));
        assertThat(closed).containsExactly("the AWS clients", "the finding store", "the change store");
    }
}
