package io.ghostwatch.core.elasticache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustomGroupNameTest {

    /** ElastiCache's rule for a parameter group name: a letter first; letters, digits, single hyphens; no hyphen last. */
    private static final String VALID = "[A-Za-z](-?[A-Za-z0-9])*";

    @Test
    void isGhostwatchCacheIdFamily() {
        assertThat(CustomGroupName.of("orders", "redis7")).isEqualTo("ghostwatch-orders-redis7");
        assertThat(CustomGroupName.of("sessions", "valkey8")).isEqualTo("ghostwatch-sessions-valkey8");
    }

    @Test
    void dotsInTheFamilyBecomeHyphens() {
        assertThat(CustomGroupName.of("orders", "redis6.x")).isEqualTo("ghostwatch-orders-redis6-x");
        assertThat(CustomGroupName.of("orders", "redis5.0")).isEqualTo("ghostwatch-orders-redis5-0");
    }

    @Test
    void neverHasTwoHyphensInARowNorOneAtTheEnd() {
        assertThat(CustomGroupName.of("orders--eu", "redis7")).isEqualTo("ghostwatch-orders-eu-redis7");
        assertThat(CustomGroupName.of("orders-", "redis7")).isEqualTo("ghostwatch-orders-redis7");
        assertThat(CustomGroupName.of("orders", "redis7.")).isEqualTo("ghostwatch-orders-redis7");
        assertThat(CustomGroupName.of("orders_eu.v2", "redis7")).isEqualTo("ghostwatch-orders-eu-v2-redis7")
                .matches(VALID);
    }

    @Test
    void isCutAt255Characters() {
        String name = CustomGroupName.of("a".repeat(300), "redis7");

        assertThat(name).hasSize(CustomGroupName.MAX_LENGTH).startsWith("ghostwatch-aaa").matches(VALID);
    }

    @Test
    void aCutThatEndsOnAHyphenDropsIt() {
        // "ghostwatch-" (11) + 243 characters = 254: the hyphen before the family is the 255th character
        String name = CustomGroupName.of("b".repeat(243), "redis7");

        assertThat(name).isEqualTo("ghostwatch-" + "b".repeat(243)).hasSize(254).matches(VALID);
    }

    @Test
    void theAlternativeAddsANumber() {
        assertThat(CustomGroupName.alternative("ghostwatch-orders-redis7", 2)).isEqualTo("ghostwatch-orders-redis7-2");
        assertThat(CustomGroupName.alternative("ghostwatch-orders-redis7", 10)).isEqualTo("ghostwatch-orders-redis7-10");
    }

    @Test
    void theAlternativeOfALongNameStaysWithinTheLimit() {
        String longest = CustomGroupName.of("c".repeat(300), "redis7");

        String alternative = CustomGroupName.alternative(longest, 2);

        assertThat(alternative).hasSize(CustomGroupName.MAX_LENGTH).endsWith("c-2").matches(VALID);
    }

    @Test
    void theAlternativeNeverDoublesAHyphen() {
        // a full-length name whose first 253 characters end on the hyphen before "xy": it is dropped before "-2"
        String name = "ghostwatch-" + "d".repeat(241) + "-xy";
        assertThat(name).hasSize(CustomGroupName.MAX_LENGTH);

        String alternative = CustomGroupName.alternative(name, 2);

        assertThat(alternative).isEqualTo("ghostwatch-" + "d".repeat(241) + "-2").doesNotContain("--").matches(VALID);
    }
}
