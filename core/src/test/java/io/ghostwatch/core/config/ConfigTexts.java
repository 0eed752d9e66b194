package io.ghostwatch.core.config;

/** The config tests' one way to load a YAML text as {@code ghostwatch.yaml}, or get the message it is refused with. */
final class ConfigTexts {

    static final String FILE = "ghostwatch.yaml";

    private ConfigTexts() {
    }

    static GhostwatchConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, FILE);
    }

    /** The {@link ConfigException}'s message; fails when the text loads. */
    static String error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }
}
