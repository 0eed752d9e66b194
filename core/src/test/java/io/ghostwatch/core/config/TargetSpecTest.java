package io.ghostwatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.RedisConnectionSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetSpecTest {

    private static final String WHERE = "--target";

    private static TargetSpec fromUri(String uri) {
        return TargetSpec.fromUri(null, uri, null, Map.of(), WHERE);
    }

    @Test
    void defaultPort() {
        TargetSpec t = fromUri("redis://cache.internal");

        assertThat(t.endpoint()).isEqualTo(new HostPort("cache.internal", 6379));
        assertThat(t.tls()).isFalse();
        assertThat(t.user()).isNull();
        assertThat(t.name()).isEqualTo("cache.internal:6379");
        assertThat(t.uri()).isEqualTo("redis://cache.internal:6379");
    }

    @Test
    void tlsWithUserAndPort() {
        TargetSpec t = TargetSpec.fromUri("orders", "rediss://app@cache.internal:6380/0", new SecretRef.Env("PW"),
                Map.of("team", "payments"), WHERE);

        assertThat(t.name()).isEqualTo("orders");
        assertThat(t.endpoint()).isEqualTo(new HostPort("cache.internal", 6380));
        assertThat(t.tls()).isTrue();
        assertThat(t.user()).isEqualTo("app");
        assertThat(t.password()).isEqualTo(new SecretRef.Env("PW"));
        assertThat(t.tags()).containsEntry("team", "payments");
        assertThat(t.uri()).isEqualTo("rediss://app@cache.internal:6380");
    }

    @Test
    void ipv6InBrackets() {
        TargetSpec t = fromUri("redis://[::1]:6390");

        assertThat(t.endpoint().host()).isEqualTo("::1");
        assertThat(t.endpoint().port()).isEqualTo(6390);
        assertThat(t.name()).isEqualTo("[::1]:6390");
        assertThat(fromUri("redis://[::1]").endpoint()).isEqualTo(new HostPort("::1", 6379));
    }

    @Test
    void emptyUserIsTheDefaultUser() {
        assertThat(fromUri("redis://@10.0.0.1").user()).isNull();
    }

    @Test
    void wrongScheme() {
        assertThatThrownBy(() -> fromUri("http://10.0.0.1:6379")).isInstanceOf(ConfigException.class)
                .hasMessage("--target: 'http://10.0.0.1:6379' has scheme 'http'; valid schemes: redis, rediss (TLS)");
        assertThatThrownBy(() -> fromUri("cache.internal:6379"))
                .hasMessage("--target: 'cache.internal:6379' has scheme 'cache.internal'; valid schemes: redis, rediss (TLS)");
    }

    @Test
    void noHost() {
        assertThatThrownBy(() -> fromUri("redis:///0"))
                .hasMessage("--target: 'redis:///0' names no host; valid form: redis://host:port");
    }

    @Test
    void portOutOfRange() {
        assertThatThrownBy(() -> fromUri("redis://10.0.0.1:70000"))
                .hasMessage("--target: port 70000 is outside 1..65535");
    }

    @Test
    void notAUri() {
        assertThatThrownBy(() -> fromUri("redis://10.0.0.1:6379/a b"))
                .hasMessageStartingWith("--target: 'redis://10.0.0.1:6379/a b' is not a URI (")
                .hasMessageEndingWith("); valid form: redis://[user@]host[:port] or rediss://...");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://app:Tr0ub4dor@10.0.0.1:6379",
            "redis://:Tr0ub4dor@10.0.0.1",
            "rediss://app:Tr0ub4dor@[::1]:6380",
    })
    void passwordInTheUriIsRefusedWithoutEchoingIt(String uri) {
        assertThatThrownBy(() -> fromUri(uri)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--target: the URI contains a password;")
                .message().doesNotContain("Tr0ub4dor");
    }

    /** Passwords with characters a URI does not allow there make the URI malformed: its echo must still hide them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "redis://app:Tr0u@b4dor@10.0.0.1:6379",
            "redis://app:Tr0u/b4dor@10.0.0.1:6379",
            "redis://app:Tr0u#b4dor@10.0.0.1:6379",
            "redis://app:Tr0u b4dor@10.0.0.1:6379",
    })
    void malformedUrisWithAPasswordNeverEchoAnyOfIt(String uri) {
        assertThatThrownBy(() -> fromUri(uri)).isInstanceOf(ConfigException.class)
                .message().doesNotContain("Tr0u").doesNotContain("b4dor");
    }

    @Test
    void connectionSettingsResolveThePasswordButNeverPrintIt() {
        TargetSpec t = TargetSpec.fromUri("orders", "rediss://app@cache.internal:6380", new SecretRef.Env("PW"),
                Map.of(), WHERE);

        RedisConnectionSettings s = t.connectionSettings(Policy.defaults(),
                Secrets.environmentOnly(Map.of("PW", "Tr0ub4dor")));

        assertThat(s.password()).isEqualTo("Tr0ub4dor");
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.tls()).isTrue();
        assertThat(s.connectTimeoutMs()).isEqualTo(2_000);
        assertThat(s.toString()).doesNotContain("Tr0ub4dor").contains("password=****");
        assertThat(t.toString()).doesNotContain("Tr0ub4dor").contains("env:PW");
    }
}
