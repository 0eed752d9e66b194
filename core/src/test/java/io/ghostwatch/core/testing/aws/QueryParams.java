package io.ghostwatch.core.testing.aws;

import io.ghostwatch.core.testing.FormEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form-encoded parameters of an awsQuery or EC2 query request, with the two protocols' list encodings:
 * awsQuery sends {@code Name.member.N} or {@code Name.<MemberName>.N} ({@code ParameterNameValues.ParameterNameValue.1
 * .ParameterName}); EC2 sends {@code Name.N} ({@code GroupId.1}, {@code Filter.1.Name}, {@code Filter.1.Value.1}).
 */
final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    static QueryParams parse(byte[] body) {
        return new QueryParams(FormEncoding.decode(body));
    }

    /** The parameters of a {@link ServiceRequest} read earlier. */
    static QueryParams of(Map<String, String> values) {
        return new QueryParams(values);
    }

    Map<String, String> asMap() {
        return values;
    }

    /** A parameter, or null. */
    String get(String name) {
        return values.get(name);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw ServiceFault.badRequest("MissingParameter",
                    "The request must contain the parameter " + name);
        }
        return value;
    }

    Integer integer(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw ServiceFault.badRequest("InvalidParameterValue",
                    "Invalid value '" + value + "' for " + name + ": not an integer");
        }
    }

    boolean bool(String name) {
        return "true".equalsIgnoreCase(values.get(name));
    }

    /** The values of a list of strings, in index order ({@code Name.N} or {@code Name.Member.N}). */
    List<String> list(String name) {
        Pattern pattern = Pattern.compile(Pattern.quote(name) + "\\.(?:[A-Za-z]+\\.)?(\\d+)");
        Map<Integer, String> byIndex = new TreeMap<>();
        values.forEach((key, value) -> {
            Matcher m = pattern.matcher(key);
            if (m.matches()) {
                byIndex.put(Integer.parseInt(m.group(1)), value);
            }
        });
        return new ArrayList<>(byIndex.values());
    }

    /**
     * The members of a list of structures, in index order, each as its own {@link QueryParams} holding the member's
     * fields ({@code Filter.1.Name} and {@code Filter.1.Value.1} become {@code Name} and {@code Value.1}).
     */
    List<QueryParams> structs(String name) {
        Pattern pattern = Pattern.compile(Pattern.quote(name) + "\\.(?:[A-Za-z]+\\.)?(\\d+)\\.(.+)");
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        values.forEach((key, value) -> {
            Matcher m = pattern.matcher(key);
            if (m.matches()) {
                byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>())
                        .put(m.group(2), value);
            }
        });
        return byIndex.values().stream().map(QueryParams::new).toList();
    }
}
