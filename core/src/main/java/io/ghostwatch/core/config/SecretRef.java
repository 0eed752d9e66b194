package io.ghostwatch.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a password lives. Config files hold references, never literals: {@code env:VAR} or {@code file:PATH}.
 * {@link #toString()} shows the reference, never the value.
 */
public sealed interface SecretRef {

    String VALID_FORMS = "env:VARIABLE or file:/path/to/file";

    /** Reads the secret now; the message says which reference failed and why, never the value. */
    String resolve(Map<String, String> environment);

    record Env(String variable) implements SecretRef {
        @Override
        public String resolve(Map<String, String> environment) {
            String value = environment.get(variable);
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
        public String resolve(Map<String, String> environment) {
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
            throw new ConfigException(where + ": Secrets Manager references (secret:) are not supported yet; valid: "
                    + VALID_FORMS);
        }
        throw new ConfigException(where + ": a password must be a reference (" + VALID_FORMS
                + "), not a literal: the value given is not shown here; move it to an environment variable or a file");
    }
}
