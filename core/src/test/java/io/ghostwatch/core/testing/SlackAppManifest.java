package io.ghostwatch.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The Slack app manifest Ghostwatch ships ({@code infra/slack-app-manifest.yaml}), as Slack reads it: the bot scopes
 * the app is granted, its slash commands and the interactivity request URL.
 */
public record SlackAppManifest(List<String> botScopes, List<SlashCommand> slashCommands, boolean interactivity,
                               String interactivityUrl, boolean socketMode) {

    public static final String FILE = "infra/slack-app-manifest.yaml";

    public record SlashCommand(String command, String url, boolean shouldEscape) {
    }

    private static SlackAppManifest loaded;

    /** The repository's manifest, read once. */
    public static synchronized SlackAppManifest load() {
        if (loaded == null) {
            loaded = read(repositoryFile());
        }
        return loaded;
    }

    @SuppressWarnings("unchecked")
    static SlackAppManifest read(Path file) {
        Map<String, Object> root;
        try {
            root = new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Object> oauth = (Map<String, Object>) root.get("oauth_config");
        List<String> scopes = (List<String>) ((Map<String, Object>) oauth.get("scopes")).get("bot");
        Map<String, Object> features = (Map<String, Object>) root.get("features");
        List<SlashCommand> commands = ((List<Map<String, Object>>) features.getOrDefault("slash_commands", List.of()))
                .stream().map(c -> new SlashCommand((String) c.get("command"), (String) c.get("url"),
                        Boolean.TRUE.equals(c.get("should_escape")))).toList();
        Map<String, Object> settings = (Map<String, Object>) root.get("settings");
        Map<String, Object> interactivity = (Map<String, Object>) settings.getOrDefault("interactivity", Map.of());
        return new SlackAppManifest(List.copyOf(scopes), commands, Boolean.TRUE.equals(interactivity.get("is_enabled")),
                (String) interactivity.get("request_url"), Boolean.TRUE.equals(settings.get("socket_mode_enabled")));
    }

    /** The manifest under the repository root, found upwards from where the tests run (a module directory). */
    private static Path repositoryFile() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(FILE + " not found at or above " + System.getProperty("user.dir"));
    }
}
