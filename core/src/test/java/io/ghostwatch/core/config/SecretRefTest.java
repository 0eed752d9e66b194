package io.ghostwatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRefTest {

    private static final String WHERE = "ghostwatch.yaml:7: targets[0].password";
    private static final String SECRET = "s3cr3t-Pa55-7f1e";

    @Test
    void envReferenceResolvesFromTheGivenEnvironment() {
        SecretRef ref = SecretRef.parse("env:REDIS_PASSWORD", WHERE);

        assertThat(ref).isEqualTo(new SecretRef.Env("REDIS_PASSWORD"));
        assertThat(ref.resolve(Map.of("REDIS_PASSWORD", SECRET))).isEqualTo(SECRET);
        assertThat(ref.toString()).isEqualTo("env:REDIS_PASSWORD");
    }

    @Test
    void unsetOrEmptyVariableNamesTheReference() {
        SecretRef ref = SecretRef.parse("env:REDIS_PASSWORD", WHERE);

        assertThatThrownBy(() -> ref.resolve(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("password reference env:REDIS_PASSWORD: environment variable REDIS_PASSWORD is not set");
        assertThatThrownBy(() -> ref.resolve(Map.of("REDIS_PASSWORD", ""))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not set");
    }

    @Test
    void badVariableName() {
        assertThatThrownBy(() -> SecretRef.parse("env:1-BAD", WHERE))
                .hasMessage(WHERE + ": '1-BAD' is not an environment variable name");
    }

    @Test
    void fileReferenceReadsAndStripsTheTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("redis.pw");
        Files.writeString(file, SECRET + "\n");
        SecretRef ref = SecretRef.parse("file:" + file, WHERE);

        assertThat(ref).isEqualTo(new SecretRef.File(file));
        assertThat(ref.resolve(Map.of())).isEqualTo(SECRET);
        assertThat(ref.toString()).isEqualTo("file:" + file).doesNotContain(SECRET);
    }

    @Test
    void emptyFileIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.pw");
        Files.writeString(file, "\n");

        assertThatThrownBy(() -> SecretRef.parse("file:" + file, WHERE).resolve(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("password reference file:" + file + ": the file is empty");
    }

    @Test
    void missingFileIsAnErrorThatSaysWhy(@TempDir Path dir) {
        Path file = dir.resolve("missing.pw");

        assertThatThrownBy(() -> SecretRef.parse("file:" + file, WHERE).resolve(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("password reference file:" + file + ": cannot read the file (NoSuchFileException");
    }

    @Test
    void literalIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> SecretRef.parse(SECRET, WHERE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(WHERE + ": a password must be a reference (env:VARIABLE or file:/path/to/file),"
                        + " not a literal")
                .message().doesNotContain(SECRET);
    }

    @Test
    void bareSchemesAreLiteralsToo() {
        assertThatThrownBy(() -> SecretRef.parse("env:", WHERE)).hasMessageContaining("not a literal");
        assertThatThrownBy(() -> SecretRef.parse("file:", WHERE)).hasMessageContaining("not a literal");
    }

    @Test
    void secretsManagerIsNotSupportedYet() {
        assertThatThrownBy(() -> SecretRef.parse("secret:arn:aws:secretsmanager:eu-west-1:1:secret:x", WHERE))
                .hasMessage(WHERE + ": Secrets Manager references (secret:) are not supported yet; valid: env:VARIABLE"
                        + " or file:/path/to/file");
    }
}
