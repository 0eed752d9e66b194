package io.ghostwatch.core.testing.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * One Secrets Manager secret's current version (AWSCURRENT), as the stand-in holds it. {@link #toString()} leaves the
 * value out, as the real service's logs do.
 *
 * @param arn          {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>}
 * @param versionId    the current version's ID (a UUID); a new one on every {@link RegionFleet#putSecret}
 * @param secretString the text value; null for a binary secret
 * @param secretBinary the binary value; null for a text secret
 */
public record StoredSecret(String name, String arn, String versionId, String secretString, byte[] secretBinary,
                           Instant createdDate) {

    public StoredSecret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(createdDate, "createdDate");
        if ((secretString == null) == (secretBinary == null)) {
            throw new IllegalArgumentException("a secret holds a SecretString or a SecretBinary, exactly one");
        }
        secretBinary = secretBinary == null ? null : secretBinary.clone();
    }

    /** Whether {@code secretId} (a name, the full ARN or the ARN without its random suffix) names this secret. */
    boolean isNamedBy(String secretId) {
        return secretId.equals(name) || secretId.equals(arn)
                || secretId.equals(arn.substring(0, arn.length() - "-AbCdEf".length()));
    }

    @Override
    public byte[] secretBinary() {
        return secretBinary == null ? null : secretBinary.clone();
    }

    @Override
    public String toString() {
        return "StoredSecret[" + arn + ", version " + versionId + ", value redacted]";
    }
}
