package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

    /** Counts its closes. */
    private static final class Resource implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void nothingIsBuiltUntilTheFirstUseAndThenOnceForEveryThread() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Lazy<Resource> lazy = Lazy.of("the resource", () -> {
            builds.incrementAndGet();
            building.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Resource();
        });
        assertThat(builds).hasValue(0);
        assertThat(lazy.isBuilt()).isFalse();
        assertThat(lazy).hasToString("the resource (never built)");

        List<Future<Resource>> gets = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                gets.add(threads.submit(lazy::get));
            }
            building.await();
            release.countDown(); // the others asked while the first was building: they wait for its value
        }
        Resource first = gets.getFirst().get();
        assertThat(gets).allSatisfy(g -> assertThat(g.get()).isSameAs(first));
        assertThat(builds).hasValue(1);
        assertThat(lazy.isBuilt()).isTrue();
        assertThat(lazy.get()).isSameAs(first);
        assertThat(builds).hasValue(1);
    }

    @Test
    void aBuildThatThrowsIsNotKeptAndTheNextUseTriesAgain() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<String> lazy = Lazy.of("the store", () -> {
            if (builds.incrementAndGet() == 1) {
                throw new IllegalStateException("AWS_REGION is not set");
            }
            return "store";
        });
        assertThatThrownBy(lazy::get).hasMessage("AWS_REGION is not set");
        assertThat(lazy.isBuilt()).isFalse();
        assertThat(lazy.get()).isEqualTo("store");
        assertThat(builds).hasValue(2);
    }

    @Test
    void aNullValueIsAValueBuiltOnce() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<String> lazy = Lazy.of("the AWS clients", () -> {
            builds.incrementAndGet();
            return null;
        });
        assertThat(lazy.get()).isNull();
        assertThat(lazy.get()).isNull();
        assertThat(builds).hasValue(1);
    }

    @Test
    void closingClosesTheValueOnlyIfItWasBuiltAndRefusesLaterUse() {
        AtomicInteger builds = new AtomicInteger();
        Lazy<Resource> never = Lazy.of("the change store", () -> {
            builds.incrementAndGet();
            return new Resource();
        });
        never.close();
        assertThat(builds).as("closing builds nothing").hasValue(0);
        assertThatThrownBy(never::get).isInstanceOf(IllegalStateException.class)
                .hasMessage("the change store is closed");
        assertThat(builds).hasValue(0);

        Lazy<Resource> used = Lazy.of("the finding store", Resource::new);
        Resource resource = used.get();
        used.close();
        used.close();
        assertThat(resource.closed).as("closed once").hasValue(1);
        assertThatThrownBy(used::get).hasMessage("the finding store is closed");
    }

    @Test
    void aCheckedFailureToCloseIsNamed() {
        Lazy<AutoCloseable> lazy = Lazy.of("the change store", () -> () -> {
            throw new java.io.IOException("connection reset");
        });
        lazy.get();
        assertThatThrownBy(lazy::close).isInstanceOf(IllegalStateException.class)
                .hasMessage("closing the change store failed: connection reset")
                .hasCauseInstanceOf(java.io.IOException.class);
    }
}
