package io.ghostwatch.core.findings;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.config.GhostwatchConfig;
import io.ghostwatch.core.config.SlackConfig;
import io.ghostwatch.core.slack.ChartImage;
import io.ghostwatch.core.slack.DigestDelivery;
import io.ghostwatch.core.slack.DigestInput;
import io.ghostwatch.core.slack.DigestPart;
import io.ghostwatch.core.slack.DigestParts;
import io.ghostwatch.core.slack.DigestRenderer;
import io.ghostwatch.core.slack.FindingChanges;
import io.ghostwatch.core.slack.SlackDeliveryException;
import io.ghostwatch.core.slack.SlackDigest;
import io.ghostwatch.core.slack.SlackFailure;
import io.ghostwatch.core.slack.SlackPoster;
import io.ghostwatch.core.slack.StoredFinding;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A reported run, in the order that keeps an audit safe from Slack:
 * <ol>
 *   <li>store the run's findings ({@link FindingStore#record}): when this fails nothing is posted, since the next run
 *       could not tell what this one announced;</li>
 *   <li>compare the run with what the channel last heard (the findings it was told are open), apply the mutes, and
 *       render the digest: a quiet run is one line, or nothing with {@code quietRuns: skip};</li>
 *   <li>post it; a failure leaves the stored results as they are, and since the channel heard nothing, the next run
 *       that posts tells it everything new since the last digest that did go out;</li>
 *   <li>record what the digest told, with its ts ({@link FindingStore#recordReported}).</li>
 * </ol>
 * A run audited in one process (the CLI) calls {@link #publish(AuditReport, GhostwatchConfig, Map, Supplier)}; a
 * sharded run (the scheduled Lambdas) has each shard {@link #record} its targets and, once all are done, one
 * {@link #publish(Instant, long, List, GhostwatchConfig, Supplier)} of all their parts: the digest is posted once per run.
 * {@code ghostwatch audit --slack-preview} calls {@link #preview}, which reads the state and writes nothing.
 */
public final class DigestPublisher {

    private final FindingStore store;
    private final Clock clock;

    public DigestPublisher(FindingStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the run, then posts its digest when the config has a {@code slack:} section: {@link #record} then
     * {@link #publish(Instant, long, List, GhostwatchConfig, Supplier)} with its one part.
     *
     * @param charts  the trend chart per target name, uploaded into that target's thread (may be empty)
     * @param posters makes the poster when there is something to post (the caller's token and API URL); a
     *                {@link ConfigException} from it (a token that cannot be read) means not posted
     * @throws FindingStoreException when the findings cannot be stored: then nothing is posted
     */
    public DigestOutcome publish(AuditReport report, GhostwatchConfig config, Map<String, ChartImage> charts,
                                 Supplier<SlackPoster> posters) {
        return publish(FindingLedger.runTime(report), report.durationMs(), List.of(record(report, config, charts)),
                config, posters);
    }

    /**
     * Stores the findings of a run's targets (all of them, or one shard's) and renders their share of the digest
     * against what the channel was last told about them. Shards of one run share its start time as
     * {@code report.startedAt()}; each target belongs to one shard.
     *
     * @throws FindingStoreException when the findings cannot be stored
     */
    public RecordedPart record(AuditReport report, GhostwatchConfig config, Map<String, ChartImage> charts) {
        List<FindingRecord> stored = store.record(report);
        return new RecordedPart(stored.size(), config.slack() == null ? null : part(report, stored, config, charts));
    }

    /**
     * Posts the digest of a run whose parts are all recorded, then records what it told.
     *
     * @param run        the run's identity: its start, as {@link #record} stored it
     * @param durationMs how long the run took
     * @param parts      every part of the run, in report order
     */
    public DigestOutcome publish(Instant run, long durationMs, List<RecordedPart> parts, GhostwatchConfig config,
                                 Supplier<SlackPoster> posters) {
        if (config.slack() == null) {
            return new DigestOutcome.Stored(parts.stream().mapToInt(RecordedPart::findings).sum());
        }
        List<DigestPart> digestParts = parts.stream().map(p -> Objects.requireNonNull(p.part(),
                "a part recorded without a slack: section cannot be posted")).toList();
        PreparedDigest prepared = prepare(run, durationMs, new DigestParts(digestParts), config);
        if (!prepared.post()) {
            return new DigestOutcome.Skipped(prepared);
        }
        DigestDelivery delivery;
        try (SlackPoster poster = posters.get()) {
            delivery = poster.post(prepared.channel(), prepared.digest());
        } catch (SlackDeliveryException e) {
            return new DigestOutcome.NotPosted(prepared, e.failure());
        } catch (ConfigException e) {
            return new DigestOutcome.NotPosted(prepared, new SlackFailure("chat.postMessage", "no_token",
                    SlackFailure.Kind.PERMANENT, 0, e.getMessage()));
        }
        String warning = delivery.complete() ? null : delivery.threadFailures().size() + " thread post(s) failed, the"
                + " digest stands: " + delivery.threadFailures().stream().map(SlackFailure::message)
                .collect(Collectors.joining("; "));
        try {
            store.recordReported(prepared.run(), prepared.told(), prepared.digest().quiet() ? null : delivery.digest());
        } catch (FindingStoreException e) {
            String lost = "the digest was posted but what it told could not be stored (" + e.getMessage()
                    + "), so the next run may announce the same news again";
            warning = warning == null ? lost : warning + "; " + lost;
        }
        return new DigestOutcome.Posted(prepared, delivery, warning);
    }

    /**
     * The digest a run would post now, from the stored state, writing nothing: what {@code --slack-preview} shows.
     *
     * @throws IllegalArgumentException when the config has no {@code slack:} section
     */
    public PreparedDigest preview(AuditReport report, GhostwatchConfig config, Map<String, ChartImage> charts) {
        if (config.slack() == null) {
            throw new IllegalArgumentException("a preview needs the config's slack: section (channel, botToken)");
        }
        DigestPart part = part(report, store.findings(FindingLedger.targets(report)), config, charts);
        return prepare(FindingLedger.runTime(report), report.durationMs(), DigestParts.of(part), config);
    }

    private DigestPart part(AuditReport report, List<FindingRecord> records, GhostwatchConfig config,
                            Map<String, ChartImage> charts) {
        List<StoredFinding> toldOpen = records.stream().filter(FindingRecord::reportedOpen)
                .map(FindingRecord::asStored).toList();
        FindingChanges changes = FindingChanges.compute(toldOpen, report);
        Muting muting = Muting.of(report, config.mutes(), clock.instant());
        return new DigestRenderer(config.slack().maxListed())
                .part(new DigestInput(report, changes, muting.muted(), charts, muting.expired()));
    }

    private static PreparedDigest prepare(Instant run, long durationMs, DigestParts parts, GhostwatchConfig config) {
        SlackConfig slack = config.slack();
        SlackDigest digest = new DigestRenderer(slack.maxListed(), slack.maxThreadMessages()).assemble(run, durationMs,
                parts);
        boolean post = !(digest.quiet() && slack.quietRuns() == SlackConfig.QuietRuns.SKIP);
        return new PreparedDigest(run, slack.channel(), post, parts, digest);
    }
}
