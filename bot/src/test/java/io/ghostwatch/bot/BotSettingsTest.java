package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.config.ConfigException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotSettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_SIGNING_SECRET", "s3cret-signing");
        env.put("SLACK_BOT_TOKEN", "xoxb-1-2-abc");
        env.put("GHOSTWATCH_CONFIG", "/etc/ghostwatch.yaml");
        return env;
    }

    @Test
    void readsTheEnvironment() {
        BotSettings settings = BotSettings.fromEnvironment(complete());
        assertThat(settings.configFile()).hasToString("/etc/ghostwatch.yaml");
        assertThat(settings.slack().apiUrl()).hasToString("https://slack.com/api/");
        assertThat(settings.toString()).doesNotContain("s3cret-signing").doesNotContain("xoxb-1-2-abc");
    }

    @Test
    void eachMissingVariableIsNamed() {
        for (String variable : new String[] {"SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "GHOSTWATCH_CONFIG"}) {
            Map<String, String> env = complete();
            env.remove(variable);
            assertThatThrownBy(() -> BotSettings.fromEnvironment(env)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(variable + " is not set");
            env.put(variable, "  ");
            assertThatThrownBy(() -> BotSettings.fromEnvironment(env)).hasMessageStartingWith(variable + " is not set");
        }
    }

    @Test
    void aBrokenTokenOrApiUrlIsNamedWithoutShowingTheToken() {
        Map<String, String> env = complete();
        env.put("SLACK_BOT_TOKEN", "xoxb-1\n-2");
        assertThatThrownBy(() -> BotSettings.fromEnvironment(env)).hasMessageStartingWith("SLACK_BOT_TOKEN: ")
                .hasMessageNotContaining("xoxb");
        Map<String, String> url = complete();
        url.put("SLACK_API_URL", "http://api.example.com/");
        assertThatThrownBy(() -> BotSettings.fromEnvironment(url)).hasMessageStartingWith("SLACK_API_URL");
    }

    @Test
    void theWorkerNeedsNoSigningSecretAndSharesTheRest() {
        Map<String, String> env = complete();
        env.remove("SLACK_SIGNING_SECRET");
        WorkerSettings worker = WorkerSettings.fromEnvironment(env);
        assertThat(worker).isEqualTo(BotSettings.fromEnvironment(complete()).worker());
        assertThat(worker.toString()).doesNotContain("xoxb-1-2-abc");
        for (String variable : new String[] {"SLACK_BOT_TOKEN", "GHOSTWATCH_CONFIG"}) {
            Map<String, String> missing = new HashMap<>(env);
            missing.remove(variable);
            assertThatThrownBy(() -> WorkerSettings.fromEnvironment(missing)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(variable + " is not set");
        }
    }

    @Test
    void portAndHost() {
        assertThat(LocalBotServer.address(Map.of())).isEqualTo(new InetSocketAddress("127.0.0.1", 3000));
        assertThat(LocalBotServer.address(Map.of("PORT", "8080", "HOST", "0.0.0.0")))
                .isEqualTo(new InetSocketAddress("0.0.0.0", 8080));
        assertThat(LocalBotServer.address(Map.of("PORT", "0")).getPort()).isZero();
        for (String bad : new String[] {"abc", "-1", "65536", "80.5"}) {
            assertThatThrownBy(() -> LocalBotServer.address(Map.of("PORT", bad))).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("PORT '" + bad + "' is not a port number");
        }
        assertThatThrownBy(() -> LocalBotServer.address(Map.of("HOST", "no-such-host.invalid")))
                .hasMessageStartingWith("HOST 'no-such-host.invalid'");
    }
}
