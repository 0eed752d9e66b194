package io.ghostwatch.core.fix;

import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The only server settings Ghostwatch will ever change. There is deliberately no way to name any other
 * parameter: {@code CONFIG SET dir} + {@code dbfilename} is a well-known way to write files as the Redis user.
 */
public enum TunableParameter {
    TIMEOUT("timeout", PolicyKey.MIN_TIMEOUT_SECONDS, PolicyKey.MAX_TIMEOUT_SECONDS),
    TCP_KEEPALIVE("tcp-keepalive", PolicyKey.MIN_KEEPALIVE_SECONDS, PolicyKey.MAX_KEEPALIVE_SECONDS);

    private final String redisName;
    private final PolicyKey minKey;
    private final PolicyKey maxKey;

    TunableParameter(String redisName, PolicyKey minKey, PolicyKey maxKey) {
        this.redisName = redisName;
        this.minKey = minKey;
        this.maxKey = maxKey;
    }

    /** The name Redis and ElastiCache parameter groups use. */
    public String redisName() {
        return redisName;
    }

    public static Optional<TunableParameter> byRedisName(String name) {
        return Arrays.stream(values()).filter(p -> p.redisName.equalsIgnoreCase(name.trim())).findFirst();
    }

    public static String validNames() {
        return Arrays.stream(values()).map(TunableParameter::redisName).collect(Collectors.joining(", "));
    }

    public long min(Policy policy) {
        return policy.get(minKey);
    }

    public long max(Policy policy) {
        return policy.get(maxKey);
    }

    /** The allowed range as text, naming the policy keys that set it. */
    public String range(Policy policy) {
        return min(policy) + ".." + max(policy) + " (policy " + minKey.key() + ".." + maxKey.key() + ")";
    }

    public boolean allows(long value, Policy policy) {
        return value >= min(policy) && value <= max(policy);
    }
}
