package io.ghostwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        Policy p = Policy.defaults();

        assertThat(p.get(PolicyKey.MIN_TIMEOUT_SECONDS)).isEqualTo(300);
        assertThat(p.get(PolicyKey.RECOMMENDED_TIMEOUT_SECONDS)).isEqualTo(86_400);
        assertThat(p.get(PolicyKey.MAX_KEEPALIVE_SECONDS)).isEqualTo(300);
        assertThat(p.get(PolicyKey.GHOST_IDLE_SECONDS)).isEqualTo(86_400);
        assertThat(p.get(PolicyKey.GHOST_MIN_COUNT)).isEqualTo(10);
        assertThat(p.get(PolicyKey.HEADROOM_PERCENT)).isEqualTo(80);
        assertThat(p.overrides()).isEmpty();
    }

    @Test
    void assignmentReturnsACopy() {
        Policy base = Policy.defaults();
        Policy changed = base.withAssignment("headroomPercent=90");

        assertThat(changed.get(PolicyKey.HEADROOM_PERCENT)).isEqualTo(90);
        assertThat(changed.overrides()).isEqualTo(Map.of(PolicyKey.HEADROOM_PERCENT, 90L));
        assertThat(base.get(PolicyKey.HEADROOM_PERCENT)).isEqualTo(80);
    }

    @Test
    void assignmentsAccumulateAndTheLastWins() {
        Policy p = Policy.defaults().withAssignment("ghostMinCount=3").withAssignment(" ghostIdleSeconds = 60 ")
                .withAssignment("ghostMinCount=5");

        assertThat(p.get(PolicyKey.GHOST_MIN_COUNT)).isEqualTo(5);
        assertThat(p.get(PolicyKey.GHOST_IDLE_SECONDS)).isEqualTo(60);
    }

    @Test
    void rangeBoundariesAreInclusive() {
        assertThat(Policy.defaults().withAssignment("headroomPercent=1").get(PolicyKey.HEADROOM_PERCENT)).isEqualTo(1);
        assertThat(Policy.defaults().withAssignment("headroomPercent=100").get(PolicyKey.HEADROOM_PERCENT)).isEqualTo(100);
        assertThat(Policy.defaults().withAssignment("censusMaxClients=0").get(PolicyKey.CENSUS_MAX_CLIENTS)).isZero();
    }

    @Test
    void outOfRangeNamesKeyValueAndRange() {
        assertThatThrownBy(() -> Policy.defaults().withAssignment("headroomPercent=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy headroomPercent: 0 is outside the valid range 1..100");
        assertThatThrownBy(() -> Policy.defaults().withAssignment("headroomPercent=101"))
                .hasMessage("policy headroomPercent: 101 is outside the valid range 1..100");
    }

    @Test
    void notANumber() {
        assertThatThrownBy(() -> Policy.defaults().withAssignment("ghostMinCount=ten"))
                .hasMessage("policy ghostMinCount: 'ten' is not a whole number (valid: 1..10000000)");
    }

    @Test
    void unknownKeyListsValidKeys() {
        assertThatThrownBy(() -> Policy.defaults().withAssignment("headroom=90"))
                .hasMessage("unknown policy key 'headroom'; valid keys: " + PolicyKey.validKeys());
        assertThat(PolicyKey.validKeys()).startsWith("minTimeoutSeconds, maxTimeoutSeconds,").contains("headroomPercent");
    }

    @Test
    void notKeyValue() {
        assertThatThrownBy(() -> Policy.defaults().withAssignment("headroomPercent"))
                .hasMessageStartingWith("--policy 'headroomPercent' is not key=value; valid keys: minTimeoutSeconds");
        assertThatThrownBy(() -> Policy.defaults().withAssignment("=90")).hasMessageContaining("is not key=value");
    }

    @Test
    void keysAreCaseSensitiveLikeTheConfigFile() {
        assertThatThrownBy(() -> Policy.defaults().withAssignment("HEADROOMPERCENT=90"))
                .hasMessageStartingWith("unknown policy key 'HEADROOMPERCENT'");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "minTimeoutSeconds=900, maxTimeoutSeconds=600, policy minTimeoutSeconds (900) is above maxTimeoutSeconds (600)",
            "minKeepaliveSeconds=400, maxKeepaliveSeconds=300, policy minKeepaliveSeconds (400) is above maxKeepaliveSeconds (300)"})
    void emptyFixRangesAreRefusedNamingBothKeys(String a, String b, String message) {
        Policy p = Policy.defaults().withAssignment(a).withAssignment(b);
        org.assertj.core.api.Assertions.assertThatThrownBy(p::requireConsistent)
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void equalBoundsAreAConsistentRange() {
        Policy p = Policy.defaults().withAssignment("minTimeoutSeconds=600").withAssignment("maxTimeoutSeconds=600");
        org.assertj.core.api.Assertions.assertThat(p.requireConsistent()).isSameAs(p);
    }
}
