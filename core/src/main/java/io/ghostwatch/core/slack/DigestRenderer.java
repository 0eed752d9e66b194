package io.ghostwatch.core.slack;

import com.slack.api.model.block.LayoutBlock;
import io.ghostwatch.core.audit.AuditStatus;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.redis.ClientCensus;
import io.ghostwatch.core.redis.Readout;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Renders one audit run for Slack: a digest (targets audited, counts by severity, what changed, the new and worst
 * findings with their fixes and a "Propose fix" button each) and a thread (every finding per target, what could not
 * be checked, probable ghosts, charts, everything resolved). A run with nothing new and nothing resolved gets a
 * one-line digest and no thread. Limits are kept by construction: at most {@value SlackMessage#MAX_BLOCKS} blocks
 * per message, at most {@value SlackText#SECTION_LIMIT} characters per section.
 */
public final class DigestRenderer {
    public static final String PROPOSE_FIX_ACTION_ID = "ghostwatch_propose_fix";
    public static final String EVENT_TYPE = "ghostwatch_audit_digest";
    public static final int DEFAULT_FINDINGS_IN_DIGEST = 10;
    /** Blocks of the digest that are not findings: header, summary, counts, changes, divider, more, resolved, unchecked, footer. */
    static final int DIGEST_FIXED_BLOCKS = 9;
    static final int MAX_FINDINGS_IN_DIGEST = SlackMessage.MAX_BLOCKS - DIGEST_FIXED_BLOCKS;
    static final int NAMES_IN_SUMMARY = 5;
    static final int GHOST_HOLDERS_PER_NODE = 3;
    static final int NAMES_PER_HOLDER = 3;
    static final int EXPIRED_MUTES_SHOWN = 3;
    static final int REASONS_IN_SUMMARY = 3;
    /** A thread of 100 messages takes Slack about two minutes. */
    public static final int DEFAULT_THREAD_MESSAGES = 100;
    public static final int MIN_THREAD_MESSAGES = 10;
    public static final int MAX_THREAD_MESSAGES = 1000;
    static final int MUTE_REASON_LIMIT = 200;

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final int findingsInDigest;
    private final int threadMessages;

    public DigestRenderer() {
        this(DEFAULT_FINDINGS_IN_DIGEST);
    }

    /** @param findingsInDigest how many findings the digest lists before "and N more" (1 to 41) */
    public DigestRenderer(int findingsInDigest) {
        this(findingsInDigest, DEFAULT_THREAD_MESSAGES);
    }

    /**
     * @param findingsInDigest how many findings the digest lists before "and N more" (1 to 41)
     * @param threadMessages   the most messages the thread holds; past that, details go into a file
     *                         ({@value #MIN_THREAD_MESSAGES} to {@value #MAX_THREAD_MESSAGES})
     */
    public DigestRenderer(int findingsInDigest, int threadMessages) {
        if (findingsInDigest < 1 || findingsInDigest > MAX_FINDINGS_IN_DIGEST) {
            throw new IllegalArgumentException("findingsInDigest " + findingsInDigest + " is outside 1.."
                    + MAX_FINDINGS_IN_DIGEST + " (a message holds at most " + SlackMessage.MAX_BLOCKS + " blocks)");
        }
        if (threadMessages < MIN_THREAD_MESSAGES || threadMessages > MAX_THREAD_MESSAGES) {
            throw new IllegalArgumentException("threadMessages " + threadMessages + " is outside " + MIN_THREAD_MESSAGES
                    + ".." + MAX_THREAD_MESSAGES);
        }
        this.findingsInDigest = findingsInDigest;
        this.threadMessages = threadMessages;
    }

    /** The run's digest and thread: {@link #assemble} of the one {@link #part} the whole run makes. */
    public SlackDigest render(DigestInput input) {
        return assemble(input.report().startedAt(), input.report().durationMs(), DigestParts.of(part(input)));
    }

    /**
     * The share of a digest that the input's targets make: their thread posts, rendered now, and their failing
     * findings, the first {@code findingsInDigest} with their digest blocks (any of them may be among the run's first).
     */
    public DigestPart part(DigestInput input) {
        DigestView view = new DigestView(input);
        List<DigestPart.Listed> listed = new ArrayList<>();
        for (DigestView.Listed l : view.listed()) {
            listed.add(new DigestPart.Listed(l.key(), l.finding().severity(), l.state(), listed.size() < findingsInDigest
                    ? FindingBlock.of(l.key(), l.finding(), l.state(), false) : null));
        }
        List<DigestPart.Unaudited> unaudited = view.unauditedTargets().stream()
                .map(t -> new DigestPart.Unaudited(t.name(), t.status(), null)).toList();
        List<TargetDetails> details = new ArrayList<>();
        List<String> cleanLines = new ArrayList<>();
        List<ChartUpload> cleanCharts = new ArrayList<>();
        for (TargetReport t : view.report().targets()) {
            if (isClean(view, t)) {
                cleanLines.add("\u2022 " + SlackText.code(t.name()) + ": " + count(t, CheckStatus.PASS) + " passed"
                        + (view.mutedCount(t) > 0 ? ", " + view.mutedCount(t) + " muted" : ""));
                chart(view, t).ifPresent(cleanCharts::add);
                continue;
            }
            details.add(new TargetDetails(t.name(), MessagePages.messages("Ghostwatch details for "
                    + SlackText.escape(t.name()), targetBlocks(view, t)), chart(view, t).orElse(null)));
        }
        return new DigestPart(view.report().targets().size(), unaudited, view.uncheckedFindings(), view.mutedCount(),
                listed, view.changes().resolved(), view.changes().unchecked(), input.expiredMutes(), details, cleanLines,
                cleanCharts);
    }

    /**
     * The digest of a run from all its parts: one line and no thread when nothing is new or resolved, else the digest
     * and its thread.
     *
     * @param startedAt  when the run started
     * @param durationMs how long it took, all parts together
     */
    public SlackDigest assemble(Instant startedAt, long durationMs, DigestParts parts) {
        if (parts.quiet()) {
            String line = quietLine(parts);
            return new SlackDigest(true, new SlackMessage(line, List.of(Blocks.section(line)),
                    DigestMetadata.of(startedAt, parts)), List.of());
        }
        return new SlackDigest(false, digest(startedAt, durationMs, parts), thread(startedAt, parts));
    }

    // ---- the digest

    private SlackMessage digest(Instant startedAt, long durationMs, DigestParts parts) {
        List<DigestPart.Listed> listed = parts.listed();
        int fresh = parts.listed(FindingState.NEW).size();
        int open = parts.listed(FindingState.STILL_OPEN).size();
        int resolved = parts.resolved().size();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(Blocks.header("Ghostwatch audit: " + fresh + " new, " + resolved + " resolved, " + open + " still open"));
        blocks.add(Blocks.section(summary(startedAt, durationMs, parts)));
        blocks.add(Blocks.fields(severityFields(parts)));
        blocks.add(Blocks.section(changes(parts)));
        blocks.add(Blocks.divider());
        List<LayoutBlock> shownBlocks = parts.blocks(findingsInDigest);
        blocks.addAll(shownBlocks);
        int shown = shownBlocks.size();
        if (shown < listed.size()) {
            List<DigestPart.Listed> rest = listed.subList(shown, listed.size());
            long restNew = rest.stream().filter(l -> l.state() == FindingState.NEW).count();
            blocks.add(Blocks.section("\u2026and " + rest.size() + " more failing finding" + plural(rest.size()) + " ("
                    + restNew + " new, " + (rest.size() - restNew) + " still open): every finding is in the thread,"
                    + " per target."));
        }
        if (resolved > 0) {
            blocks.add(MessagePages.boundedSection("*Resolved since the last run (" + resolved + "):*",
                    parts.resolved().stream().map(DigestRenderer::storedLine).toList(),
                    n -> "\u2026and " + n + " more, listed in the thread."));
        }
        if (!parts.unchecked().isEmpty()) {
            blocks.add(Blocks.section(uncheckedSummary(parts)));
        }
        blocks.add(Blocks.context("Every finding per target, each fix step explained, and what could not be checked"
                + " are in the thread."));
        return new SlackMessage(fallback(parts), blocks, DigestMetadata.of(startedAt, parts));
    }

    private static String summary(Instant startedAt, long durationMs, DigestParts parts) {
        int total = parts.targets();
        StringBuilder sb = new StringBuilder();
        sb.append('*').append(parts.auditedTargets()).append(" of ").append(total).append(" target").append(plural(total))
                .append(" audited* \u00b7 run started ").append(STARTED.format(startedAt))
                .append(" \u00b7 took ").append(seconds(durationMs));
        List<DigestPart.Unaudited> unaudited = parts.unaudited();
        if (!unaudited.isEmpty()) {
            sb.append("\n*Not audited:* ").append(unaudited.stream().limit(NAMES_IN_SUMMARY)
                    .map(t -> SlackText.code(t.target()) + " (" + t.status().name().toLowerCase(Locale.ROOT) + ")")
                    .collect(Collectors.joining(", ")));
            if (unaudited.size() > NAMES_IN_SUMMARY) {
                sb.append(" and ").append(unaudited.size() - NAMES_IN_SUMMARY).append(" more");
            }
            String why = reasons(unaudited);
            if (why != null) {
                sb.append("\n*Why:* ").append(why);
            }
        }
        int errors = parts.uncheckedChecks();
        if (errors > 0) {
            sb.append("\n*").append(errors).append(" check").append(plural(errors))
                    .append(" could not read their facts* (in the thread): not a pass.");
        }
        return sb.toString();
    }

    /**
     * Why targets were not audited, each reason once (a failed shard gives one for all its targets), the first
     * {@value #REASONS_IN_SUMMARY} clipped and the rest counted; null when no reason is given.
     */
    private static String reasons(List<DigestPart.Unaudited> unaudited) {
        List<String> reasons = unaudited.stream().map(DigestPart.Unaudited::reason).filter(Objects::nonNull).distinct()
                .toList();
        if (reasons.isEmpty()) {
            return null;
        }
        return reasons.stream().limit(REASONS_IN_SUMMARY).map(r -> SlackText.text(FindingBlock.clip(r, MUTE_REASON_LIMIT)))
                .collect(Collectors.joining("; "))
                + (reasons.size() > REASONS_IN_SUMMARY ? " and " + (reasons.size() - REASONS_IN_SUMMARY) + " more" : "");
    }

    private static List<String> severityFields(DigestParts parts) {
        List<String> fields = new ArrayList<>();
        parts.countsBySeverity().forEach((s, n) -> fields.add("*" + FindingBlock.severityLabel(s) + "*\n" + n));
        if (parts.muted() > 0) {
            fields.add("*Muted*\n" + parts.muted());
        }
        return fields;
    }

    private static String changes(DigestParts parts) {
        String s = "*What changed:* " + parts.listed(FindingState.NEW).size() + " new \u00b7 "
                + parts.listed(FindingState.STILL_OPEN).size() + " still open \u00b7 "
                + parts.resolved().size() + " resolved";
        int unchecked = parts.unchecked().size();
        return (unchecked > 0 ? s + " \u00b7 " + unchecked + " not re-checked" : s) + expiredMutes(parts);
    }

    /** Expired mutes, named with their reason, so whoever muted the finding renews or removes the entry. */
    private static String expiredMutes(DigestParts parts) {
        List<Mute> expired = parts.expiredMutes();
        if (expired.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n*").append(expired.size()).append(" mute").append(plural(expired.size()))
                .append(" expired, ignored now:* ");
        sb.append(expired.stream().limit(EXPIRED_MUTES_SHOWN).map(m -> SlackText.code(m.checkId()) + " on "
                + muteScope(m) + " (expired " + STARTED.format(m.expires()) + "; reason: "
                + SlackText.text(FindingBlock.clip(m.reason(), MUTE_REASON_LIMIT)) + ")").collect(Collectors.joining("; ")));
        if (expired.size() > EXPIRED_MUTES_SHOWN) {
            sb.append(" and ").append(expired.size() - EXPIRED_MUTES_SHOWN).append(" more");
        }
        return sb.append(". Their findings are listed again: renew or remove the entries in the config.").toString();
    }

    private static String muteScope(Mute m) {
        return switch (m.scope()) {
            case Mute.Scope.Target t -> "target " + SlackText.code(t.name());
            case Mute.Scope.Tag t -> "tag " + SlackText.code(t.key() + "=" + t.value());
        };
    }

    private static String uncheckedSummary(DigestParts parts) {
        List<StoredFinding> unchecked = parts.unchecked();
        return "*Not re-checked (" + unchecked.size() + "):* open after the last run, but this run could not check "
                + (unchecked.size() == 1 ? "it" : "them") + " again, so " + (unchecked.size() == 1 ? "it stays" : "they stay")
                + " open: " + unchecked.stream().limit(NAMES_IN_SUMMARY).map(u -> SlackText.code(u.key().value()))
                .collect(Collectors.joining(", "))
                + (unchecked.size() > NAMES_IN_SUMMARY ? " and " + (unchecked.size() - NAMES_IN_SUMMARY) + " more (in the thread)" : "")
                + ".";
    }

    private static String fallback(DigestParts parts) {
        Map<Severity, Integer> counts = parts.countsBySeverity();
        return "Ghostwatch audit: " + parts.listed(FindingState.NEW).size() + " new, "
                + parts.listed(FindingState.STILL_OPEN).size() + " still open, " + parts.resolved().size()
                + " resolved (" + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String quietLine(DigestParts parts) {
        int total = parts.targets();
        int open = parts.listed().size();
        StringBuilder sb = new StringBuilder("*All quiet:* nothing new or resolved across ").append(total)
                .append(" target").append(plural(total));
        if (open == 0) {
            sb.append("; nothing open");
        } else {
            sb.append("; ").append(open).append(" finding").append(plural(open)).append(" still open (")
                    .append(parts.countsBySeverity().entrySet().stream().filter(e -> e.getValue() > 0)
                            .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))).append(')');
        }
        if (parts.muted() > 0) {
            sb.append("; ").append(parts.muted()).append(" muted");
        }
        List<DigestPart.Unaudited> unaudited = parts.unaudited();
        if (!unaudited.isEmpty()) {
            sb.append("; not audited: ").append(unaudited.stream().limit(NAMES_IN_SUMMARY)
                    .map(t -> SlackText.code(t.target())).collect(Collectors.joining(", ")));
            if (unaudited.size() > NAMES_IN_SUMMARY) {
                sb.append(" and ").append(unaudited.size() - NAMES_IN_SUMMARY).append(" more");
            }
            String why = reasons(unaudited);
            if (why != null) {
                sb.append(" (").append(why).append(')');
            }
        }
        if (!parts.unchecked().isEmpty()) {
            sb.append("; ").append(parts.unchecked().size()).append(" not re-checked");
        }
        List<Mute> expired = parts.expiredMutes();
        if (!expired.isEmpty()) {
            sb.append("; ").append(expired.size()).append(" mute").append(plural(expired.size())).append(" expired (")
                    .append(expired.stream().limit(EXPIRED_MUTES_SHOWN).map(m -> SlackText.code(m.checkId()) + " on "
                            + muteScope(m)).collect(Collectors.joining(", ")))
                    .append(expired.size() > EXPIRED_MUTES_SHOWN ? " and " + (expired.size() - EXPIRED_MUTES_SHOWN)
                            + " more" : "")
                    .append("): renew or remove ").append(expired.size() == 1 ? "it" : "them").append(" in the config");
        }
        return SlackText.fit(sb.append('.').toString(), SlackText.SECTION_LIMIT);
    }

    // ---- the thread

    /**
     * The thread: each target's details, then the targets with nothing to fix, what was resolved and what was not
     * re-checked. Slack takes about one message a second in a channel, so a thread holds at most
     * {@code threadMessages}: past that, the remaining targets' details go into one text file in the thread, with the
     * same words, and a message says so. Targets are cut whole, in report order.
     */
    private List<ThreadItem> thread(Instant startedAt, DigestParts parts) {
        List<ThreadItem> tail = new ArrayList<>();
        List<String> clean = parts.cleanLines();
        if (!clean.isEmpty()) {
            tail.addAll(MessagePages.messages("Ghostwatch: targets with nothing to fix",
                    new ArrayList<>(MessagePages.sections("*Nothing to fix (" + clean.size() + "):*", clean))));
            tail.addAll(parts.cleanCharts());
        }
        List<StoredFinding> resolved = parts.resolved();
        if (!resolved.isEmpty()) {
            tail.addAll(MessagePages.messages("Ghostwatch: resolved since the last run", new ArrayList<>(MessagePages.sections(
                    "*Resolved since the last run (" + resolved.size() + "):*",
                    resolved.stream().map(DigestRenderer::storedLine).toList()))));
        }
        List<StoredFinding> unchecked = parts.unchecked();
        if (!unchecked.isEmpty()) {
            tail.addAll(MessagePages.messages("Ghostwatch: not re-checked this run", new ArrayList<>(MessagePages.sections(
                    "*Not re-checked this run (" + unchecked.size() + "), still open:*",
                    unchecked.stream().map(DigestRenderer::storedLine).toList()))));
        }
        List<TargetDetails> details = parts.details();
        long tailMessages = tail.stream().filter(i -> i instanceof SlackMessage).count();
        long detailMessages = details.stream().mapToLong(d -> d.messages().size()).sum();
        List<ThreadItem> items = new ArrayList<>();
        if (detailMessages + tailMessages <= threadMessages) {
            details.forEach(d -> items.addAll(d.items()));
        } else {
            long room = Math.max(0, threadMessages - tailMessages - 1); // one message says where the rest went
            int kept = 0;
            long used = 0;
            while (kept < details.size() && used + details.get(kept).messages().size() <= room) {
                used += details.get(kept).messages().size();
                items.addAll(details.get(kept++).items());
            }
            List<TargetDetails> overflow = details.subList(kept, details.size());
            DetailsFile file = detailsFile(startedAt, overflow);
            String note = "*Details for " + overflow.size() + " more target" + plural(overflow.size()) + "* are in the"
                    + " file `" + file.filename() + "` below: this thread stops at " + threadMessages + " messages"
                    + " (`slack.maxThreadMessages`), as Slack posts about one a second.";
            items.add(new SlackMessage("Ghostwatch: details for " + overflow.size() + " more targets in a file",
                    List.of(Blocks.section(note))));
            items.add(file);
        }
        items.addAll(tail);
        return items;
    }

    private static DetailsFile detailsFile(Instant startedAt, List<TargetDetails> overflow) {
        StringBuilder text = new StringBuilder("# Ghostwatch audit of ").append(STARTED.format(startedAt))
                .append(": details for ").append(overflow.size()).append(" target").append(plural(overflow.size()))
                .append("\n");
        for (TargetDetails d : overflow) {
            text.append("\n## ").append(d.target()).append("\n\n");
            d.messages().forEach(m -> text.append(BlockText.of(m.blocks())).append("\n"));
        }
        String filename = "ghostwatch-details-" + FILE_TIME.format(startedAt) + ".md";
        return new DetailsFile(filename, "Ghostwatch details: " + overflow.size() + " more target"
                + plural(overflow.size()), text.toString(), overflow.size());
    }

    private static boolean isClean(DigestView view, TargetReport t) {
        return t.status() == AuditStatus.AUDITED && t.error() == null && view.listed(t).isEmpty()
                && t.findings().stream().noneMatch(f -> f.status() == CheckStatus.ERROR);
    }

    private static List<LayoutBlock> targetBlocks(DigestView view, TargetReport t) {
        List<LayoutBlock> blocks = new ArrayList<>();
        StringBuilder head = new StringBuilder("*Target* ").append(SlackText.code(t.name())).append(" \u00b7 ")
                .append(SlackText.code(t.target().uri())).append(" \u00b7 ").append(t.kind().label()).append(" \u00b7 ")
                .append(t.status().name().toLowerCase(Locale.ROOT)).append(" \u00b7 ")
                .append(t.elasticache() != null ? SlackText.text(io.ghostwatch.core.render.ElastiCacheSummary.of(
                        t.elasticache())) : t.nodes().size() + " node" + plural(t.nodes().size()));
        if (t.error() != null) {
            head.append("\n*Problem:* ").append(SlackText.text(t.error()));
        }
        blocks.add(Blocks.section(head.toString()));
        for (DigestView.Listed l : view.listed(t)) {
            blocks.add(FindingBlock.of(l.key(), l.finding(), l.state(), true));
        }
        List<String> errors = t.findings().stream().filter(f -> f.status() == CheckStatus.ERROR)
                .map(f -> "\u2022 " + SlackText.code(f.node()) + " " + SlackText.code(f.checkId()) + ": "
                        + SlackText.text(f.detail())).toList();
        if (!errors.isEmpty()) {
            blocks.addAll(MessagePages.sections("*Could not check (" + errors.size() + "), not a pass:*", errors));
        }
        List<String> ghosts = ghostLines(t);
        if (!ghosts.isEmpty()) {
            blocks.addAll(MessagePages.sections("*Probable ghost connections:*", ghosts));
        }
        blocks.add(Blocks.context(count(t, CheckStatus.PASS) + " passed \u00b7 " + count(t, CheckStatus.NOT_APPLICABLE)
                + " not applicable \u00b7 " + view.mutedCount(t) + " muted \u00b7 audited in " + seconds(t.durationMs())));
        return blocks;
    }

    /** The key evidence of a leak: who holds connections idle past the ghost threshold, per node. */
    private static List<String> ghostLines(TargetReport t) {
        List<String> lines = new ArrayList<>();
        for (NodeReport n : t.nodes()) {
            if (n.snapshot() == null || !(n.snapshot().census() instanceof Readout.Known<ClientCensus>(ClientCensus c))
                    || c.isSkipped()) {
                continue;
            }
            for (ClientCensus.AddressCensus a : c.ghostHolders().stream().limit(GHOST_HOLDERS_PER_NODE).toList()) {
                StringBuilder sb = new StringBuilder("\u2022 ").append(SlackText.code(n.node().toString())).append(": ")
                        .append(a.probableGhosts()).append(" connection").append(plural(a.probableGhosts()))
                        .append(" idle for more than ").append(c.ghostIdleSeconds()).append(" s from ").append(SlackText.code(a.address()));
                if (!a.names().isEmpty()) {
                    sb.append(" (").append(a.names().stream().limit(NAMES_PER_HOLDER)
                            .map(name -> SlackText.code(FindingBlock.clip(name, 64))).collect(Collectors.joining(", ")));
                    int more = a.names().size() - NAMES_PER_HOLDER + a.namesOmitted();
                    sb.append(more > 0 ? " and " + more + " more)" : ")");
                }
                lines.add(sb.toString());
            }
        }
        return lines;
    }

    private static java.util.Optional<ChartUpload> chart(DigestView view, TargetReport t) {
        ChartImage image = view.input().charts().get(t.name());
        return image == null ? java.util.Optional.empty()
                : java.util.Optional.of(new ChartUpload(t.name(), filename(t.name()), image));
    }

    /** A file name Slack and every OS accept: the target name with anything but letters, digits, '.', '-' as '_'. */
    static String filename(String target) {
        return "ghostwatch-" + target.replaceAll("[^A-Za-z0-9.-]", "_") + "-trend.png";
    }

    private static String storedLine(StoredFinding f) {
        return "\u2022 " + SlackText.code(f.key().value()) + " (" + f.severity().name().toLowerCase(Locale.ROOT)
                + "), last: " + SlackText.text(f.detail());
    }

    private static long count(TargetReport t, CheckStatus status) {
        return t.findings().stream().filter(f -> f.status() == status).count();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
