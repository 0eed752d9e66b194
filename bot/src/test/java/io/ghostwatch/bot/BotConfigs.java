package io.ghostwatch.bot;

import io.ghostwatch.core.config.ConfigLoader;
import io.ghostwatch.core.config.GhostwatchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The config the bot tests load: two targets on loopback ports nothing listens on (an audit finds them unreachable). */
final class BotConfigs {

    static final String YAML = """
            targets:
              - name: web
                uri: redis://127.0.0.1:6390
                tags: {team: payments}
              - name: cache
                uri: redis://127.0.0.1:6391
            """;

    private BotConfigs() {
    }

    static GhostwatchConfig config() {
        return ConfigLoader.parse(YAML, "ghostwatch.yaml");
    }

    static Path write(Path dir) {
        try {
            return Files.writeString(dir.resolve("ghostwatch.yaml"), YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
