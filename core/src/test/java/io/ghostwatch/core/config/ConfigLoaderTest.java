package io.ghostwatch.core.config;

import static io.ghostwatch.core.config.ConfigTexts.error;
import static io.ghostwatch.core.config.ConfigTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void fullConfig() {
        GhostwatchConfig c = parse("""
                policy:
                  headroomPercent: 70
                  ghostIdleSeconds: 3600
                targets:
                  - name: orders-cache
                    uri: rediss://app@cache-1.internal:6380
                    password: env:ORDERS_REDIS_PASSWORD
                    tags:
                      team: payments
                      env: prod
                  - host: 10.0.0.7
                  - name: lab-1
                    host: "::1"
                    port: 6390
                    tls: yes
                    user: auditor
                    password: file:/run/secrets/redis
                """);

        assertThat(c.policy().get(PolicyKey.HEADROOM_PERCENT)).isEqualTo(70);
        assertThat(c.policy().get(PolicyKey.GHOST_IDLE_SECONDS)).isEqualTo(3_600);
        assertThat(c.policy().get(PolicyKey.GHOST_MIN_COUNT)).isEqualTo(PolicyKey.GHOST_MIN_COUNT.defaultValue());
        assertThat(c.targets()).hasSize(3);

        TargetSpec orders = c.targets().get(0);
        assertThat(orders.name()).isEqualTo("orders-cache");
        assertThat(orders.endpoint()).isEqualTo(new HostPort("cache-1.internal", 6380));
        assertThat(orders.tls()).isTrue();
        assertThat(orders.user()).isEqualTo("app");
        assertThat(orders.password()).isEqualTo(new SecretRef.Env("ORDERS_REDIS_PASSWORD"));
        assertThat(orders.tags()).isEqualTo(Map.of("env", "prod", "team", "payments"));

        TargetSpec plain = c.targets().get(1);
        assertThat(plain.name()).isEqualTo("10.0.0.7:6379");
        assertThat(plain.endpoint()).isEqualTo(new HostPort("10.0.0.7", 6379));
        assertThat(plain.tls()).isFalse();
        assertThat(plain.user()).isNull();
        assertThat(plain.password()).isNull();

        TargetSpec lab = c.targets().get(2);
        assertThat(lab.endpoint()).isEqualTo(new HostPort("::1", 6390));
        assertThat(lab.tls()).isTrue();
        assertThat(lab.user()).isEqualTo("auditor");
        assertThat(lab.password()).isEqualTo(new SecretRef.File(Path.of("/run/secrets/redis")));
        assertThat(lab.uri()).isEqualTo("rediss://auditor@[::1]:6390");
    }

    @Test
    void secretsManagerReferencesInEveryPasswordPlace() {
        GhostwatchConfig c = parse("""
                targets:
                  - name: payments
                    uri: redis://ghostwatch@10.0.0.5:6379
                    password: secret:ghostwatch/redis/payments#password
                  - name: sessions
                    host: 10.0.1.10
                    password: secret:arn:aws:secretsmanager:eu-west-1:123456789012:secret:sessions-AbC12d
                slack:
                  channel: C0123ABCD
                  botToken: secret:ghostwatch/slack#botToken
                elasticache:
                  regions: [us-east-1]
                  connect:
                    - match: default/us-east-1/orders
                      password: secret:ghostwatch/elasticache/orders#authToken
                """);

        assertThat(c.targets()).extracting(TargetSpec::password).containsExactly(
                new SecretRef.Secret("ghostwatch/redis/payments", "password"),
                new SecretRef.Secret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:sessions-AbC12d", null));
        assertThat(c.slack().botToken()).isEqualTo(new SecretRef.Secret("ghostwatch/slack", "botToken"));
        assertThat(c.elasticache().connectionFor("default/us-east-1/orders").orElseThrow().password())
                .isEqualTo(new SecretRef.Secret("ghostwatch/elasticache/orders", "authToken"));
    }

    @Test
    void aBadSecretReferenceNamesTheLineTheKeyTheValueAndTheForms() {
        assertThat(error("""
                targets:
                  - name: a
                    host: 10.0.0.1
                    password: secret:ghostwatch/redis payments#password
                """)).startsWith("ghostwatch.yaml:4: targets[0].password: 'ghostwatch/redis payments' is not a Secrets"
                + " Manager secret name: 'U+0020' is not allowed in one; valid: secret:NAME (the whole secret) or"
                + " secret:NAME#json-key");
        assertThat(error("""
                slack:
                  channel: C0123ABCD
                  botToken: "secret:arn:aws:secretsmanager:us-east-1:1234:secret:slack#token"
                """)).startsWith("ghostwatch.yaml:3: slack.botToken: 'arn:aws:secretsmanager:us-east-1:1234:secret:slack'"
                + " is not a Secrets Manager secret ARN");
        assertThat(error("""
                elasticache:
                  regions: [us-east-1]
                  connect:
                    - match: default/us-east-1/orders
                      password: "secret:orders#"
                """)).startsWith("ghostwatch.yaml:5: elasticache.connect[0].password: 'secret:orders#' has an empty JSON"
                + " key after '#'");
    }

    @Test
    void emptyDocumentIsAnEmptyConfig() {
        GhostwatchConfig c = parse("");

        assertThat(c.targets()).isEmpty();
        assertThat(c.policy().overrides()).isEmpty();
    }

    @Test
    void unknownTopLevelKeyNamesLineKeyAndValidKeys() {
        assertThat(error("""
                policy:
                  headroomPercent: 70
                target:
                  - host: a
                """)).isEqualTo("ghostwatch.yaml:3: target: unknown key; valid keys: targets, policy, slack, mutes, elasticache");
    }

    @Test
    void unknownTargetKeyNamesThePathAndValidKeys() {
        assertThat(error("""
                targets:
                  - name: a
                    host: 10.0.0.1
                  - name: b
                    hostname: 10.0.0.2
                """)).isEqualTo("ghostwatch.yaml:5: targets[1].hostname: unknown key; valid keys: name, uri, host,"
                + " port, tls, tlsCaFile, user, password, tags");
    }

    @Test
    void tlsCaFileNeedsTlsAndAReadableFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path config = dir.resolve("ghostwatch.yaml");
        java.nio.file.Files.writeString(config, "targets:\n  - uri: redis://10.0.0.1:6379\n    tlsCaFile: ca.pem\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.load(config)))
                .hasMessage(config + ":3: targets[0].tlsCaFile: is only used with TLS: use a rediss:// uri or tls: true");
        java.nio.file.Files.writeString(config, "targets:\n  - uri: rediss://10.0.0.1:6379\n    tlsCaFile: ca.pem\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.load(config)))
                .hasMessageStartingWith(config + ":3: targets[0].tlsCaFile: 'ca.pem' is not a readable file (looked at "
                        + dir.resolve("ca.pem"));
        java.nio.file.Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(ConfigLoader.load(config).targets().getFirst().tlsCaFile()).isEqualTo(dir.resolve("ca.pem"));
    }

    @Test
    void portThatIsNotANumber() {
        assertThat(error("""
                targets:
                  - host: 10.0.0.1
                    port: abc
                """)).isEqualTo("ghostwatch.yaml:3: targets[0].port: 'abc' is not a port number (valid: 1..65535)");
    }

    @Test
    void portOutOfRange() {
        assertThat(error("targets:\n  - host: 10.0.0.1\n    port: 65536\n"))
                .isEqualTo("ghostwatch.yaml:3: targets[0].port: '65536' is not a port number (valid: 1..65535)");
        assertThat(error("targets:\n  - host: 10.0.0.1\n    port: 0\n"))
                .isEqualTo("ghostwatch.yaml:3: targets[0].port: '0' is not a port number (valid: 1..65535)");
    }

    @Test
    void literalPasswordIsRefusedWithoutEchoingIt() {
        String message = error("""
                targets:
                  - name: a
                    host: 10.0.0.1
                    password: Tr0ub4dor&3
                """);

        assertThat(message).startsWith("ghostwatch.yaml:4: targets[0].password: a password must be a reference"
                + " (env:VARIABLE, file:/path/to/file, secret:NAME or secret:NAME#json-key"
                + " (NAME a Secrets Manager secret name or ARN)), not a literal");
        assertThat(message).doesNotContain("Tr0ub4dor");
    }

    @Test
    void passwordInsideTheUriIsRefusedWithoutEchoingIt() {
        String message = error("""
                targets:
                  - name: a
                    uri: redis://app:Tr0ub4dor@10.0.0.1:6379
                """);

        assertThat(message).startsWith("ghostwatch.yaml:3: targets[0].uri: the URI contains a password;");
        assertThat(message).contains("env:VARIABLE, file:/path/to/file, secret:NAME or secret:NAME#json-key")
                .doesNotContain("Tr0ub4dor");
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThat(error("""
                targets:
                  - name: cache
                    host: 10.0.0.1
                  - name: cache
                    host: 10.0.0.2
                """)).isEqualTo("ghostwatch.yaml:4: targets[1].name: 'cache' is used by an earlier target; names must"
                + " be unique");
    }

    @Test
    void unnamedTargetsOnTheSameEndpointAreDuplicates() {
        assertThat(error("targets:\n  - host: 10.0.0.1\n  - uri: redis://10.0.0.1\n"))
                .isEqualTo("ghostwatch.yaml:3: targets[1].name: '10.0.0.1:6379' is used by an earlier target; names"
                        + " must be unique");
    }

    @Test
    void duplicateYamlKeysAreRefused() {
        assertThat(error("""
                targets:
                  - host: 10.0.0.1
                    host: 10.0.0.2
                """)).isEqualTo("ghostwatch.yaml:3: targets[0].host: duplicate key");
    }

    @Test
    void policyValueOutOfRange() {
        assertThat(error("policy:\n  headroomPercent: 150\n"))
                .isEqualTo("ghostwatch.yaml:2: policy.headroomPercent: '150' is not valid: 150 is outside the valid"
                        + " range 1..100");
    }

    @Test
    void policyWithAnEmptyFixRangeNamesBothKeys() {
        assertThat(error("targets: []\npolicy:\n  minTimeoutSeconds: 900\n  maxTimeoutSeconds: 600\n"))
                .isEqualTo("ghostwatch.yaml:3: policy: minTimeoutSeconds (900) is above maxTimeoutSeconds (600): the"
                        + " range a fix may use would be empty");
    }

    @Test
    void policyValueNotANumber() {
        assertThat(error("policy:\n  ghostIdleSeconds: 1d\n"))
                .isEqualTo("ghostwatch.yaml:2: policy.ghostIdleSeconds: '1d' is not valid: '1d' is not a whole number"
                        + " (valid: 1..31536000)");
    }

    @Test
    void unknownPolicyKeyListsValidKeys() {
        assertThat(error("policy:\n  headroomPct: 70\n"))
                .isEqualTo("ghostwatch.yaml:2: policy.headroomPct: unknown policy key; valid keys: " + PolicyKey.validKeys())
                .contains("headroomPercent", "minTimeoutSeconds", "ghostMinCount");
    }

    @Test
    void invalidYamlNamesTheLine() {
        String message = error("""
                targets:
                  - name: a
                    host: 10.0.0.1
                   port: 6379
                """);

        assertThat(message).startsWith("ghostwatch.yaml:4: not valid YAML: ");
    }

    @Test
    void unclosedQuoteNamesTheLine() {
        assertThat(error("targets:\n  - name: a\n    host: \"10.0.0.1\n"))
                .startsWith("ghostwatch.yaml:4: not valid YAML: ");
    }

    @Test
    void uriAndHostTogetherAreRefused() {
        assertThat(error("targets:\n  - uri: redis://10.0.0.1\n    port: 6380\n"))
                .isEqualTo("ghostwatch.yaml:3: targets[0].port: give either uri or host/port/tls, not both");
    }

    @Test
    void targetWithoutEndpoint() {
        assertThat(error("targets:\n  - name: a\n"))
                .isEqualTo("ghostwatch.yaml:2: targets[0]: needs either 'uri' (redis://host:port) or 'host' (and"
                        + " optional 'port')");
    }

    @Test
    void userDifferingFromTheUriUser() {
        assertThat(error("targets:\n  - uri: redis://app@10.0.0.1\n    user: admin\n"))
                .isEqualTo("ghostwatch.yaml:3: targets[0].user: 'admin' differs from the user in the uri ('app')");
    }

    @Test
    void invalidNameAndBoolean() {
        assertThat(error("targets:\n  - name: \"bad name!\"\n    host: a\n"))
                .startsWith("ghostwatch.yaml:2: targets[0].name: 'bad name!' is not a valid name");
        assertThat(error("targets:\n  - host: a\n    tls: maybe\n"))
                .isEqualTo("ghostwatch.yaml:3: targets[0].tls: 'maybe' is not a boolean (valid: true, false)");
    }

    @Test
    void targetsMustBeAList() {
        assertThat(error("targets:\n  host: a\n"))
                .isEqualTo("ghostwatch.yaml:2: targets: must be a list of targets (each item starting with '- name: ...')");
    }

    @Test
    void yamlTagsNamingJavaTypesAreRefused() {
        assertThat(error("targets:\n  - host: a\n    port: !!javax.script.ScriptEngineManager [x]\n"))
                .isEqualTo("ghostwatch.yaml:3: not valid YAML: Global tag is not allowed:"
                        + " tag:yaml.org,2002:javax.script.ScriptEngineManager");
    }

    @Test
    void loadNamesAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such config file");
    }

    @Test
    void loadUsesThePathInMessages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, "targets:\n  - host: a\n    port: x\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .hasMessage(file + ":3: targets[0].port: 'x' is not a port number (valid: 1..65535)");
    }

    @Test
    void policyDefaultsWhenAbsent() {
        assertThat(parse("targets:\n  - host: a\n").policy().get(PolicyKey.HEADROOM_PERCENT)).isEqualTo(80);
        assertThat(parse("targets:\n  - host: a\n").policy()).isSameAs(Policy.defaults());
    }
}
