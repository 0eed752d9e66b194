package io.ghostwatch.core.audit;

import io.ghostwatch.core.config.Secrets;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Audits many targets at once: one virtual thread per target, at most {@code concurrency} talking to
 * servers at a time, each target bounded by {@code targetDeadlineSeconds} (from when its turn starts). A dead
 * or hostile server costs only its own deadline and never stops the run. Results keep inventory order.
 */
public final class FleetAuditor {

    /** Slack past a target's deadline before its thread is abandoned (its own deadlines fire first). */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final Policy policy;
    private final TargetAuditor targetAuditor;
    private final ElastiCacheAuditor elasticache;
    private final Clock clock;

    public FleetAuditor(Policy policy, Secrets secrets, Clock clock) {
        this(policy, secrets, clock, null);
    }

    /**
     * @param secrets where the targets' password references are resolved (one per process: it caches secrets)
     * @param history where each audit's samples are kept and read back for leak detection; null for none
     */
    public FleetAuditor(Policy policy, Secrets secrets, Clock clock,
                        io.ghostwatch.core.history.SampleStore history) {
        this(policy, secrets, clock, history, null);
    }

    /** @param elasticache audits the configured ElastiCache accounts and regions alongside; null for none */
    public FleetAuditor(Policy policy, Secrets secrets, Clock clock,
                        io.ghostwatch.core.history.SampleStore history, ElastiCacheAuditor elasticache) {
        this.policy = policy;
        this.targetAuditor = new TargetAuditor(policy, secrets, clock, history);
        this.elasticache = elasticache;
        this.clock = clock;
    }

    /**
     * Audits the inventory's targets and, alongside, ElastiCache; the report lists the inventory first (in its order),
     * then ElastiCache's accounts and regions (each followed by its caches).
     */
    public AuditReport audit(List<TargetSpec> targets, AuditProgress progress) {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Future<List<TargetReport>> managed = elasticache == null ? null : VirtualTasks.start(elasticache::audit);
        Duration deadline = Duration.ofSeconds(policy.get(PolicyKey.TARGET_DEADLINE_SECONDS));
        Semaphore permits = new Semaphore(policy.getInt(PolicyKey.CONCURRENCY));
        AtomicInteger done = new AtomicInteger();
        List<TargetReport> reports = new ArrayList<>(targets.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TargetReport>> futures = new ArrayList<>();
            for (TargetSpec target : targets) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return auditWithin(target, deadline);
                    } finally {
                        permits.release();
                        progress.targetFinished(done.incrementAndGet(), targets.size());
                    }
                }));
            }
            for (int i = 0; i < targets.size(); i++) {
                reports.add(await(futures.get(i), targets.get(i)));
            }
        }
        if (managed != null) {
            reports.addAll(awaitElastiCache(managed));
        }
        return new AuditReport(startedAt, (System.nanoTime() - started) / 1_000_000, reports);
    }

    /** Runs one target on its own virtual thread so the deadline holds even if a socket call ignores its own. */
    private TargetReport auditWithin(TargetSpec target, Duration deadline) throws InterruptedException {
        Instant until = clock.instant().plus(deadline);
        long started = System.nanoTime();
        Future<TargetReport> f = VirtualTasks.start(() -> targetAuditor.audit(target, until));
        {
            try {
                return f.get(deadline.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true); // interrupting a virtual thread closes the socket it is blocked on
                return TargetReport.unavailable(target, AuditStatus.UNREACHABLE, "no complete answer within the "
                        + deadline.toSeconds() + " s target deadline", (System.nanoTime() - started) / 1_000_000);
            } catch (ExecutionException e) {
                return TargetReport.unavailable(target, AuditStatus.ERROR, "audit failed: " + e.getCause(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /** ElastiCache's reports; its own regions report their failures, so only a crash of the auditor lands here. */
    private static List<TargetReport> awaitElastiCache(Future<List<TargetReport>> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the ElastiCache audit failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the ElastiCache audit was interrupted", e);
        }
    }

    private static TargetReport await(Future<TargetReport> future, TargetSpec target) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return TargetReport.unavailable(target, AuditStatus.ERROR, "audit failed: " + e.getCause(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TargetReport.unavailable(target, AuditStatus.ERROR, "audit interrupted", 0);
        }
    }
}
