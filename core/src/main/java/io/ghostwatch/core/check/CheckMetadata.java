package io.ghostwatch.core.check;

import io.ghostwatch.core.model.Severity;
import java.util.List;

/**
 * What a check is, for reports and docs. Each check declares the Redis commands its facts come from, so
 * least-privilege ACLs and the README are generated from code.
 *
 * @param id            stable ID, read as an expectation ({@code redis_idle_timeout_enabled})
 * @param maxSeverity   the worst severity this check can report
 * @param redisCommands the commands whose replies the check reads
 */
public record CheckMetadata(String id, String title, Severity maxSeverity, String risk, String remediation,
                            List<String> redisCommands) {
    public CheckMetadata {
        redisCommands = List.copyOf(redisCommands);
    }
}
