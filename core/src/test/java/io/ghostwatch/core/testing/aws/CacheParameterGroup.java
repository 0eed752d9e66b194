package io.ghostwatch.core.testing.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cache parameter group with its parameters (sorted by name, as AWS lists them). Groups named {@code default.*}
 * are the customer defaults ElastiCache creates per family; they cannot be modified.
 *
 * @param family {@code redis7}, {@code valkey8}, {@code memcached1.6}, ...
 */
public record CacheParameterGroup(String name, String family, String description, boolean isGlobal,
                                  List<CacheParameter> parameters) {

    public CacheParameterGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(description, "description");
        List<CacheParameter> sorted = new ArrayList<>(parameters);
        sorted.sort(Comparator.comparing(CacheParameter::name));
        parameters = List.copyOf(sorted);
    }

    public boolean isDefault() {
        return name.startsWith("default.");
    }

    public Optional<CacheParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** This group with {@code replacement} in place of the parameter of the same name. */
    public CacheParameterGroup with(CacheParameter replacement) {
        List<CacheParameter> updated = parameters.stream()
                .map(p -> p.name().equals(replacement.name()) ? replacement : p)
                .toList();
        return new CacheParameterGroup(name, family, description, isGlobal, updated);
    }
}
