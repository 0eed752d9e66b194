package io.ghostwatch.core.change;

import io.ghostwatch.core.fix.NodeOutcome;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.slack.FindingKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Changes for the tests: a two-node target (one IPv6), the values read before, people by Slack user ID. */
final class Changes {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(30);
    static final String REQUESTER = "U0REQUEST1";
    static final String APPROVER = "U0APPROVE1";
    static final String LAB = "lab-1";
    static final HostPort NODE_A = HostPort.parse("10.0.0.5:6379");
    static final HostPort NODE_B = HostPort.parse("[::1]:6380");
    static final FindingKey TIMEOUT_FINDING = new FindingKey(LAB, NODE_A.toString(), "redis_idle_timeout_enabled");

    private Changes() {
    }

    static Instant minutes(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    static Map<TunableParameter, Long> timeoutAndKeepalive(long timeout, long keepalive) {
        return Map.of(TunableParameter.TIMEOUT, timeout, TunableParameter.TCP_KEEPALIVE, keepalive);
    }

    /** timeout=86400 tcp-keepalive=60 on both nodes, which had 0 and 0 / 0 and 300, proposed at {@code at}. */
    static Change proposed(String target, Instant at) {
        return Change.propose(target, new ChangeAction.SetParameters(timeoutAndKeepalive(86400, 60)),
                new ChangeScope.Nodes(List.of(NODE_A, NODE_B),
                        Map.of(NODE_A, timeoutAndKeepalive(0, 0), NODE_B, timeoutAndKeepalive(0, 300))),
                new ChangeReason(List.of(new FindingKey(target, NODE_A.toString(), "redis_idle_timeout_enabled")),
                        "ghosts pile up at ~70/day"), REQUESTER, at, at.plus(WINDOW));
    }

    static Change proposed() {
        return proposed(LAB, T0);
    }

    static NodeOutcome applied(HostPort node, long keepaliveBefore) {
        return new NodeOutcome(node, timeoutAndKeepalive(0, keepaliveBefore), timeoutAndKeepalive(86400, 60),
                new NodeOutcome.Persistence.Persisted("/etc/redis/redis.conf"));
    }
}
