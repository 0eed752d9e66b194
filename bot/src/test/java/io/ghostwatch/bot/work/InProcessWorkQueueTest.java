package io.ghostwatch.bot.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.bot.command.BotCommand;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InProcessWorkQueueTest {

    private static final Requester FROM = new Requester("T1", "U1", "C1", "https://hooks.slack.com/commands/T1/1/x");

    @Test
    void submitReturnsAtOnceAndTheWorkRunsLater() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<WorkItem> done = new CopyOnWriteArrayList<>();
        BotActions actions = new BotActions() {
            @Override
            public boolean pressed(ButtonClick click) {
                return true;
            }

            @Override
            public void perform(WorkItem item) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (item instanceof WorkItem.Command c && c.command() instanceof BotCommand.Audit) {
                    throw new IllegalStateException("the audit failed");
                }
                done.add(item);
            }
        };
        try (InProcessWorkQueue queue = InProcessWorkQueue.create(actions)) {
            long start = System.nanoTime();
            queue.submit(new WorkItem.Command(new BotCommand.Audit("web"), FROM));
            queue.submit(new WorkItem.Command(new BotCommand.Status("web"), FROM));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
            assertThat(done).isEmpty();
            release.countDown();
            assertThat(queue.shutdown(10)).isTrue();
            // the failing item is logged, the other one still ran
            assertThat(done).containsExactly(new WorkItem.Command(new BotCommand.Status("web"), FROM));
            assertThatThrownBy(() -> queue.submit(new WorkItem.Command(new BotCommand.Changes(), FROM)))
                    .isInstanceOf(WorkRefusedException.class).hasMessageContaining("shut down");
        }
    }

    @Test
    void helpIsNeverQueued() {
        assertThatThrownBy(() -> new WorkItem.Command(new BotCommand.Help(), FROM))
                .hasMessageContaining("help is answered in the acknowledgement");
    }
}
