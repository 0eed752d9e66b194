package io.ghostwatch.core.testing.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/** One raw sample of a CloudWatch metric. */
public record Datapoint(Instant timestamp, double value) {

    public Datapoint {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** {@code values} at {@code start}, {@code start + step}, ... */
    public static List<Datapoint> series(Instant start, Duration step, double... values) {
        List<Datapoint> out = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            out.add(new Datapoint(start.plus(step.multipliedBy(i)), values[i]));
        }
        return out;
    }

    /** {@code count} samples {@code step} apart from {@code start}, the i-th being {@code value.applyAsDouble(i)}. */
    public static List<Datapoint> series(Instant start, Duration step, int count, IntToDoubleFunction value) {
        List<Datapoint> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Datapoint(start.plus(step.multipliedBy(i)), value.applyAsDouble(i)));
        }
        return out;
    }
}
