package io.ghostwatch.core.check;

import io.ghostwatch.core.aws.AwsAction;
import io.ghostwatch.core.model.Severity;
import java.util.List;

/**
 * What a check is, for reports and docs. Each check declares the Redis commands and the AWS actions its facts come
 * from, so least-privilege ACLs, IAM policies and the README are generated from code.
 *
 * @param id            stable ID, read as an expectation ({@code redis_idle_timeout_enabled})
 * @param maxSeverity   the worst severity this check can report
 * @param redisCommands the commands whose replies the check reads
 * @param awsActions    the AWS actions whose answers the check reads (ElastiCache checks)
 */
public record CheckMetadata(String id, String title, Severity maxSeverity, String risk, String remediation,
                            List<String> redisCommands, List<AwsAction> awsActions) {
    public CheckMetadata {
        redisCommands = List.copyOf(redisCommands);
        awsActions = List.copyOf(awsActions);
    }

    /** A self-hosted Redis check: Redis commands only. */
    public CheckMetadata(String id, String title, Severity maxSeverity, String risk, String remediation,
                         List<String> redisCommands) {
        this(id, title, maxSeverity, risk, remediation, redisCommands, List.of());
    }
}
