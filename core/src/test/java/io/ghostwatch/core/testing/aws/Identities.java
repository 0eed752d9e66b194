package io.ghostwatch.core.testing.aws;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stand-in's IAM and STS state: the access keys it knows (IAM users' and assumed-role sessions'), and the roles a
 * test allowed to be assumed, each with its ExternalId (if one is required) and maximum session duration. Callers
 * hold the stand-in's lock.
 */
final class Identities {

    /** A role tests allowed AssumeRole on. */
    record AssumableRole(String roleArn, String account, String roleName, String roleId, String externalId,
                         int maxSessionSeconds) {

        AssumableRole {
            Objects.requireNonNull(roleArn, "roleArn");
        }
    }

    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Principal> byAccessKey = new HashMap<>();
    private final Map<String, AssumableRole> roles = new HashMap<>();

    Optional<Principal> principal(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    /** Registers an IAM user's access key. */
    Principal addUser(String accessKeyId, String secretAccessKey, String account, String userName) {
        Principal user = new Principal(accessKeyId, secretAccessKey, null, account,
                "arn:aws:iam::" + account + ":user/" + userName, "AIDA" + randomId(17), null);
        byAccessKey.put(accessKeyId, user);
        return user;
    }

    /**
     * Allows AssumeRole on a role ARN {@code arn:aws:iam::<account>:role/<name>}.
     *
     * @param externalId the ExternalId callers must pass, or null when none is required
     */
    void allow(String roleArn, String externalId, int maxSessionSeconds) {
        String[] parts = roleArn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("iam") || !parts[4].matches("\\d{12}")
                || !parts[5].startsWith("role/")) {
            throw new IllegalArgumentException("not a role ARN: " + roleArn);
        }
        String roleName = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        roles.put(roleArn, new AssumableRole(roleArn, parts[4], roleName, "AROA" + randomId(17), externalId,
                maxSessionSeconds));
    }

    Optional<AssumableRole> role(String roleArn) {
        return Optional.ofNullable(roles.get(roleArn));
    }

    /** New session credentials for {@code role}, known from now on, expiring after {@code durationSeconds}. */
    Principal startSession(AssumableRole role, String sessionName, int durationSeconds, Instant now) {
        Principal session = new Principal("ASIA" + randomId(16), randomSecret(), "IQoJb3JpZ2luX2VjE" + randomSecret()
                + randomSecret(), role.account(),
                "arn:aws:sts::" + role.account() + ":assumed-role/" + role.roleName() + "/" + sessionName,
                role.roleId() + ":" + sessionName, now.plusSeconds(durationSeconds));
        byAccessKey.put(session.accessKeyId(), session);
        return session;
    }

    private String randomId(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(UPPER_ALNUM.charAt(random.nextInt(UPPER_ALNUM.length())));
        }
        return s.toString();
    }

    private String randomSecret() {
        StringBuilder s = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            s.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
        }
        return s.toString();
    }
}
