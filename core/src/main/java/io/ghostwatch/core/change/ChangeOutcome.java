package io.ghostwatch.core.change;

import io.ghostwatch.core.elasticache.ParameterGroupResult;
import io.ghostwatch.core.fix.ChangeResult;
import io.ghostwatch.core.fix.NodeOutcome;
import io.ghostwatch.core.model.HostPort;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How an applied change ended, as stored with it: what was verified on each node, or what went wrong. Each outcome
 * belongs to one final state ({@link #state()}); a change records it with the move out of APPLYING.
 */
public sealed interface ChangeOutcome {

    /** The state a change ends in with this outcome. */
    ChangeState state();

    /** Every node changed; {@code nodes} holds each node's values before and as read back after setting them. */
    record Applied(List<NodeOutcome> nodes) implements ChangeOutcome {
        public Applied {
            nodes = List.copyOf(nodes);
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("an applied change names at least one node it changed");
            }
        }

        @Override
        public ChangeState state() {
            return ChangeState.APPLIED;
        }
    }

    /** Clients were killed; how many per address (as the kill reported it: a client's host, or a node's host:port). */
    record IdleKilled(Map<String, Long> killedPerAddress) implements ChangeOutcome {
        public IdleKilled {
            Objects.requireNonNull(killedPerAddress, "killedPerAddress");
            killedPerAddress.forEach((address, count) -> {
                if (address == null || address.isBlank() || count == null || count < 0) {
                    throw new IllegalArgumentException("kill count " + address + "=" + count
                            + " needs an address and a count >= 0");
                }
            });
            killedPerAddress = Collections.unmodifiableMap(new TreeMap<>(killedPerAddress));
        }

        public long total() {
            return killedPerAddress.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public ChangeState state() {
            return ChangeState.APPLIED;
        }
    }

    /**
     * An ElastiCache cache's parameter group changed (or a custom one created and attached, or the old one attached
     * again), verified by reading it back.
     */
    record GroupApplied(ParameterGroupResult.Applied applied) implements ChangeOutcome {
        public GroupApplied {
            Objects.requireNonNull(applied, "applied");
        }

        @Override
        public ChangeState state() {
            return ChangeState.APPLIED;
        }
    }

    /**
     * A step failed after something had changed; what had changed was put back.
     *
     * @param failedAt where it failed: a node ({@code host:port}) or a parameter group / cache
     * @param restored for nodes, each as read back after restoring; empty for a parameter group (see {@code note})
     * @param note     what was put back, in words; empty for nodes
     */
    record RolledBack(String failedAt, String failure, List<NodeOutcome> restored, String note) implements ChangeOutcome {
        public RolledBack {
            Objects.requireNonNull(failedAt, "failedAt");
            Objects.requireNonNull(failure, "failure");
            restored = List.copyOf(restored);
            Objects.requireNonNull(note, "note");
        }

        @Override
        public ChangeState state() {
            return ChangeState.ROLLED_BACK;
        }
    }

    /**
     * The change failed and was not cleanly undone: {@code leftChanged} (nodes as {@code host:port}, or a parameter
     * group or cache) may hold the new values; empty when nothing was changed, e.g. the worker found the values stale.
     */
    record Failed(String error, List<String> leftChanged) implements ChangeOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
            if (error.isBlank()) {
                throw new IllegalArgumentException("a failed change says what failed");
            }
            leftChanged = List.copyOf(leftChanged);
        }

        @Override
        public ChangeState state() {
            return ChangeState.FAILED;
        }
    }

    /** The fix engine's result as stored: Applied, RolledBack, or Failed for a rollback that failed too. */
    static ChangeOutcome of(ChangeResult result) {
        return switch (result) {
            case ChangeResult.Applied a -> new Applied(a.nodes());
            case ChangeResult.RolledBack r -> new RolledBack(r.failedNode().toString(), r.failure(), r.restored(), "");
            case ChangeResult.RollbackFailed f -> new Failed(f.failedNode() + ": " + f.failure()
                    + "; restoring failed too (" + f.rollbackFailure() + ")",
                    f.leftChanged().stream().map(HostPort::toString).toList());
        };
    }

    /** The ElastiCache engine's result as stored. */
    static ChangeOutcome of(ParameterGroupResult result) {
        return switch (result) {
            case ParameterGroupResult.Applied a -> new GroupApplied(a);
            case ParameterGroupResult.RolledBack r -> new RolledBack(r.failedAt(), r.failure(), List.of(), r.restored());
            case ParameterGroupResult.Failed f -> new Failed(f.error(), f.leftChanged());
        };
    }
}
