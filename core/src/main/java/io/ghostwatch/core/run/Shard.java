package io.ghostwatch.core.run;

import io.ghostwatch.core.elasticache.CacheLocation;

/** What one shard of a run audits: a slice of the inventory, or one ElastiCache account and region. */
public sealed interface Shard {

    /** "targets 1-1000 of the inventory", "ElastiCache prod/us-east-1": for logs and the digest. */
    String label();

    /**
     * The inventory's targets at positions {@code from} (inclusive) to {@code to} (exclusive), in config order.
     */
    record Targets(int from, int to) implements Shard {
        public Targets {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("a target slice runs from a position to a later one, not " + from
                        + " to " + to);
            }
        }

        public int size() {
            return to - from;
        }

        @Override
        public String label() {
            return "targets " + (from + 1) + "-" + to + " of the inventory";
        }
    }

    /** Every cache of one ElastiCache account and region. */
    record ElastiCache(CacheLocation location) implements Shard {
        public ElastiCache {
            java.util.Objects.requireNonNull(location, "location");
        }

        @Override
        public String label() {
            return "ElastiCache " + location;
        }
    }
}
