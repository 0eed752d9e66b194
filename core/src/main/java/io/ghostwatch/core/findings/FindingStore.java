package io.ghostwatch.core.findings;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.findings.FindingRecord.Status;
import io.ghostwatch.core.slack.FindingKey;
import io.ghostwatch.core.slack.PostedMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finding state across runs: a directory of files for the CLI ({@link FileFindingStore}), DynamoDB for the Lambda
 * functions ({@link DynamoDbFindingStore}). Both apply {@link FindingLedger}'s transitions and keep every update they
 * acknowledged; a failure is a {@link FindingStoreException} naming the file or table, never a silent loss.
 *
 * <p>What both promise (FindingStoreContract in the tests holds them to it):
 * <ul>
 *   <li>{@link #record} is how a run's results get in, before anything is posted: when it returns, they are stored.
 *       A run touches only the findings of its own targets.</li>
 *   <li>Writers may run at once (threads, processes, overlapping Lambda invocations): no update is lost, and an older
 *       run never overwrites what a newer one recorded.</li>
 *   <li>A crash during {@link #record} leaves every finding either as it was or as the run left it (the file store
 *       goes further: the whole run or nothing); the next run's record completes the picture, since the state is
 *       derived from its report.</li>
 *   <li>Resolved findings are kept for a retention period (default 90 days) so a finding that comes back keeps its
 *       {@code firstSeen}; open findings are kept while open.</li>
 * </ul>
 */
public interface FindingStore {

    /** Every stored finding (open, or resolved within the retention) of these targets, in key order. */
    List<FindingRecord> findings(Collection<String> targets);

    /** One finding by key: what the bot looks up when "Propose fix" is clicked. */
    Optional<FindingRecord> find(FindingKey key);

    /**
     * Stores what a run found (see {@link FindingLedger}): failing findings opened or seen again, passing ones
     * resolved, unchecked ones left alone.
     *
     * @return every finding of the run's targets as stored after the run, in key order
     */
    List<FindingRecord> record(AuditReport report);

    /**
     * Records what a posted digest told the channel, after posting.
     *
     * @param run      the run's start ({@link FindingLedger#runTime}); a digest older than what is recorded changes
     *                 nothing
     * @param told     per finding key, the status the digest gave it
     * @param postedIn the digest message (for the full digest), or null for a one-line quiet message
     */
    void recordReported(Instant run, Map<FindingKey, Status> told, PostedMessage postedIn);
}
