package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Test
    void realConfigGetReply() {
        ConfigValues c = ConfigValues.fromReply(Fixtures.configGet("config-get-7.0-bind-loopback.txt"));

        assertThat(c.timeout()).isEqualTo(Readout.known(0L));
        assertThat(c.tcpKeepalive()).isEqualTo(Readout.known(300L));
        assertThat(c.bind()).isEqualTo(Readout.known("127.0.0.1"));
        assertThat(c.protectedMode()).isEqualTo(Readout.known(true));
        assertThat(c.maxclients()).isEqualTo(Readout.known(10_000L));
    }

    @Test
    void aParameterTheServerDidNotReturnIsUnreadableAndSaysWhich() {
        Map<String, String> reply = new HashMap<>(Fixtures.configGet("config-get-7.0-bind-loopback.txt"));
        reply.remove("tcp-keepalive");

        ConfigValues c = ConfigValues.fromReply(reply);

        assertThat(c.tcpKeepalive()).isEqualTo(Readout.unreadable(
                "CONFIG GET tcp-keepalive returned nothing (unknown to this server)"));
        assertThat(c.timeout()).isEqualTo(Readout.known(0L));
    }

    @Test
    void emptyReplyMakesEveryFactUnreadable() {
        ConfigValues c = ConfigValues.fromReply(Map.of());

        assertThat(java.util.List.of(c.timeout(), c.tcpKeepalive(), c.bind(), c.protectedMode(), c.maxclients()))
                .allSatisfy(r -> assertThat(r.isKnown()).isFalse());
    }

    @Test
    void nonNumbersAndNonBooleansAreUnreadableQuotingTheValue() {
        Map<String, String> reply = new HashMap<>(Fixtures.configGet("config-get-7.0-bind-loopback.txt"));
        reply.put("timeout", "forever");
        reply.put("protected-mode", "maybe");

        ConfigValues c = ConfigValues.fromReply(reply);

        assertThat(c.timeout()).isEqualTo(Readout.unreadable("CONFIG GET timeout returned 'forever', not a number"));
        assertThat(c.protectedMode()).isEqualTo(Readout.unreadable("CONFIG GET protected-mode returned 'maybe', not yes/no"));
    }

    @Test
    void protectedModeNoAndUppercaseAndPaddedNumbers() {
        Map<String, String> reply = new HashMap<>(Fixtures.configGet("config-get-7.0-bind-loopback.txt"));
        reply.put("protected-mode", "NO");
        reply.put("maxclients", " 4064 ");

        ConfigValues c = ConfigValues.fromReply(reply);

        assertThat(c.protectedMode()).isEqualTo(Readout.known(false));
        assertThat(c.maxclients()).isEqualTo(Readout.known(4064L));
    }

    @Test
    void emptyBindIsKnownNotUnreadable() {
        // 6.2 and older answer CONFIG GET bind with "" when no bind line is configured
        Map<String, String> reply = new HashMap<>(Fixtures.configGet("config-get-7.0-bind-loopback.txt"));
        reply.put("bind", "");

        assertThat(ConfigValues.fromReply(reply).bind()).isEqualTo(Readout.known(""));
    }

    @Test
    void allUnreadableCarriesTheReasonToEveryFact() {
        String reason = RedisConnector.refusal("CONFIG",
                new redis.clients.jedis.exceptions.JedisDataException(Fixtures.errors("errors-7.0.txt").get(1)));
        ConfigValues c = ConfigValues.allUnreadable(reason);

        assertThat(reason).isEqualTo("NOPERM for config|get (NOPERM this user has no permissions to run the"
                + " 'config|get' command)");
        assertThat(c.maxclients()).isEqualTo(Readout.unreadable(reason));
        assertThat(c.bind()).isEqualTo(Readout.unreadable(reason));
    }

    @Test
    void neverAsksForSecrets() {
        assertThat(ConfigValues.PARAMETERS).doesNotContain("requirepass", "masterauth")
                .containsExactly("timeout", "tcp-keepalive", "bind", "protected-mode", "maxclients");
    }
}
