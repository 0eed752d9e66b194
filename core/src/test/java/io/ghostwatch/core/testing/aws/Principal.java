package io.ghostwatch.core.testing.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * Credentials the stand-in knows and who they belong to: an IAM user's long-term access key ({@code AKIA...}) or an
 * assumed role's session ({@code ASIA...} with a session token and an expiry).
 *
 * @param sessionToken null for an IAM user's key
 * @param arn          {@code arn:aws:iam::<account>:user/<name>} or
 *                     {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}
 * @param userId       what GetCallerIdentity reports as UserId ({@code AIDA...} or {@code AROA...:<session>})
 * @param expiration   null for an IAM user's key
 */
record Principal(String accessKeyId, String secretAccessKey, String sessionToken, String account, String arn,
                 String userId, Instant expiration) {

    Principal {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(userId, "userId");
    }

    boolean expiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }
}
