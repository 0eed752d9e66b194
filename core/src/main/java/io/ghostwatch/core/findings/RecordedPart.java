package io.ghostwatch.core.findings;

import io.ghostwatch.core.slack.DigestPart;

/**
 * What storing the findings of some of a run's targets leaves for the run's digest: a whole run audited in one process
 * makes one, each shard of a sharded run one ({@link DigestPublisher#record}).
 *
 * @param findings how many findings of those targets the store holds now
 * @param part     their share of the digest, rendered against what the channel was last told; null when the config
 *                 has no {@code slack:} section
 */
public record RecordedPart(int findings, DigestPart part) {
    public RecordedPart {
        if (findings < 0) {
            throw new IllegalArgumentException("findings " + findings + " < 0");
        }
    }
}
