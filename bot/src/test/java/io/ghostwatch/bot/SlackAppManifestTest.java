package io.ghostwatch.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.testing.CfnTemplate;
import io.ghostwatch.core.testing.SlackAppManifest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * infra/slack-app-manifest.yaml against the bot's routes and the template: Slack sends the one slash command and every
 * button press to the one path the bot serves, the path of the stack's SlackRequestUrl output, over HTTP (no socket
 * mode). Its scopes are checked by core's SlackScopesIT, and enforced by the Slack stand-in in every test.
 */
class SlackAppManifestTest {

    private final SlackAppManifest manifest = SlackAppManifest.load();

    @Test
    void theSlashCommandIsTheBotsOwnOnItsRoute() {
        assertThat(manifest.slashCommands()).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(GhostwatchBot.COMMAND);
            assertThat(URI.create(c.url()).getPath()).isEqualTo(SlackEndpoint.PATH);
            assertThat(URI.create(c.url()).getScheme()).isEqualTo("https");
            assertThat(c.shouldEscape()).as("the parser takes target names as typed").isFalse();
        });
    }

    @Test
    void buttonPressesGoToTheSameUrlOverHttp() {
        assertThat(manifest.interactivity()).isTrue();
        assertThat(manifest.interactivityUrl()).isEqualTo(manifest.slashCommands().getFirst().url());
        assertThat(manifest.socketMode()).as("the bot is an HTTP API, not a socket-mode client").isFalse();
    }

    @Test
    void thePathIsTheOneTheStackOutputsAsSlackRequestUrl() {
        CfnTemplate template = CfnTemplate.load(RepoFiles.file("template.yaml"));
        String output = CfnTemplate.scalar(CfnTemplate.intrinsicArgument(CfnTemplate.map(
                template.section("Outputs").get("SlackRequestUrl"), "SlackRequestUrl").get("Value")), "Value");
        assertThat(output).endsWith(".${AWS::URLSuffix}" + SlackEndpoint.PATH);
        assertThat(manifest.interactivityUrl()).as("the placeholder to replace with that output")
                .startsWith("https://REPLACE-WITH-API-ID.execute-api.").endsWith(SlackEndpoint.PATH);
    }
}
