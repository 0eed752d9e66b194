package io.ghostwatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.aws.AwsCallException;
import io.ghostwatch.core.aws.SecretsManagerReader.SecretValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Password references: parsing every form and its errors, and resolving each (Secrets Manager through a fake reader
 * here; {@code SecretsManagerSecretsIT} drives the real SDK against the AWS stand-in).
 */
class SecretRefTest {

    private static final String WHERE = "ghostwatch.yaml:7: targets[0].password";
    private static final String SECRET = "s3cr3t-Pa55-7f1e";
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ghostwatch/redis/payments-AbC12d";

    /** Resolves secret: references from {@code values} (by secret ID); an ID it lacks is not found. */
    private static Secrets secrets(Map<String, SecretValue> values) {
        return Secrets.using(Map.of(), id -> {
            SecretValue v = values.get(id);
            if (v == null) {
                throw AwsCallException.of(AwsAction.GET_SECRET_VALUE, awsError("ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret."));
            }
            return v;
        }, Duration.ofMinutes(5), Duration.ofSeconds(30), Clock.systemUTC());
    }

    private static SecretValue text(String name, String value) {
        return new SecretValue("arn:aws:secretsmanager:us-east-1:111111111111:secret:" + name + "-XyZ123", name,
                "0b0f8d5e-7a51-4c1f-9a51-1d7a4c0e2f11", value, false);
    }

    private static SecretsManagerException awsError(String code, String message) {
        return (SecretsManagerException) SecretsManagerException.builder().statusCode(400).awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    // ---- env: and file:

    @Test
    void envReferenceResolvesFromTheGivenEnvironment() {
        SecretRef ref = SecretRef.parse("env:REDIS_PASSWORD", WHERE);

        assertThat(ref).isEqualTo(new SecretRef.Env("REDIS_PASSWORD"));
        assertThat(ref.resolve(Secrets.environmentOnly(Map.of("REDIS_PASSWORD", SECRET)))).isEqualTo(SECRET);
        assertThat(ref.toString()).isEqualTo("env:REDIS_PASSWORD");
    }

    @Test
    void unsetOrEmptyVariableNamesTheReference() {
        SecretRef ref = SecretRef.parse("env:REDIS_PASSWORD", WHERE);

        assertThatThrownBy(() -> ref.resolve(Secrets.environmentOnly(Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessage("password reference env:REDIS_PASSWORD: environment variable REDIS_PASSWORD is not set");
        assertThatThrownBy(() -> ref.resolve(Secrets.environmentOnly(Map.of("REDIS_PASSWORD", ""))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not set");
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
        assertThat(ref.resolve(Secrets.environmentOnly(Map.of()))).isEqualTo(SECRET);
        assertThat(ref.toString()).isEqualTo("file:" + file).doesNotContain(SECRET);
    }

    @Test
    void emptyFileIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.pw");
        Files.writeString(file, "\n");

        assertThatThrownBy(() -> SecretRef.parse("file:" + file, WHERE).resolve(Secrets.environmentOnly(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessage("password reference file:" + file + ": the file is empty");
    }

    @Test
    void missingFileIsAnErrorThatSaysWhy(@TempDir Path dir) {
        Path file = dir.resolve("missing.pw");

        assertThatThrownBy(() -> SecretRef.parse("file:" + file, WHERE).resolve(Secrets.environmentOnly(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("password reference file:" + file + ": cannot read the file (NoSuchFileException");
    }

    @Test
    void literalIsRefusedWithoutEchoingItAndListsEveryForm() {
        assertThatThrownBy(() -> SecretRef.parse(SECRET, WHERE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(WHERE + ": a password must be a reference (env:VARIABLE, file:/path/to/file,"
                        + " secret:NAME or secret:NAME#json-key (NAME a Secrets Manager secret name or ARN)), not a"
                        + " literal")
                .message().doesNotContain(SECRET);
    }

    @Test
    void bareSchemesAreLiteralsToo() {
        assertThatThrownBy(() -> SecretRef.parse("env:", WHERE)).hasMessageContaining("not a literal");
        assertThatThrownBy(() -> SecretRef.parse("file:", WHERE)).hasMessageContaining("not a literal");
    }

    // ---- secret: parsing

    @Test
    void aSecretNameIsTheWholeSecretString() {
        SecretRef ref = SecretRef.parse("secret:ghostwatch/redis/payments", WHERE);

        assertThat(ref).isEqualTo(new SecretRef.Secret("ghostwatch/redis/payments", null));
        assertThat(ref).hasToString("secret:ghostwatch/redis/payments");
    }

    @Test
    void aNameWithAKeyTakesThatKeyOfAJsonSecret() {
        SecretRef ref = SecretRef.parse("secret:ghostwatch/redis/payments#password", WHERE);

        assertThat(ref).isEqualTo(new SecretRef.Secret("ghostwatch/redis/payments", "password"));
        assertThat(ref).hasToString("secret:ghostwatch/redis/payments#password");
    }

    @ParameterizedTest
    @ValueSource(strings = {ARN, "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:redis",
            "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:a/b_c+d=e.f@g-h",
            "arn:aws:secretsmanager:ap-southeast-4:000000000000:secret:x"})
    void fullArnsInEveryPartitionAreSecretIds(String arn) {
        assertThat(SecretRef.parse("secret:" + arn, WHERE)).isEqualTo(new SecretRef.Secret(arn, null));
        assertThat(SecretRef.parse("secret:" + arn + "#password", WHERE))
                .isEqualTo(new SecretRef.Secret(arn, "password"));
    }

    @Test
    void everyCharacterSecretsManagerAllowsInANameIsAcceptedUpTo512() {
        String all = "ABCXYZabcxyz0189/_+=.@-";
        assertThat(SecretRef.parse("secret:" + all, WHERE)).isEqualTo(new SecretRef.Secret(all, null));
        String longest = "a".repeat(512);
        assertThat(SecretRef.parse("secret:" + longest + "#k", WHERE)).isEqualTo(new SecretRef.Secret(longest, "k"));
    }

    @Test
    void theJsonKeyIsWhatFollowsTheLastHashAndMayHoldAnyPrintableText() {
        assertThat(SecretRef.parse("secret:redis#auth token:v2", WHERE))
                .isEqualTo(new SecretRef.Secret("redis", "auth token:v2"));
        // '#' cannot be in a name: with two, the part before the last one is refused as a name
        assertThatThrownBy(() -> SecretRef.parse("secret:redis#a#password", WHERE))
                .hasMessageStartingWith(WHERE + ": 'redis#a' is not a Secrets Manager secret name: '#' is not allowed");
    }

    @Test
    void anEmptyReferenceNamesNoSecret() {
        assertThatThrownBy(() -> SecretRef.parse("secret:", WHERE)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(WHERE + ": 'secret:' names no secret; valid: secret:NAME (the whole secret) or"
                        + " secret:NAME#json-key (one key of a JSON secret)")
                .hasMessageContaining("e.g. secret:ghostwatch/redis/payments#password");
        assertThatThrownBy(() -> SecretRef.parse("secret:#password", WHERE))
                .hasMessageStartingWith(WHERE + ": 'secret:#password' names no secret before '#'; valid:");
        assertThatThrownBy(() -> SecretRef.parse("secret:redis/payments#", WHERE))
                .hasMessageStartingWith(WHERE + ": 'secret:redis/payments#' has an empty JSON key after '#'; valid:");
    }

    @Test
    void aNameWithACharacterSecretsManagerRefusesNamesTheCharacter() {
        assertThatThrownBy(() -> SecretRef.parse("secret:redis payments", WHERE))
                .hasMessageStartingWith(WHERE + ": 'redis payments' is not a Secrets Manager secret name: 'U+0020' is"
                        + " not allowed in one; valid: secret:NAME")
                .hasMessageContaining("1-512 of A-Z a-z 0-9 / _ + = . @ -");
        assertThatThrownBy(() -> SecretRef.parse("secret:café", WHERE))
                .hasMessageStartingWith(WHERE + ": 'café' is not a Secrets Manager secret name: 'é' is not allowed");
        assertThatThrownBy(() -> SecretRef.parse("secret:redis\npw#password", WHERE))
                .hasMessageStartingWith(WHERE + ": 'redisU+000Apw' is not a Secrets Manager secret name: 'U+000A'");
        assertThatThrownBy(() -> SecretRef.parse("secret:redis#pass\tword", WHERE))
                .hasMessageStartingWith(WHERE + ": 'secret:redis#...': the JSON key after '#' contains control characters");
    }

    @Test
    void aNameLongerThan512IsRefusedWithItsLength() {
        assertThatThrownBy(() -> SecretRef.parse("secret:" + "a".repeat(513), WHERE))
                .hasMessageStartingWith(WHERE + ": the secret name in 'secret:" + "a".repeat(33) + "...' is 513"
                        + " characters long; Secrets Manager names have at most 512; valid:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:secretsmanager:eu-west-1:1:secret:x", "arn:aws:s3:::bucket/key",
            "arn:aws:secretsmanager:eu-west-1:123456789012:parameter:x", "arn:aws:secretsmanager:eu-west-1:123456789012",
            "arn:aws:secretsmanager:EU:123456789012:secret:x", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:a b"})
    void anArnThatIsNotASecretsArnIsRefusedWithTheArnForm(String arn) {
        assertThatThrownBy(() -> SecretRef.parse("secret:" + arn + "#password", WHERE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(WHERE + ": '" + arn + "' is not a Secrets Manager secret ARN"
                        + " (arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>); valid:");
    }

    // ---- secret: resolving

    @Test
    void theWholeSecretStringIsThePassword() {
        Secrets secrets = secrets(Map.of("ghostwatch/redis/payments", text("ghostwatch/redis/payments", SECRET)));

        assertThat(SecretRef.parse("secret:ghostwatch/redis/payments", WHERE).resolve(secrets)).isEqualTo(SECRET);
    }

    @Test
    void aKeyTakesThatStringOfTheJsonObject() {
        Secrets secrets = secrets(Map.of(ARN, text("ghostwatch/redis/payments",
                "{\"username\":\"ghostwatch\",\"password\":\"" + SECRET + "\",\"port\":6379}")));

        assertThat(SecretRef.parse("secret:" + ARN + "#password", WHERE).resolve(secrets)).isEqualTo(SECRET);
        assertThat(SecretRef.parse("secret:" + ARN + "#username", WHERE).resolve(secrets)).isEqualTo("ghostwatch");
    }

    @Test
    void aMissingKeyNamesTheKeysThereAreButNoValue() {
        Secrets secrets = secrets(Map.of("redis", text("redis", "{\"username\":\"gw\",\"pass\":\"" + SECRET + "\"}")));

        assertThatThrownBy(() -> SecretRef.parse("secret:redis#password", WHERE).resolve(secrets))
                .isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:redis#password: the secret's JSON has no key 'password' (its"
                        + " keys: username, pass)");
    }

    @Test
    void aKeyOfASecretThatIsNotJsonIsRefusedWithoutQuotingTheSecret() {
        Secrets secrets = secrets(Map.of("redis", text("redis", SECRET + " {")));

        assertThatThrownBy(() -> SecretRef.parse("secret:redis#password", WHERE).resolve(secrets))
                .isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:redis#password: the secret's value is not JSON, so it has no key"
                        + " 'password' (for a plain-text secret write secret:redis without #password)")
                .hasNoCause();
    }

    @Test
    void jsonThatIsNotAnObjectOrAValueThatIsNotAStringIsRefusedWithoutTheValue() {
        Secrets secrets = secrets(Map.of("list", text("list", "[\"" + SECRET + "\"]"),
                "numeric", text("numeric", "{\"password\": 731055}"),
                "nested", text("nested", "{\"password\": {\"v\": \"" + SECRET + "\"}}"),
                "blank", text("blank", "{\"password\": \"\"}")));

        assertThatThrownBy(() -> SecretRef.parse("secret:list#password", WHERE).resolve(secrets))
                .hasMessage("password reference secret:list#password: the secret's value is JSON but not an object (it"
                        + " is an array), so it has no key 'password'");
        assertThatThrownBy(() -> SecretRef.parse("secret:numeric#password", WHERE).resolve(secrets))
                .hasMessage("password reference secret:numeric#password: the secret's key 'password' holds a number,"
                        + " not a string");
        assertThatThrownBy(() -> SecretRef.parse("secret:nested#password", WHERE).resolve(secrets))
                .hasMessage("password reference secret:nested#password: the secret's key 'password' holds an object,"
                        + " not a string");
        assertThatThrownBy(() -> SecretRef.parse("secret:blank#password", WHERE).resolve(secrets))
                .hasMessage("password reference secret:blank#password: the secret's key 'password' is an empty string");
    }

    @Test
    void aBinaryOrEmptySecretIsRefused() {
        Secrets secrets = secrets(Map.of(
                "bin", new SecretValue("arn:aws:secretsmanager:us-east-1:111111111111:secret:bin-AbCdEf", "bin", "v1",
                        null, true),
                "empty", text("empty", "")));

        assertThatThrownBy(() -> SecretRef.parse("secret:bin", WHERE).resolve(secrets))
                .hasMessage("password reference secret:bin: the secret holds binary data (SecretBinary), not text; store"
                        + " the value as SecretString");
        assertThatThrownBy(() -> SecretRef.parse("secret:empty#password", WHERE).resolve(secrets))
                .hasMessage("password reference secret:empty#password: the secret's value (SecretString) is empty");
    }

    @Test
    void notFoundAndAccessDeniedNameTheReferenceAndWhatToDo() {
        Secrets denied = Secrets.using(Map.of(), id -> {
            throw AwsCallException.of(AwsAction.GET_SECRET_VALUE, awsError("AccessDeniedException", "User:"
                    + " arn:aws:sts::111111111111:assumed-role/gw/fn is not authorized to perform:"
                    + " secretsmanager:GetSecretValue on resource: " + id));
        }, Duration.ofMinutes(5), Duration.ofSeconds(30), Clock.systemUTC());

        assertThatThrownBy(() -> SecretRef.parse("secret:ghostwatch/missing#password", WHERE).resolve(secrets(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("password reference secret:ghostwatch/missing#password: Secrets Manager has no such secret"
                        + " (secretsmanager:GetSecretValue: ResourceNotFoundException: Secrets Manager can't find the"
                        + " specified secret.); check the name, the region (AWS_REGION, or the ARN's) and the account")
                .hasCauseInstanceOf(AwsCallException.class);
        assertThatThrownBy(() -> SecretRef.parse("secret:ghostwatch/redis#password", WHERE).resolve(denied))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("password reference secret:ghostwatch/redis#password: not allowed:"
                        + " secretsmanager:GetSecretValue (AccessDeniedException: User:")
                .hasMessageEndingWith("; grant secretsmanager:GetSecretValue to the role Ghostwatch uses");
    }

    @Test
    void withoutAwsASecretReferenceSaysSo() {
        assertThatThrownBy(() -> SecretRef.parse("secret:redis", WHERE).resolve(Secrets.environmentOnly(Map.of())))
                .hasMessage("password reference secret:redis: secret: references cannot be resolved here (no AWS"
                        + " access is configured for Secrets Manager); use env: or file:");
    }

    @Test
    void noValueReachesAToString() {
        SecretValue value = text("redis", SECRET);
        Map<String, SecretValue> values = new HashMap<>();
        values.put("redis", value);
        Secrets secrets = secrets(values);
        SecretRef.parse("secret:redis", WHERE).resolve(secrets);

        assertThat(value.toString()).contains("redis").doesNotContain(SECRET);
        assertThat(secrets.toString()).isEqualTo("Secrets[1 secret(s) cached, values redacted]");
    }
}
