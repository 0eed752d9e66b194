package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.IdleHistogram;
import io.ghostwatch.core.redis.Readout;

/**
 * The {@code timeout} to propose for one server, read from how long its clients have been idle.
 *
 * <p>The incidents' rule: start at 86400 and lower toward 7200, never straight to a small value, because a
 * timeout shorter than a healthy pooled connection's quiet spells kills it. So: with too few clients to see
 * a pattern, propose the safe first step ({@code recommendedTimeoutSeconds}, 86400). Otherwise find the
 * longest idle time of the clients that are idle less than a day (the live pool, including its quiet ones)
 * and propose four times that, rounded up to a bucket bound, but never below 7200 s and never above the
 * safe step: the long-idle tail (the ghosts) is reaped and the pool keeps 4x headroom over anything seen.
 */
public record TimeoutRecommendation(long seconds, boolean fromCensus, String explanation) {

    /** Fewer clients than this and the idle pattern says too little. */
    static final int MIN_CLIENTS = 20;
    static final long FLOOR_SECONDS = 7_200;
    static final long ONE_DAY = 86_400;
    static final int HEADROOM_FACTOR = 4;

    public static TimeoutRecommendation from(Readout<ClientCensus> census, Policy policy) {
        long safe = clamp(policy.get(PolicyKey.RECOMMENDED_TIMEOUT_SECONDS), policy);
        if (!(census instanceof Readout.Known<ClientCensus>(ClientCensus c)) || c.isSkipped()) {
            return new TimeoutRecommendation(safe, false, "No client census to judge idle times by: start with the"
                    + " safe " + safe + " s, watch connected_clients fall, then lower toward 7200.");
        }
        IdleHistogram idle = c.idle();
        int total = idle.total();
        if (total < MIN_CLIENTS) {
            return new TimeoutRecommendation(safe, false, "Only " + total + " client(s) in the census, too few to"
                    + " judge the idle pattern: start with the safe " + safe + " s, then lower toward 7200.");
        }
        long poolMax = longestIdleUnderADay(idle);
        long proposal = roundUpToBound(Math.max(FLOOR_SECONDS, poolMax * HEADROOM_FACTOR));
        long value = clamp(Math.min(proposal, safe), policy);
        int ghosts = idle.idleLongerThan(ONE_DAY);
        int pool = total - ghosts;
        if (value >= safe) {
            return new TimeoutRecommendation(safe, true, pool + " client(s) idle less than a day, some of them up to "
                    + poolMax + " s: a timeout below " + safe + " s could cut them, so start with the safe " + safe
                    + " s.");
        }
        return new TimeoutRecommendation(value, true, pool + " client(s) idle at most " + poolMax + " s (the live pool)"
                + (ghosts > 0 ? ", " + ghosts + " idle longer than a day (probable ghosts)" : "")
                + ": timeout " + value + " s reaps the long-idle tail and leaves the pool " + HEADROOM_FACTOR
                + "x headroom over the longest idle seen. Clients should still test pooled connections while idle.");
    }

    /** The upper bound of the highest non-empty bucket at or below one day (0 when all are older). */
    private static long longestIdleUnderADay(IdleHistogram idle) {
        long max = 0;
        for (int i = 0; i < IdleHistogram.BOUNDS.size(); i++) {
            long bound = IdleHistogram.BOUNDS.get(i);
            if (bound <= ONE_DAY && idle.counts().get(i) > 0) {
                max = bound;
            }
        }
        return max;
    }

    private static long roundUpToBound(long seconds) {
        return IdleHistogram.BOUNDS.stream().filter(b -> b >= seconds).findFirst().orElse(seconds);
    }

    private static long clamp(long value, Policy policy) {
        TunableParameter p = TunableParameter.TIMEOUT;
        return Math.max(p.min(policy), Math.min(p.max(policy), value));
    }
}
