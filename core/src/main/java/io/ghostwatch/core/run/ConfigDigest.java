package io.ghostwatch.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names a config file's content: {@code sha256:} and the hex SHA-256 of its bytes. */
public final class ConfigDigest {

    private ConfigDigest() {
    }

    public static String of(Path config) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config " + config + " to name its content: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
