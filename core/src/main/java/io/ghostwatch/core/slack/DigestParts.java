package io.ghostwatch.core.slack;

import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A run's digest parts taken together: the totals, the merged lists in digest order and the thread posts in report
 * order, computed once. Parts come in report order (shard order); each finding and each target is in one part only.
 */
public final class DigestParts {

    private final List<DigestPart> parts;
    private final List<DigestPart.Listed> listed;
    private final List<StoredFinding> resolved;
    private final List<StoredFinding> unchecked;
    private final List<Mute> expiredMutes;
    private final Map<Severity, Integer> counts = new EnumMap<>(Severity.class);

    public DigestParts(List<DigestPart> parts) {
        this.parts = List.copyOf(parts);
        this.listed = this.parts.stream().flatMap(p -> p.listed().stream()).sorted(DigestPart.Listed.ORDER).toList();
        this.resolved = sortedByKey(this.parts.stream().flatMap(p -> p.resolved().stream()).toList());
        this.unchecked = sortedByKey(this.parts.stream().flatMap(p -> p.unchecked().stream()).toList());
        this.expiredMutes = List.copyOf(new LinkedHashSet<>(this.parts.stream()
                .flatMap(p -> p.expiredMutes().stream()).toList()));
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        listed.forEach(l -> counts.merge(l.severity(), 1, Integer::sum));
    }

    public static DigestParts of(DigestPart... parts) {
        return new DigestParts(List.of(parts));
    }

    public List<DigestPart> parts() {
        return parts;
    }

    public int targets() {
        return parts.stream().mapToInt(DigestPart::targets).sum();
    }

    public int auditedTargets() {
        return targets() - unaudited().size();
    }

    public List<DigestPart.Unaudited> unaudited() {
        return parts.stream().flatMap(p -> p.unaudited().stream()).toList();
    }

    public int uncheckedChecks() {
        return parts.stream().mapToInt(DigestPart::uncheckedChecks).sum();
    }

    public int muted() {
        return parts.stream().mapToInt(DigestPart::muted).sum();
    }

    /** Every failing, unmuted finding of the run: new first, then worst first, then by key. */
    public List<DigestPart.Listed> listed() {
        return listed;
    }

    public List<DigestPart.Listed> listed(FindingState state) {
        return listed.stream().filter(l -> l.state() == state).toList();
    }

    /** Listed findings counted by severity, most severe first, every severity present. */
    public Map<Severity, Integer> countsBySeverity() {
        return new EnumMap<>(counts);
    }

    public List<StoredFinding> resolved() {
        return resolved;
    }

    public List<StoredFinding> unchecked() {
        return unchecked;
    }

    /** Each expired mute once, in the order the parts name them. */
    public List<Mute> expiredMutes() {
        return expiredMutes;
    }

    /** Nothing new and nothing resolved: the digest is one line. */
    public boolean quiet() {
        return listed(FindingState.NEW).isEmpty() && resolved.isEmpty();
    }

    private static List<StoredFinding> sortedByKey(List<StoredFinding> findings) {
        return findings.stream().sorted(Comparator.comparing(StoredFinding::key)).toList();
    }

    /** Thread posts of the targets with something to show, in report order. */
    List<TargetDetails> details() {
        return parts.stream().flatMap(p -> p.details().stream()).toList();
    }

    List<String> cleanLines() {
        return parts.stream().flatMap(p -> p.cleanLines().stream()).toList();
    }

    List<ChartUpload> cleanCharts() {
        return parts.stream().flatMap(p -> p.cleanCharts().stream()).toList();
    }

    /** The digest blocks of the first {@code n} listed findings; every part gave blocks for at least its first n. */
    List<com.slack.api.model.block.LayoutBlock> blocks(int n) {
        List<com.slack.api.model.block.LayoutBlock> blocks = new ArrayList<>();
        for (DigestPart.Listed l : listed.subList(0, Math.min(n, listed.size()))) {
            if (l.block() == null) {
                throw new IllegalStateException("finding " + l.key() + " is among the first " + n
                        + " of the run but its part carries no digest block: the parts were rendered for fewer findings");
            }
            blocks.add(l.block());
        }
        return blocks;
    }
}
