package io.ghostwatch.bot.command;

import io.ghostwatch.core.fix.ParameterChange;
import java.util.List;
import java.util.Objects;

/**
 * One parsed {@code /ghostwatch} command. Every value in it has been checked: targets are names from the loaded
 * config, parameters are allow-listed ({@link io.ghostwatch.core.fix.TunableParameter}) and within the policy's
 * ranges. {@link #text()} is the canonical form, for echoing back (escape it like any other text).
 */
public sealed interface BotCommand {

    /** The command in its canonical written form, e.g. {@code fix web timeout=86400}. */
    String text();

    /** {@code help}: answered at once, in the acknowledgement. */
    record Help() implements BotCommand {
        @Override
        public String text() {
            return "help";
        }
    }

    /** {@code audit <target>}. */
    record Audit(String target) implements BotCommand {
        public Audit {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String text() {
            return "audit " + target;
        }
    }

    /** {@code audit all}: every target in the config. */
    record AuditAll() implements BotCommand {
        @Override
        public String text() {
            return "audit " + CommandParser.ALL;
        }
    }

    /** {@code status <target>}: the target's latest findings and pending changes. */
    record Status(String target) implements BotCommand {
        public Status {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String text() {
            return "status " + target;
        }
    }

    /**
     * {@code fix <target> timeout=<s> [tcp-keepalive=<s>]}: propose setting these parameters (applied only after
     * approval).
     *
     * @param changes timeout first, then tcp-keepalive when given; each already range-checked
     */
    record Fix(String target, List<ParameterChange> changes) implements BotCommand {
        public Fix {
            Objects.requireNonNull(target, "target");
            changes = List.copyOf(changes);
            if (changes.isEmpty()) {
                throw new IllegalArgumentException("a fix changes at least one parameter");
            }
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder("fix ").append(target);
            changes.forEach(c -> sb.append(' ').append(c.parameter().redisName()).append('=').append(c.value()));
            return sb.toString();
        }
    }

    /**
     * {@code fix <target> kill-idle=<s>}: propose a one-off {@code CLIENT KILL} of the normal clients idle longer than
     * this (applied only after approval). Clears ghosts that exist now without changing any setting.
     *
     * @param idleSeconds already checked against the policy's timeout range (it ends the same connections a
     *                    {@code timeout} of this value would)
     */
    record KillIdle(String target, long idleSeconds) implements BotCommand {
        public KillIdle {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String text() {
            return "fix " + target + " " + CommandParser.KILL_IDLE + "=" + idleSeconds;
        }
    }

    /** {@code rollback <change-id>}: propose undoing an applied change. */
    record Rollback(String changeId) implements BotCommand {
        public Rollback {
            Objects.requireNonNull(changeId, "changeId");
        }

        @Override
        public String text() {
            return "rollback " + changeId;
        }
    }

    /** {@code changes}: recent changes of every target. */
    record Changes() implements BotCommand {
        @Override
        public String text() {
            return "changes";
        }
    }

    /** {@code changes <target>}: recent changes of one target. */
    record TargetChanges(String target) implements BotCommand {
        public TargetChanges {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String text() {
            return "changes " + target;
        }
    }
}
