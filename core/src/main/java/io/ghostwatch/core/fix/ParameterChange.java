package io.ghostwatch.core.fix;

import io.ghostwatch.core.policy.Policy;

/** One allow-listed parameter set to one value, already checked against the policy's range. */
public record ParameterChange(TunableParameter parameter, long value) {

    /**
     * Parses {@code name=value} as given to {@code --set}; every error names the bad part and the valid form.
     */
    public static ParameterChange parse(String assignment, Policy policy) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("'" + assignment + "' is not parameter=value; valid parameters: "
                    + TunableParameter.validNames());
        }
        String name = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1).trim();
        TunableParameter parameter = TunableParameter.byRedisName(name).orElseThrow(() ->
                new IllegalArgumentException("parameter '" + name + "' cannot be changed by Ghostwatch; valid parameters: "
                        + TunableParameter.validNames()));
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter.redisName() + "='" + text + "' is not a whole number of seconds; valid: "
                    + parameter.range(policy));
        }
        return of(parameter, value, policy);
    }

    public static ParameterChange of(TunableParameter parameter, long value, Policy policy) {
        if (!parameter.allows(value, policy)) {
            throw new IllegalArgumentException(parameter.redisName() + "=" + value + " is outside the allowed range "
                    + parameter.range(policy));
        }
        return new ParameterChange(parameter, value);
    }

    /**
     * Putting back a value an applied change replaced: still only an allow-listed parameter, but any value of at
     * least 0 (it was on the server before, so it may be outside today's policy range, e.g. {@code timeout 0}).
     */
    public static ParameterChange restoring(TunableParameter parameter, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(parameter.redisName() + "=" + value + " cannot be restored: Redis"
                    + " takes no negative value for it");
        }
        return new ParameterChange(parameter, value);
    }

    /** The exact command, e.g. {@code CONFIG SET timeout 86400}. */
    public String command() {
        return "CONFIG SET " + parameter.redisName() + " " + value;
    }
}
