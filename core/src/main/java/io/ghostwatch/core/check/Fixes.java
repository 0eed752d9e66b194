package io.ghostwatch.core.check;

import io.ghostwatch.core.fix.FixStep;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.ServerInfo;

/** The fix steps several checks share, worded once. */
final class Fixes {
    private Fixes() {
    }

    /** The timeout step, its value read from the census idle pattern ({@link TimeoutRecommendation}). */
    static FixStep setTimeout(CheckContext ctx) {
        TimeoutRecommendation r = TimeoutRecommendation.from(ctx.snapshot().census(), ctx.policy());
        return set(TunableParameter.TIMEOUT, r.seconds(), ctx.policy(),
                "Close clients idle for more than " + r.seconds() + " s. " + r.explanation());
    }

    static FixStep setKeepalive(Policy policy) {
        long value = recommendedKeepalive(policy);
        return set(TunableParameter.TCP_KEEPALIVE, value, policy,
                "Probe idle peers every " + value + " s so a client that vanished without FIN is dropped after about "
                        + (2 * value) + " s. Applies to new connections only: existing ghosts need timeout or CLIENT KILL.");
    }

    static FixStep persist(ServerInfo info) {
        return new FixStep.PersistConfig(info.configFile()
                .map(f -> "Persist the change to " + f + " so it survives a restart.")
                .orElse("This server runs without a config file: CONFIG REWRITE fails, so the change is live but lost"
                        + " on restart. Add the same setting to whatever starts this server."));
    }

    /**
     * A step Ghostwatch can apply; or, when the policy's own range is empty (its min key above its max key, each
     * valid alone), the same command as a manual step saying why, so the check still reports instead of throwing.
     */
    private static FixStep set(TunableParameter p, long value, Policy policy, String explanation) {
        if (!p.allows(value, policy)) {
            return new FixStep.ManualStep("CONFIG SET " + p.redisName() + " " + value, explanation
                    + " Ghostwatch will not apply it: the policy's range " + p.range(policy) + " is empty; fix the policy.");
        }
        return new FixStep.SetParameter(ParameterChange.of(p, value, policy), explanation);
    }

    /**
     * The policy's recommended tcp-keepalive pulled into its allowed range, so the plan is always applicable (self-hosted
     * and ElastiCache alike).
     */
    static long recommendedKeepalive(Policy policy) {
        TunableParameter p = TunableParameter.TCP_KEEPALIVE;
        return Math.max(p.min(policy), Math.min(p.max(policy), policy.get(PolicyKey.RECOMMENDED_KEEPALIVE_SECONDS)));
    }
}
