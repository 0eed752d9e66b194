package io.ghostwatch.bot.command;

import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.TargetSpec;
import io.ghostwatch.core.elasticache.CacheLocation;
import io.ghostwatch.core.elasticache.CacheName;
import io.ghostwatch.core.fix.ParameterChange;
import io.ghostwatch.core.fix.TunableParameter;
import io.ghostwatch.core.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the text after {@code /ghostwatch} into a {@link BotCommand}, or a {@link CommandError} naming the bad part
 * and the valid form. Targets must be names from the loaded config, or ElastiCache caches
 * ({@code <account>/<region>/<cache id>}) in an account and region the config's {@code elasticache:} section searches
 * (whether the cache exists is the worker's to find out); a fix takes only {@code timeout} and
 * {@code tcp-keepalive} ({@link TunableParameter}, within the policy's ranges) or {@code kill-idle} alone. There is
 * no path from text to any other setting.
 * <p>
 * Words are separated by whitespace; subcommands and parameter names are matched ignoring case, target names and
 * change IDs exactly. An empty text means {@code help}.
 */
public final class CommandParser {

    public static final String ALL = "all";
    public static final String KILL_IDLE = "kill-idle";

    static final String HELP = "help";
    static final String AUDIT = "audit <target>|all";
    static final String STATUS = "status <target>";
    static final String FIX = "fix <target> timeout=<seconds> [tcp-keepalive=<seconds>]";
    static final String FIX_KILL_IDLE = "fix <target> kill-idle=<seconds>";
    static final String ROLLBACK = "rollback <change-id>";
    static final String CHANGES = "changes [target]";
    /** Every form, in the order help lists them. */
    public static final List<String> FORMS = List.of(HELP, AUDIT, STATUS, FIX, FIX_KILL_IDLE, ROLLBACK, CHANGES);
    static final List<String> SUBCOMMANDS = List.of("help", "audit", "status", "fix", "rollback", "changes");

    /** A change ID as the change store issues them: letters, digits, '.', '_', ':', '-'; up to 64 characters. */
    static final Pattern CHANGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    /** Seconds: digits only, so no sign, no exponent, no spaces; 18 digits cannot overflow a long. */
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");

    private final List<String> targets;
    private final Policy policy;
    private final List<CacheLocation> cacheLocations;

    /**
     * @param targets the names of the configured targets, in config order
     * @param policy  the ranges fixes may use
     */
    public CommandParser(List<String> targets, Policy policy) {
        this(targets, policy, List.of());
    }

    /** @param cacheLocations the ElastiCache accounts and regions the config searches */
    public CommandParser(List<String> targets, Policy policy, List<CacheLocation> cacheLocations) {
        this.targets = List.copyOf(targets);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.cacheLocations = List.copyOf(cacheLocations);
    }

    /** The targets, policy and ElastiCache accounts and regions of a loaded config. */
    public static CommandParser of(GhostwatchConfig config) {
        return new CommandParser(config.targets().stream().map(TargetSpec::name).toList(), config.policy(),
                config.elasticache() == null ? List.of() : config.elasticache().locations());
    }

    public Policy policy() {
        return policy;
    }

    public List<String> targets() {
        return targets;
    }

    public BotCommand parse(String text) throws CommandError {
        List<String> words = text == null || text.isBlank() ? List.of()
                : Arrays.asList(text.strip().split("\\s+"));
        if (words.isEmpty()) {
            return new BotCommand.Help();
        }
        String sub = words.getFirst();
        List<String> args = words.subList(1, words.size());
        return switch (sub.toLowerCase(Locale.ROOT)) {
            case "help" -> {
                noMore(args, 0, HELP);
                yield new BotCommand.Help();
            }
            case "audit" -> audit(args);
            case "status" -> {
                String target = target(args, "status", STATUS);
                noMore(args, 1, STATUS);
                yield new BotCommand.Status(target);
            }
            case "fix" -> fix(args);
            case "rollback" -> rollback(args);
            case "changes" -> {
                noMore(args, 1, CHANGES);
                yield args.isEmpty() ? new BotCommand.Changes() : new BotCommand.TargetChanges(known(args.getFirst(), CHANGES));
            }
            default -> throw new CommandError(sub, "is not a subcommand (valid: " + String.join(", ", SUBCOMMANDS)
                    + "; /ghostwatch help explains them)", FORMS);
        };
    }

    private BotCommand audit(List<String> args) throws CommandError {
        if (args.isEmpty()) {
            throw new CommandError("", "audit needs a target, or all (" + validTargets() + ")", List.of(AUDIT));
        }
        noMore(args, 1, AUDIT);
        String target = args.getFirst();
        if (target.equalsIgnoreCase(ALL) && !targets.contains(target)) {
            return new BotCommand.AuditAll();
        }
        return new BotCommand.Audit(known(target, AUDIT));
    }

    private BotCommand fix(List<String> args) throws CommandError {
        String target = target(args, "fix", FIX, FIX_KILL_IDLE);
        List<String> assignments = args.subList(1, args.size());
        if (assignments.isEmpty()) {
            throw new CommandError("", "fix " + target + " names no parameter to change", List.of(FIX, FIX_KILL_IDLE));
        }
        Map<TunableParameter, ParameterChange> changes = new EnumMap<>(TunableParameter.class);
        Long killIdle = null;
        String first = null;
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0 || eq == assignment.length() - 1) {
                throw new CommandError(assignment, "is not parameter=value", List.of(FIX, FIX_KILL_IDLE));
            }
            String name = assignment.substring(0, eq);
            String value = assignment.substring(eq + 1);
            Optional<TunableParameter> tunable = TunableParameter.byRedisName(name);
            if (tunable.isEmpty() && !name.equalsIgnoreCase(KILL_IDLE)) {
                throw new CommandError(name, "is not a parameter Ghostwatch changes (valid: "
                        + TunableParameter.validNames() + ", or " + KILL_IDLE + " alone)", List.of(FIX, FIX_KILL_IDLE));
            }
            boolean repeated = tunable.map(changes::containsKey).orElse(killIdle != null);
            if (repeated) {
                throw new CommandError(assignment, "sets " + name.toLowerCase(Locale.ROOT)
                        + " a second time; give each parameter once", List.of(FIX, FIX_KILL_IDLE));
            }
            if (first != null && (tunable.isEmpty() || killIdle != null)) {
                throw new CommandError(assignment, "cannot be combined with " + first + ": " + KILL_IDLE
                        + " is a one-off CLIENT KILL and goes alone; settings go without it", List.of(FIX, FIX_KILL_IDLE));
            }
            if (first == null) {
                first = assignment;
            }
            if (tunable.isPresent()) {
                TunableParameter p = tunable.get();
                changes.put(p, ParameterChange.of(p, seconds(assignment, value, p.min(policy), p.max(policy),
                        p.range(policy), FIX), policy));
            } else {
                // a kill-idle of N ends the same connections a timeout of N would: the timeout range bounds it
                TunableParameter bound = TunableParameter.TIMEOUT;
                killIdle = seconds(assignment, value, bound.min(policy), bound.max(policy),
                        bound.range(policy).replace("(policy", "(the timeout range, policy"), FIX_KILL_IDLE);
            }
        }
        if (killIdle != null) {
            return new BotCommand.KillIdle(target, killIdle);
        }
        if (!changes.containsKey(TunableParameter.TIMEOUT)) {
            throw new CommandError("", "fix " + target + " needs timeout=<seconds>: only timeout (or "
                    + KILL_IDLE + ") clears the ghost connections that exist now; tcp-keepalive goes with it",
                    List.of(FIX, FIX_KILL_IDLE));
        }
        return new BotCommand.Fix(target, new ArrayList<>(changes.values()));
    }

    private BotCommand rollback(List<String> args) throws CommandError {
        if (args.isEmpty()) {
            throw new CommandError("", "rollback needs the ID of the change to undo (/ghostwatch changes lists them)",
                    List.of(ROLLBACK));
        }
        noMore(args, 1, ROLLBACK);
        String id = args.getFirst();
        if (!CHANGE_ID.matcher(id).matches()) {
            throw new CommandError(id, "is not a change ID (letters, digits, '.', '_', ':', '-'; up to 64 characters;"
                    + " /ghostwatch changes lists them)", List.of(ROLLBACK));
        }
        return new BotCommand.Rollback(id);
    }

    private long seconds(String assignment, String value, long min, long max, String range, String form)
            throws CommandError {
        if (!SECONDS.matcher(value).matches()) {
            throw new CommandError(assignment, "is not a whole number of seconds (valid: " + range + ")", List.of(form));
        }
        long seconds = Long.parseLong(value);
        if (seconds < min || seconds > max) {
            throw new CommandError(assignment, "is outside the allowed range " + range, List.of(form));
        }
        return seconds;
    }

    /** The first argument, which must name a configured target. */
    private String target(List<String> args, String subcommand, String... forms) throws CommandError {
        if (args.isEmpty()) {
            throw new CommandError("", subcommand + " needs a target (" + validTargets() + ")", List.of(forms));
        }
        return known(args.getFirst(), forms);
    }

    private String known(String target, String... forms) throws CommandError {
        if (targets.contains(target)) {
            return target;
        }
        Optional<CacheName> cache = cacheLocations.isEmpty() ? Optional.empty() : CacheName.parse(target);
        if (cache.isPresent()) {
            if (!cacheLocations.contains(cache.get().location())) {
                throw new CommandError(target, "is in " + cache.get().location() + ", which the config's elasticache"
                        + " section does not search (" + cacheLocations.stream().map(CacheLocation::name)
                        .collect(Collectors.joining(", ")) + ")", List.of(forms));
            }
            return target;
        }
        throw new CommandError(target, "is not a target in the config (" + validTargets() + ")", List.of(forms));
    }

    private String validTargets() {
        String caches = cacheLocations.isEmpty() ? "" : "; ElastiCache caches as " + CacheName.VALID_FORM;
        return targets.isEmpty() ? "the config has no targets" + caches : "valid: " + String.join(", ", targets) + caches;
    }

    private static void noMore(List<String> args, int expected, String form) throws CommandError {
        if (args.size() > expected) {
            throw new CommandError(args.get(expected), "is one word too many", List.of(form));
        }
    }
}
