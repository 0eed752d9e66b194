package io.ghostwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void optionsComeInPairsOfKnownNames() {
        Set<String> known = Set.of("repeats", "variants");
        assertThat(BenchOptions.parse(new String[] {"--repeats", "3", "--variants", "c1"}, known))
                .isEqualTo(Map.of("repeats", "3", "variants", "c1"));
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--repeats"}, known))
                .hasMessage("options come in pairs (--option value); valid: --repeats, --variants");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"repeats", "3"}, known))
                .hasMessage("expected --option value, got 'repeats'; valid: --repeats, --variants");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--repaets", "3"}, known))
                .hasMessage("unknown option --repaets; valid: --repeats, --variants");
    }

    @Test
    void aCountIsAWholeNumberNoLessThanItsLeastAndABadOneIsNamed() {
        assertThat(BenchOptions.count(Map.of(), "repeats", 5, 1)).isEqualTo(5);
        assertThat(BenchOptions.count(Map.of("repeats", "9"), "repeats", 5, 1)).isEqualTo(9);
        assertThat(BenchOptions.count(Map.of("warmup", "0"), "warmup", 500, 0)).isZero();
        assertThatThrownBy(() -> BenchOptions.count(Map.of("repeats", "0"), "repeats", 5, 1))
                .hasMessage("--repeats must be a whole number of at least 1, got '0'");
        assertThatThrownBy(() -> BenchOptions.count(Map.of("redis-servers", "two"), "redis-servers", 2, 1))
                .hasMessage("--redis-servers must be a whole number of at least 1, got 'two'");
    }
}
