package io.ghostwatch.core.findings;

import static io.ghostwatch.core.findings.Runs.BIND;
import static io.ghostwatch.core.findings.Runs.KEEPALIVE;
import static io.ghostwatch.core.findings.Runs.NODE;
import static io.ghostwatch.core.findings.Runs.T0;
import static io.ghostwatch.core.findings.Runs.TIMEOUT;
import static io.ghostwatch.core.findings.Runs.error;
import static io.ghostwatch.core.findings.Runs.fail;
import static io.ghostwatch.core.findings.Runs.hours;
import static io.ghostwatch.core.findings.Runs.key;
import static io.ghostwatch.core.findings.Runs.pass;
import static io.ghostwatch.core.findings.Runs.run;
import static io.ghostwatch.core.findings.Runs.target;
import static io.ghostwatch.core.findings.Runs.unreachable;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FindingStore} does, run against each implementation (FileFindingStoreTest on real files,
 * DynamoDbFindingStoreIT on DynamoDB Local), so the CLI and the Lambda functions keep finding state the same way.
 * Subclasses give a fresh, empty store; {@link #anotherStore()} is a second handle on the same state, as a second
 * process or Lambda invocation would have.
 */
abstract class FindingStoreContract {

    static final String LAB = "lab-1";

    /** A new, empty store; called once per test. */
    protected abstract FindingStore store();

    /** Another store object on the same state as the last {@link #store()}. */
    protected abstract FindingStore anotherStore();

    private static FindingRecord only(List<FindingRecord> records, FindingKey key) {
        return records.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " is not among " + records));
    }

    @Test
    void aFirstRunOpensEveryFailingFindingAndKeepsNothingForPassingOnes() {
        FindingStore store = store();
        List<FindingRecord> after = store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "lab-1 never closes idle"
                + " clients (timeout 0)."), pass(BIND), error(KEEPALIVE))));

        assertThat(after).extracting(FindingRecord::key).containsExactly(key(LAB, TIMEOUT));
        FindingRecord r = after.getFirst();
        assertThat(r.status()).isEqualTo(Status.OPEN);
        assertThat(r.severity()).isEqualTo(Severity.HIGH);
        assertThat(r.detail()).isEqualTo("lab-1 never closes idle clients (timeout 0).");
        assertThat(List.of(r.firstSeen(), r.openSince(), r.lastSeen(), r.lastChecked())).containsOnly(T0);
        assertThat(r.resolvedAt()).isNull();
        assertThat(r.reported()).isNull();
        assertThat(r.postedIn()).isNull();
        assertThat(r.version()).isEqualTo(1);
        assertThat(store.findings(List.of(LAB))).containsExactly(r);
        assertThat(store.find(key(LAB, TIMEOUT))).contains(r);
        assertThat(store.find(key(LAB, BIND))).isEmpty();
    }

    @Test
    void aFindingSeenAgainKeepsFirstSeenAndFollowsSeverityAndDetail() {
        FindingStore store = store();
        store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "first"))));
        List<FindingRecord> after = store.record(run(hours(1), target(LAB, fail(TIMEOUT, Severity.LOW, "second"))));

        FindingRecord r = only(after, key(LAB, TIMEOUT));
        assertThat(r.status()).isEqualTo(Status.OPEN);
        assertThat(r.firstSeen()).isEqualTo(T0);
        assertThat(r.openSince()).isEqualTo(T0);
        assertThat(r.lastSeen()).isEqualTo(hours(1));
        assertThat(r.severity()).isEqualTo(Severity.LOW);
        assertThat(r.detail()).isEqualTo("second");
        assertThat(r.version()).isEqualTo(2);
    }

    @Test
    void aPassingFindingIsResolvedAndOneThatFailsAgainReopensKeepingFirstSeen() {
        FindingStore store = store();
        store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        FindingRecord resolved = only(store.record(run(hours(1), target(LAB, pass(TIMEOUT)))), key(LAB, TIMEOUT));
        assertThat(resolved.status()).isEqualTo(Status.RESOLVED);
        assertThat(resolved.resolvedAt()).isEqualTo(hours(1));
        assertThat(resolved.lastSeen()).as("last failed").isEqualTo(T0);
        assertThat(resolved.lastChecked()).isEqualTo(hours(1));
        assertThat(resolved.detail()).as("the last failing detail, to show what was resolved").isEqualTo("bad");

        FindingRecord again = only(store.record(run(hours(2), target(LAB, fail(TIMEOUT, Severity.MEDIUM, "bad again")))),
                key(LAB, TIMEOUT));
        assertThat(again.status()).isEqualTo(Status.OPEN);
        assertThat(again.firstSeen()).isEqualTo(T0);
        assertThat(again.openSince()).isEqualTo(hours(2));
        assertThat(again.resolvedAt()).isNull();
        assertThat(again.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void notApplicableResolvesToo() {
        FindingStore store = store();
        store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        store.record(run(hours(1), target(LAB, Finding.notApplicable(TIMEOUT, NODE, "a Sentinel has no timeout"))));
        assertThat(store.find(key(LAB, TIMEOUT)).orElseThrow().status()).isEqualTo(Status.RESOLVED);
    }

    @Test
    void whatARunCouldNotCheckStaysAsItWas() {
        FindingStore store = store();
        store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), fail(KEEPALIVE, Severity.HIGH, "bad")),
                target("lab-2", fail(TIMEOUT, Severity.HIGH, "bad"))));
        FindingRecord keepalive = store.find(key(LAB, KEEPALIVE)).orElseThrow();
        FindingRecord lab2 = store.find(key("lab-2", TIMEOUT)).orElseThrow();

        // the check could not read its facts; lab-2 could not be reached at all
        store.record(run(hours(1), target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), error(KEEPALIVE)), unreachable("lab-2")));

        assertThat(store.find(key(LAB, KEEPALIVE))).contains(keepalive);
        assertThat(store.find(key("lab-2", TIMEOUT))).contains(lab2);
        assertThat(store.find(key(LAB, TIMEOUT)).orElseThrow().lastSeen()).isEqualTo(hours(1));
    }

    @Test
    void aRunTouchesAndReturnsOnlyItsOwnTargets() {
        FindingStore store = store();
        store.record(run(T0, target("fleet-a", fail(TIMEOUT, Severity.HIGH, "a"))));
        List<FindingRecord> b = store.record(run(hours(1), target("fleet-b", fail(TIMEOUT, Severity.HIGH, "b"))));

        assertThat(b).extracting(FindingRecord::key).containsExactly(key("fleet-b", TIMEOUT));
        assertThat(store.findings(List.of("fleet-a", "fleet-b"))).extracting(r -> r.key().target())
                .containsExactly("fleet-a", "fleet-b");
        assertThat(store.findings(List.of("fleet-a"))).singleElement()
                .satisfies(r -> assertThat(r.lastSeen()).isEqualTo(T0));
        assertThat(store.findings(List.of("nobody"))).isEmpty();
        assertThat(store.findings(List.of())).isEmpty();
    }

    @Test
    void findingsComeBackInKeyOrder() {
        FindingStore store = store();
        store.record(run(T0, target("b", fail(TIMEOUT, Severity.HIGH, "x"), fail(BIND, Severity.MEDIUM, "x")),
                target("a", fail(KEEPALIVE, "10.0.0.9:6379", Severity.HIGH, "x"), fail(KEEPALIVE, Severity.HIGH, "x"))));
        assertThat(store.findings(List.of("b", "a"))).extracting(FindingRecord::key).containsExactly(
                key("a", KEEPALIVE), new FindingKey("a", "10.0.0.9:6379", KEEPALIVE), key("b", BIND), key("b", TIMEOUT));
    }

    @Test
    void recordingTheSameRunAgainChangesNothing() {
        FindingStore store = store();
        AuditReport r = run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad")));
        List<FindingRecord> first = store.record(r);
        assertThat(store.record(r)).isEqualTo(first);
        assertThat(store.find(key(LAB, TIMEOUT)).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void anOlderRunRecordedLateCannotUndoANewerOne() {
        FindingStore store = store();
        store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        store.record(run(hours(2), target(LAB, pass(TIMEOUT))));
        // a run that started at hour 1 finishes last: the server was still failing then, but hour 2 knows better
        store.record(run(hours(1), target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), fail(BIND, Severity.MEDIUM, "open"))));

        FindingRecord timeout = store.find(key(LAB, TIMEOUT)).orElseThrow();
        assertThat(timeout.status()).isEqualTo(Status.RESOLVED);
        assertThat(timeout.resolvedAt()).isEqualTo(hours(2));
        assertThat(store.find(key(LAB, BIND))).as("what only the older run saw is still recorded")
                .hasValueSatisfying(r -> assertThat(r.firstSeen()).isEqualTo(hours(1)));
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        FindingStore store = store();
        store.record(run(T0.plusNanos(123_456_789), target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"))));
        assertThat(store.find(key(LAB, TIMEOUT)).orElseThrow().firstSeen()).isEqualTo(T0.plusMillis(123));
    }

    @Test
    void recordReportedKeepsWhatTheChannelWasToldAndWhere() {
        FindingStore store = store();
        store.record(run(T0, target(LAB, fail(TIMEOUT, Severity.HIGH, "bad"), fail(BIND, Severity.MEDIUM, "open"))));
        PostedMessage digest = new PostedMessage("C0GHOSTW1", "1795000000.000100");
        store.recordReported(T0, Map.of(key(LAB, TIMEOUT), Status.OPEN), digest);

        FindingRecord told = store.find(key(LAB, TIMEOUT)).orElseThrow();
        assertThat(told.reported()).isEqualTo(Status.OPEN);
        assertThat(told.reportedAt()).isEqualTo(T0);
        assertThat(told.postedIn()).isEqualTo(digest);
        assertThat(told.reportedOpen()).isTrue();
        assertThat(store.find(key(LAB, BIND)).orElseThrow().reported()).as("not in that digest (muted)").isNull();

        // a quiet one-liner keeps pointing at the last full digest
        store.record(run(hours(1), target(LAB, pass(TIMEOUT))));
        store.recordReported(hours(1), Map.of(key(LAB, TIMEOUT), Status.RESOLVED), null);
        FindingRecord resolved = store.find(key(LAB, TIMEOUT)).orElseThrow();
        assertThat(resolved.reported()).isEqualTo(Status.RESOLVED);
        assertThat(resolved.reportedAt()).isEqualTo(hours(1));
        assertThat(resolved.postedIn()).isEqualTo(digest);

        // an older digest recorded late changes nothing; an unknown key is ignored
        store.recordReported(T0, Map.of(key(LAB, TIMEOUT), Status.OPEN, key("ghost", TIMEOUT), Status.OPEN),
                new PostedMessage("C0GHOSTW1", "1.0"));
        assertThat(store.find(key(LAB, TIMEOUT))).contains(resolved);
        assertThat(store.find(key("ghost", TIMEOUT))).isEmpty();
    }

    @Test
    void aRecordSurvivesAndReadsBackExactly() {
        FindingStore store = store();
        String hostile = "<!channel> \"quoted\"\n{\"v\":2} line two \u202e клиент \u0000";
        String target = "team/payments:cache-1";
        store.record(run(T0, target(target, fail(TIMEOUT, "[::1]:6379", Severity.CRITICAL, hostile))));
        store.recordReported(T0, Map.of(new FindingKey(target, "[::1]:6379", TIMEOUT), Status.OPEN),
                new PostedMessage("C0GHOSTW1", "1795000000.000100"));
        FindingRecord r = store.find(new FindingKey(target, "[::1]:6379", TIMEOUT)).orElseThrow();
        assertThat(r.detail()).isEqualTo(hostile);
        assertThat(anotherStore().findings(List.of(target))).containsExactly(r);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        store();
        int writers = 8;
        int runs = 5;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(() -> {
                FindingStore mine = anotherStore();
                start.await();
                for (int i = 0; i < runs; i++) {
                    Instant at = hours(i).plusMillis(writer);
                    // every writer records its own target, and all of them the shared one: a check of its own and
                    // one they all fail (the newest run must win it, whoever writes last)
                    mine.record(run(at, target("own-" + writer, fail(TIMEOUT, Severity.HIGH, "run " + i)),
                            target("shared", fail("redis_check_" + writer, Severity.LOW, "writer " + writer + " run " + i),
                                    fail(TIMEOUT, Severity.HIGH, "writer " + writer + " run " + i))));
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<Void>> done = new ArrayList<>();
            tasks.forEach(t -> done.add(pool.submit(t)));
            start.countDown();
            for (Future<Void> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        FindingStore store = anotherStore();
        for (int w = 0; w < writers; w++) {
            FindingRecord own = store.find(key("own-" + w, TIMEOUT)).orElseThrow();
            assertThat(own.detail()).isEqualTo("run " + (runs - 1));
            assertThat(own.version()).isEqualTo(runs);
            assertThat(own.firstSeen()).isEqualTo(T0.plusMillis(w));
        }
        assertThat(store.findings(List.of("shared"))).hasSize(writers + 1)
                .allSatisfy(r -> assertThat(r.detail()).endsWith(" run " + (runs - 1)));
        FindingRecord common = store.find(key("shared", TIMEOUT)).orElseThrow();
        assertThat(common.detail()).isEqualTo("writer " + (writers - 1) + " run " + (runs - 1));
        assertThat(common.lastSeen()).isEqualTo(hours(runs - 1).plusMillis(writers - 1));
        assertThat(common.firstSeen()).isBetween(T0, T0.plusMillis(writers - 1));
    }
}
