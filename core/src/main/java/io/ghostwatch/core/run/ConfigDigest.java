package io.ghostwatch.core.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names a config's content: {@code sha256:} and the hex SHA-256 of its UTF-8 bytes (the file's own bytes, as
 * {@link io.ghostwatch.core.config.ConfigLoader#read} reads only valid UTF-8). Taken from the text that was parsed, so
 * the name is always of the config in use, whatever happens to the file after.
 */
public final class ConfigDigest {

    private ConfigDigest() {
    }

    public static String of(String configText) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(configText.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
