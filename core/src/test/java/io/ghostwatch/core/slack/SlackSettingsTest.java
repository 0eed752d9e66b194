package io.ghostwatch.core.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.SecretRef;
import io.ghostwatch.core.config.Secrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {

    @Test
    void slacksOwnUrlUnlessSlackApiUrlSaysOtherwise() {
        SlackSettings d = SlackSettings.fromEnvironment(Map.of());
        assertThat(d.methodsEndpointUrlPrefix()).isEqualTo("https://slack.com/api/");
        assertThat(d.loopback()).isFalse();
        assertThat(d.retry()).isEqualTo(RetryPolicy.defaults());

        SlackSettings local = SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "http://127.0.0.1:8123/api"));
        assertThat(local.methodsEndpointUrlPrefix()).isEqualTo("http://127.0.0.1:8123/api/");
        assertThat(local.loopback()).isTrue();
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "http://[::1]:1/api/")).loopback()).isTrue();
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "http://localhost:1/")).loopback()).isTrue();
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", " ")).methodsEndpointUrlPrefix())
                .isEqualTo("https://slack.com/api/");
    }

    @Test
    void badUrlsNameTheVariableAndTheValidForm() {
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "ftp://x/api/")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("SLACK_API_URL: 'ftp://x/api/'")
                .hasMessageContaining("valid form: https://slack.com/api/");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "https://u:p@slack.com/api/")))
                .hasMessageContaining("without credentials");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "slack.com/api")))
                .hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "http://10.0.0.9:8080/api/")))
                .hasMessageContaining("bot token would cross the network in clear");
        assertThat(SlackSettings.fromEnvironment(Map.of("SLACK_API_URL", "https://10.0.0.9:8443/api/")).loopback()).isFalse();
    }

    @Test
    void botTokenNeverShowsItself() {
        BotToken t = BotToken.of("  xoxb-123-secret\n");
        assertThat(t.value()).isEqualTo("xoxb-123-secret");
        assertThat(t).hasToString("BotToken[redacted]");
        assertThatThrownBy(() -> BotToken.of("xoxb-12\n3-secret")).hasMessageContaining("line break")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> BotToken.resolve(new SecretRef.Env("SLACK_BOT_TOKEN"), Secrets.environmentOnly(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("Slack bot token (env:SLACK_BOT_TOKEN): ");
        assertThat(BotToken.resolve(new SecretRef.Env("SLACK_BOT_TOKEN"),
                Secrets.environmentOnly(Map.of("SLACK_BOT_TOKEN", "xoxb-9"))).value())
                .isEqualTo("xoxb-9");
    }

    @Test
    void backoffDoublesUpToItsCapAndRetryAfterIsReadInSeconds() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoff(9)).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO)).hasMessageContaining("1..10");
        assertThat(SlackCalls.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SlackCalls.retryAfter(null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SlackCalls.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isEqualTo(Duration.ofSeconds(1));
    }
}
