package io.ghostwatch.core.findings;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.config.Mute;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.slack.FindingKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which failing findings of a run the config's mutes cover, and which mutes have expired.
 *
 * @param muted   failing findings covered by a mute still in force: counted in the digest, not listed
 * @param expired mutes past their expiry that cover a target of this run: ignored, and named in the digest so they
 *                are renewed or removed (a mute for targets this run did not audit is none of its business)
 */
public record Muting(Set<FindingKey> muted, List<Mute> expired) {

    public Muting {
        muted = java.util.Collections.unmodifiableSet(new TreeSet<>(muted));
        expired = List.copyOf(expired);
    }

    public static Muting of(AuditReport report, List<Mute> mutes, Instant now) {
        List<Mute> active = mutes.stream().filter(m -> !m.expiredAt(now)).toList();
        List<Mute> expired = mutes.stream().filter(m -> m.expiredAt(now))
                .filter(m -> report.targets().stream().anyMatch(t -> m.scope().covers(t.name(), t.target().tags())))
                .toList();
        Set<FindingKey> muted = new TreeSet<>();
        for (TargetReport t : report.targets()) {
            for (Finding f : t.findings()) {
                if (f.status() == CheckStatus.FAIL
                        && active.stream().anyMatch(m -> m.covers(t.name(), t.target().tags(), f.checkId()))) {
                    muted.add(FindingKey.of(t, f));
                }
            }
        }
        return new Muting(muted, expired);
    }
}
