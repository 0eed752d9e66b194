package io.ghostwatch.core.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FindingKeyTest {

    @Test
    void readsAsTargetNodeCheck() {
        FindingKey key = new FindingKey("lab-1", "10.0.0.5:6379", "redis_idle_timeout_enabled");
        assertThat(key.value()).isEqualTo("lab-1/10.0.0.5:6379/redis_idle_timeout_enabled");
        assertThat(key).hasToString(key.value());
        assertThat(FindingKey.parse(key.value())).isEqualTo(key);
    }

    @Test
    void aTargetNameWithSlashesStillParsesFromTheRight() {
        FindingKey key = new FindingKey("team/payments/prod", "[::1]:6379", "redis_bind_restricted");
        assertThat(FindingKey.parse(key.value())).isEqualTo(key);
    }

    @Test
    void refusesWhatCannotRoundTrip() {
        assertThatThrownBy(() -> FindingKey.parse("lab-1/redis_idle_timeout_enabled"))
                .hasMessageContaining("valid form: target/host:port/checkId");
        assertThatThrownBy(() -> FindingKey.parse("/10.0.0.5:6379/x")).hasMessageContaining("not a finding key");
        assertThatThrownBy(() -> new FindingKey("lab", "a/b:1", "c")).hasMessageContaining("cannot contain '/'");
        assertThatThrownBy(() -> new FindingKey("lab", "a:1", "")).hasMessageContaining("needs a target");
    }

    @Test
    void ordersByTargetThenNodeThenCheck() {
        assertThat(new FindingKey("a", "n:2", "c")).isLessThan(new FindingKey("b", "n:1", "a"));
        assertThat(new FindingKey("a", "n:1", "z")).isLessThan(new FindingKey("a", "n:2", "a"));
    }
}
