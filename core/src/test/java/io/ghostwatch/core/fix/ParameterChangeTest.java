package io.ghostwatch.core.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterChangeTest {

    private static final Policy DEFAULTS = Policy.defaults();

    @Test
    void timeoutGivesTheExactCommand() {
        ParameterChange c = ParameterChange.parse("timeout=86400", DEFAULTS);

        assertThat(c).isEqualTo(new ParameterChange(TunableParameter.TIMEOUT, 86_400));
        assertThat(c.command()).isEqualTo("CONFIG SET timeout 86400");
    }

    @Test
    void keepaliveNameIsCaseInsensitiveButTheCommandIsCanonical() {
        assertThat(ParameterChange.parse(" TCP-KEEPALIVE = 120 ", DEFAULTS).command())
                .isEqualTo("CONFIG SET tcp-keepalive 120");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir=/tmp", "dbfilename=authorized_keys", "requirepass=x", "bind=0.0.0.0", "maxclients=100"})
    void anyOtherParameterIsRefusedNamingTheValidOnes(String assignment) {
        String name = assignment.substring(0, assignment.indexOf('='));

        assertThatThrownBy(() -> ParameterChange.parse(assignment, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter '" + name + "' cannot be changed by Ghostwatch; valid parameters: timeout, tcp-keepalive");
    }

    @Test
    void notANumber() {
        assertThatThrownBy(() -> ParameterChange.parse("timeout=abc", DEFAULTS))
                .hasMessage("timeout='abc' is not a whole number of seconds; valid: 300..604800 (policy"
                        + " minTimeoutSeconds..maxTimeoutSeconds)");
        assertThatThrownBy(() -> ParameterChange.parse("timeout=1d", DEFAULTS)).hasMessageContaining("not a whole number");
    }

    @Test
    void negative() {
        assertThatThrownBy(() -> ParameterChange.parse("timeout=-5", DEFAULTS))
                .hasMessage("timeout=-5 is outside the allowed range 300..604800 (policy minTimeoutSeconds..maxTimeoutSeconds)");
    }

    @Test
    void zeroWouldDisableTheFixAndIsRefused() {
        assertThatThrownBy(() -> ParameterChange.parse("timeout=0", DEFAULTS)).hasMessageContaining("outside the allowed range");
        assertThatThrownBy(() -> ParameterChange.parse("tcp-keepalive=0", DEFAULTS))
                .hasMessage("tcp-keepalive=0 is outside the allowed range 60..300 (policy"
                        + " minKeepaliveSeconds..maxKeepaliveSeconds)");
    }

    @ParameterizedTest(name = "{0}={1} allowed: {2}")
    @CsvSource({
            "timeout, 299, false",
            "timeout, 300, true",
            "timeout, 604800, true",
            "timeout, 604801, false",
            "tcp-keepalive, 59, false",
            "tcp-keepalive, 60, true",
            "tcp-keepalive, 300, true",
            "tcp-keepalive, 301, false",
    })
    void rangeBoundariesFromTheDefaultPolicy(String name, long value, boolean allowed) {
        if (allowed) {
            assertThat(ParameterChange.parse(name + "=" + value, DEFAULTS).value()).isEqualTo(value);
        } else {
            assertThatThrownBy(() -> ParameterChange.parse(name + "=" + value, DEFAULTS))
                    .hasMessageContaining("is outside the allowed range");
        }
    }

    @Test
    void policyNarrowsTheRange() {
        Policy p = Policy.defaults().withAssignment("maxTimeoutSeconds=7200");

        assertThat(ParameterChange.parse("timeout=7200", p).command()).isEqualTo("CONFIG SET timeout 7200");
        assertThatThrownBy(() -> ParameterChange.parse("timeout=86400", p))
                .hasMessage("timeout=86400 is outside the allowed range 300..7200 (policy minTimeoutSeconds..maxTimeoutSeconds)");
    }

    @Test
    void hugeNumbersAreOutOfRangeNotOverflow() {
        assertThatThrownBy(() -> ParameterChange.parse("timeout=99999999999999999999", DEFAULTS))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> ParameterChange.parse("timeout=9223372036854775807", DEFAULTS))
                .hasMessageContaining("outside the allowed range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"timeout", "=300", "", "timeout 300"})
    void notParameterEqualsValue(String assignment) {
        assertThatThrownBy(() -> ParameterChange.parse(assignment, DEFAULTS))
                .hasMessage("'" + assignment + "' is not parameter=value; valid parameters: timeout, tcp-keepalive");
    }
}
