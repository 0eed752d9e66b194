package io.ghostwatch.core.change;

import io.ghostwatch.core.fix.TunableParameter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a change does. Typed, never free text: parameters come from the {@link TunableParameter} allow-list; the
 * policy's ranges are checked when the change is planned and again when it is applied, not here (a stored change
 * stays readable after the policy moves). Exhaustive: callers switch over it.
 */
public sealed interface ChangeAction {

    /** A line for Slack and the CLI, e.g. {@code set timeout=86400 tcp-keepalive=60}. */
    String describe();

    /** {@code CONFIG SET} these values on every node the change touches (or the parameter group, on ElastiCache). */
    record SetParameters(Map<TunableParameter, Long> values) implements ChangeAction {
        public SetParameters {
            values = checkedValues(values, "set parameters");
        }

        @Override
        public String describe() {
            return "set " + render(values);
        }
    }

    /** Kill the clients idle for at least {@code idleSeconds} (the ghosts already there, which no setting reaps). */
    record KillIdle(long idleSeconds) implements ChangeAction {
        public KillIdle {
            if (idleSeconds < 1) {
                throw new IllegalArgumentException("kill-idle needs an idle time of at least 1 second, not " + idleSeconds);
            }
        }

        @Override
        public String describe() {
            return "kill clients idle for " + idleSeconds + " s or more";
        }
    }

    /** Put back the values an earlier, applied change replaced: {@code restore} is its values before. */
    record Rollback(ChangeId of, Map<TunableParameter, Long> restore) implements ChangeAction {
        public Rollback {
            Objects.requireNonNull(of, "the change to roll back");
            restore = checkedValues(restore, "roll back " + of);
        }

        @Override
        public String describe() {
            return "roll back " + of + ": set " + render(restore);
        }
    }

    private static Map<TunableParameter, Long> checkedValues(Map<TunableParameter, Long> values, String what) {
        Objects.requireNonNull(values, what);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(what + ": no parameter given; valid parameters: "
                    + TunableParameter.validNames());
        }
        values.forEach((p, v) -> {
            Objects.requireNonNull(p, what + ": parameter");
            if (v == null || v < 0) {
                throw new IllegalArgumentException(what + ": " + p.redisName() + "=" + v
                        + " is not a whole number of seconds >= 0");
            }
        });
        return Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** {@code timeout=86400 tcp-keepalive=60}, in allow-list order. */
    static String render(Map<TunableParameter, Long> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((p, v) -> sb.append(sb.isEmpty() ? "" : " ").append(p.redisName()).append('=').append(v));
        return sb.toString();
    }
}
