package io.ghostwatch.core.testing.aws;

import java.util.Objects;

/**
 * One parameter of a cache parameter group or of a family's engine defaults, as DescribeCacheParameters reports it.
 *
 * @param value         the current value (AWS omits ParameterValue when it is empty; so does the stand-in)
 * @param source        {@code system} (the family default), {@code user} (set by ModifyCacheParameterGroup) or
 *                      {@code engine-default}
 * @param dataType      {@code integer}, {@code string} or {@code boolean}
 * @param allowedValues AWS's notation: {@code 0,20-}, {@code 1-65000}, {@code yes,no}, ...
 * @param changeType    {@code immediate} or {@code requires-reboot}
 */
public record CacheParameter(String name, String value, String description, String source, String dataType,
                             String allowedValues, boolean modifiable, String minimumEngineVersion,
                             String changeType) {

    public CacheParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(changeType, "changeType");
    }

    public CacheParameter withValue(String newValue, String newSource) {
        return new CacheParameter(name, newValue, description, newSource, dataType, allowedValues, modifiable,
                minimumEngineVersion, changeType);
    }

    public boolean requiresReboot() {
        return changeType.equals("requires-reboot");
    }

    /** Whether {@code candidate} is within {@link #allowedValues} (ranges for integers, a list otherwise). */
    public boolean allows(String candidate) {
        if (dataType.equals("integer") && !candidate.matches("-?\\d{1,18}")) {
            return false;
        }
        if (allowedValues == null || allowedValues.isEmpty()) {
            return true;
        }
        for (String option : allowedValues.split(",")) {
            if (dataType.equals("integer") && option.matches("\\d+-\\d*")) {
                if (inRange(Long.parseLong(candidate), option)) {
                    return true;
                }
            } else if (option.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRange(long value, String range) {
        int dash = range.indexOf('-');
        long low = Long.parseLong(range.substring(0, dash));
        String high = range.substring(dash + 1);
        return value >= low && (high.isEmpty() || value <= Long.parseLong(high));
    }
}
