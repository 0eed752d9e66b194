package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisVersionTest {

    @Test
    void versionOfTheCapturedServers() {
        assertThat(ServerInfo.parse(Fixtures.text("info-7.0-standalone.txt")).version().toString()).isEqualTo("7.0.15");
        assertThat(ServerInfo.parse(Fixtures.text("info-7.0-sentinel.txt")).version()).isEqualTo(new RedisVersion(7, 0, 15));
    }

    @ParameterizedTest
    @CsvSource({
            "7.0.15, 7, 0, 15",
            "6.2, 6, 2, 0",
            "6, 6, 0, 0",
            "255.255.255, 255, 255, 255",
            "7.2.4-rc1, 7, 2, 4",
            "' 6.2.14 ', 6, 2, 14",
    })
    void parses(String text, int major, int minor, int patch) {
        assertThat(RedisVersion.parse(text)).isEqualTo(new RedisVersion(major, minor, patch));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"unstable", "v7.0.0", "7.x"})
    void unparseableIsUnknown(String text) {
        RedisVersion v = RedisVersion.parse(text);

        assertThat(v).isEqualTo(RedisVersion.UNKNOWN);
        assertThat(v.isKnown()).isFalse();
        assertThat(v.toString()).isEqualTo("unknown");
        assertThat(v.atLeast(7, 0)).isFalse();
    }

    @Test
    void atLeastAtTheProtectedModeBoundary() {
        assertThat(RedisVersion.parse("6.2.14").atLeast(7, 0)).isFalse();
        assertThat(RedisVersion.parse("6.99.0").atLeast(7, 0)).isFalse();
        assertThat(RedisVersion.parse("7.0.0").atLeast(7, 0)).isTrue();
        assertThat(RedisVersion.parse("8.0.1").atLeast(7, 0)).isTrue();
        assertThat(RedisVersion.parse("6.2.1").atLeast(6, 2)).isTrue();
        assertThat(RedisVersion.parse("6.0.20").atLeast(6, 2)).isFalse();
    }

    @Test
    void ordersByMajorMinorPatch() {
        assertThat(RedisVersion.parse("6.2.14")).isLessThan(RedisVersion.parse("7.0.0"));
        assertThat(RedisVersion.parse("7.0.9")).isLessThan(RedisVersion.parse("7.0.15"));
        assertThat(RedisVersion.parse("7.2.0")).isGreaterThan(RedisVersion.parse("7.0.15"));
        assertThat(RedisVersion.parse("7.0.15")).isEqualByComparingTo(new RedisVersion(7, 0, 15));
    }
}
