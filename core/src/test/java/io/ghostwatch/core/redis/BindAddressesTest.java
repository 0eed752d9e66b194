package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BindAddressesTest {

    @Test
    void capturedLoopbackBind() {
        BindAddresses b = BindAddresses.parse(Fixtures.configGet("config-get-7.0-bind-loopback.txt").get("bind"));

        assertThat(b.addresses()).containsExactly("127.0.0.1");
        assertThat(b.isUnset()).isFalse();
        assertThat(b.allInterfaces()).isFalse();
        assertThat(b.beyondLoopback()).isFalse();
        assertThat(b.describe()).isEqualTo("bind 127.0.0.1");
    }

    @Test
    void shippedRedisConfDefaultStripsTheOptionalDash() {
        BindAddresses b = BindAddresses.parse("127.0.0.1 -::1");

        assertThat(b.addresses()).containsExactly("127.0.0.1", "::1");
        assertThat(b.raw()).isEqualTo("127.0.0.1 -::1");
        assertThat(b.beyondLoopback()).isFalse();
    }

    @Test
    void noBindLineOn62IsAnEmptyValue() {
        BindAddresses b = BindAddresses.parse("");

        assertThat(b.isUnset()).isTrue();
        assertThat(b.allInterfaces()).isTrue();
        assertThat(b.beyondLoopback()).isTrue();
        assertThat(b.describe()).isEqualTo("no bind (all interfaces)");
    }

    @Test
    void noBindLineOn70IsTheEffectiveWildcard() {
        // 7.0+ CONFIG GET bind returns the effective value "* -::*" when no bind line is configured
        BindAddresses b = BindAddresses.parse("* -::*");

        assertThat(b.isUnset()).isFalse();
        assertThat(b.addresses()).containsExactly("*", "::*");
        assertThat(b.allInterfaces()).isTrue();
        assertThat(b.describe()).isEqualTo("bind * -::*");
    }

    @ParameterizedTest(name = "bind \"{0}\": all interfaces {1}, beyond loopback {2}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0                  | true  | true",
            "::                       | true  | true",
            "127.0.0.1 0.0.0.0        | true  | true",
            "10.0.0.5                 | false | true",
            "127.0.0.1 -::1 10.0.0.5  | false | true",
            "127.0.0.1 ::1 localhost  | false | false",
            "127.0.0.2                | false | false",
            "'  127.0.0.1   -::1  '   | false | false",
    })
    void classifiesAddresses(String raw, boolean all, boolean beyond) {
        BindAddresses b = BindAddresses.parse(raw);

        assertThat(b.allInterfaces()).isEqualTo(all);
        assertThat(b.beyondLoopback()).isEqualTo(beyond);
    }
}
