package io.ghostwatch.core.config;

/**
 * A config file, option or reference that cannot be used. The message names where (file and line, or the
 * option), which key, the bad value, and the valid choices.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
