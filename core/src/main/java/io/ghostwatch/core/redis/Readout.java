package io.ghostwatch.core.redis;

import java.util.function.Function;

/**
 * A fact read from a server, or the reason it could not be read. Checks turn an unreadable fact into an
 * ERROR finding that says which fact and why: never a silent pass.
 */
public sealed interface Readout<T> {

    record Known<T>(T value) implements Readout<T> {
        public Known {
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    /** @param reason a phrase such as "CONFIG is renamed or disabled (ERR unknown command 'CONFIG')" */
    record Unreadable<T>(String reason) implements Readout<T> {
    }

    static <T> Readout<T> known(T value) {
        return new Known<>(value);
    }

    static <T> Readout<T> unreadable(String reason) {
        return new Unreadable<>(reason);
    }

    default boolean isKnown() {
        return this instanceof Known<T>;
    }

    default T orElse(T fallback) {
        return this instanceof Known<T>(T value) ? value : fallback;
    }

    default <R> Readout<R> map(Function<? super T, ? extends R> f) {
        return switch (this) {
            case Known<T>(T value) -> new Known<>(f.apply(value));
            case Unreadable<T>(String reason) -> new Unreadable<>(reason);
        };
    }
}
