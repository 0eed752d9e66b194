package io.ghostwatch.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a password (or the Slack bot token) lives. Config files hold references, never literals:
 * <ul>
 *   <li>{@code env:VAR}: an environment variable;</li>
 *   <li>{@code file:PATH}: a file's content (stripped);</li>
 *   <li>{@code secret:NAME} or {@code secret:ARN}: an AWS Secrets Manager secret's whole SecretString;</li>
 *   <li>{@code secret:NAME#KEY}: a secret whose SecretString is a JSON object, e.g. the usual
 *       {@code {"username": ..., "password": ...}}; the string value of its key {@code KEY}
 *       ({@code password: secret:ghostwatch/redis/payments#password}).</li>
 * </ul>
 * References are resolved through {@link Secrets} (the environment, and Secrets Manager with a per-secret cache).
 * {@link #toString()} shows the reference, never the value; no message ever shows a value.
 */
public sealed interface SecretRef {

    String VALID_FORMS = "env:VARIABLE, file:/path/to/file, secret:NAME or secret:NAME#json-key (NAME a Secrets"
            + " Manager secret name or ARN)";

    /** Reads the secret now; the message says which reference failed and why, never the value. */
    String resolve(Secrets secrets);

    record Env(String variable) implements SecretRef {
        @Override
        public String resolve(Secrets secrets) {
            String value = secrets.environment().get(variable);
            if (value == null || value.isEmpty()) {
                throw new ConfigException("password reference env:" + variable + ": environment variable " + variable
                        + " is not set");
            }
            return value;
        }

        @Override
        public String toString() {
            return "env:" + variable;
        }
    }

    record File(Path path) implements SecretRef {
        @Override
        public String resolve(Secrets secrets) {
            try {
                String value = Files.readString(path, StandardCharsets.UTF_8).strip();
                if (value.isEmpty()) {
                    throw new ConfigException("password reference file:" + path + ": the file is empty");
                }
                return value;
            } catch (IOException e) {
                throw new ConfigException("password reference file:" + path + ": cannot read the file ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
            }
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /**
     * An AWS Secrets Manager secret (its current version, AWSCURRENT).
     *
     * @param secretId a secret's name or full ARN, as GetSecretValue takes it
     * @param jsonKey  the key whose string value is the password, in a SecretString that is a JSON object; null for
     *                 the whole SecretString
     */
    record Secret(String secretId, String jsonKey) implements SecretRef {

        /** Secrets Manager's secret names: 1-512 of ASCII letters, digits and {@code /_+=.@-}. */
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
        /** {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}. */
        private static final Pattern ARN = Pattern.compile("arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-[0-9]+"
                + ":[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}");
        private static final ObjectMapper JSON = new ObjectMapper();

        public Secret {
            Objects.requireNonNull(secretId, "secretId");
        }

        @Override
        public String resolve(Secrets secrets) {
            String text;
            try {
                text = secrets.secretString(secretId);
            } catch (ConfigException e) {
                throw new ConfigException("password reference " + this + ": " + e.getMessage(), e.getCause());
            }
            if (jsonKey == null) {
                return text;
            }
            JsonNode document;
            try {
                document = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                // Jackson's message quotes the text it choked on: the secret itself. Never pass it on.
                throw new ConfigException("password reference " + this + ": the secret's value is not JSON, so it has"
                        + " no key '" + jsonKey + "' (for a plain-text secret write secret:" + secretId
                        + " without #" + jsonKey + ")");
            }
            if (document == null || !document.isObject()) {
                throw new ConfigException("password reference " + this + ": the secret's value is JSON but not an"
                        + " object (it is " + kind(document) + "), so it has no key '" + jsonKey + "'");
            }
            JsonNode value = document.get(jsonKey);
            if (value == null) {
                throw new ConfigException("password reference " + this + ": the secret's JSON has no key '" + jsonKey
                        + "' (its keys: " + String.join(", ", (Iterable<String>) document::fieldNames) + ")");
            }
            if (!value.isTextual()) {
                throw new ConfigException("password reference " + this + ": the secret's key '" + jsonKey + "' holds "
                        + kind(value) + ", not a string");
            }
            if (value.asText().isEmpty()) {
                throw new ConfigException("password reference " + this + ": the secret's key '" + jsonKey
                        + "' is an empty string");
            }
            return value.asText();
        }

        @Override
        public String toString() {
            return "secret:" + secretId + (jsonKey == null ? "" : "#" + jsonKey);
        }

        private static String kind(JsonNode node) {
            if (node == null || node.isMissingNode()) {
                return "nothing";
            }
            return switch (node.getNodeType()) {
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                case STRING -> "a string";
                default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

    /**
     * Parses a reference. Anything that is not one (a literal password) is refused without echoing it.
     *
     * @param where "ghostwatch.yaml:7: targets[0].password" or "--auth", for the message
     */
    static SecretRef parse(String text, String where) {
        if (text.startsWith("env:") && text.length() > 4) {
            String var = text.substring(4);
            if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException(where + ": '" + var + "' is not an environment variable name");
            }
            return new Env(var);
        }
        if (text.startsWith("file:") && text.length() > 5) {
            return new File(Path.of(text.substring(5)));
        }
        if (text.startsWith("secret:")) {
            return parseSecret(text, where);
        }
        throw new ConfigException(where + ": a password must be a reference (" + VALID_FORMS
                + "), not a literal: the value given is not shown here; move it to an environment variable, a file or"
                + " AWS Secrets Manager");
    }

    private static Secret parseSecret(String text, String where) {
        String rest = text.substring("secret:".length());
        String valid = "; valid: secret:NAME (the whole secret) or secret:NAME#json-key (one key of a JSON secret),"
                + " NAME a Secrets Manager secret name (1-512 of A-Z a-z 0-9 / _ + = . @ -) or its ARN"
                + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>),"
                + " e.g. secret:ghostwatch/redis/payments#password";
        if (rest.isEmpty()) {
            throw new ConfigException(where + ": 'secret:' names no secret" + valid);
        }
        int hash = rest.lastIndexOf('#');
        String id = hash < 0 ? rest : rest.substring(0, hash);
        String key = hash < 0 ? null : rest.substring(hash + 1);
        if (id.isEmpty()) {
            throw new ConfigException(where + ": '" + shown(text) + "' names no secret before '#'" + valid);
        }
        if (key != null && key.isEmpty()) {
            throw new ConfigException(where + ": '" + shown(text) + "' has an empty JSON key after '#'" + valid);
        }
        if (key != null && key.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new ConfigException(where + ": '" + shown(text.substring(0, text.length() - key.length()))
                    + "...': the JSON key after '#' contains control characters" + valid);
        }
        if (id.startsWith("arn:")) {
            if (!Secret.ARN.matcher(id).matches()) {
                throw new ConfigException(where + ": '" + shown(id) + "' is not a Secrets Manager secret ARN"
                        + " (arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>)" + valid);
            }
        } else if (id.length() > 512) {
            throw new ConfigException(where + ": the secret name in '" + shown(text.substring(0, 40)) + "...' is "
                    + id.length() + " characters long; Secrets Manager names have at most 512" + valid);
        } else if (!Secret.NAME.matcher(id).matches()) {
            int bad = id.codePoints()
                    .filter(c -> !(c < 128 && (Character.isLetterOrDigit(c) || "/_+=.@-".indexOf(c) >= 0)))
                    .findFirst().orElse('?');
            throw new ConfigException(where + ": '" + shown(id) + "' is not a Secrets Manager secret name: '"
                    + (Character.isISOControl(bad) || Character.isWhitespace(bad) ? String.format("U+%04X", bad)
                    : Character.toString(bad)) + "' is not allowed in one" + valid);
        }
        return new Secret(id, key);
    }

    /** Text as a message may show it: control characters (a pasted line break...) as U+XXXX. */
    private static String shown(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("U+%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
