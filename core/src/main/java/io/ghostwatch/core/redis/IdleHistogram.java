package io.ghostwatch.core.redis;

import java.util.List;

/**
 * How long the clients that {@code timeout} applies to have been idle, in log-spaced buckets: enough to see
 * the gap between a healthy pool (idle seconds to minutes) and ghosts (idle hours to days) without keeping
 * one number per client.
 *
 * @param counts {@code counts[i]} = clients with idle in ({@code BOUNDS[i-1]}, {@code BOUNDS[i]}]; the last
 *               entry counts clients idle longer than the last bound
 */
public record IdleHistogram(List<Integer> counts) {

    /** Upper bounds of the buckets, in seconds. */
    public static final List<Long> BOUNDS = List.of(1L, 5L, 10L, 30L, 60L, 120L, 300L, 600L, 900L, 1_800L, 3_600L,
            7_200L, 14_400L, 28_800L, 43_200L, 86_400L, 172_800L, 604_800L);

    public IdleHistogram {
        counts = List.copyOf(counts);
        if (counts.size() != BOUNDS.size() + 1) {
            throw new IllegalArgumentException("an idle histogram has " + (BOUNDS.size() + 1) + " buckets, got " + counts.size());
        }
    }

    public static IdleHistogram empty() {
        return new IdleHistogram(java.util.Collections.nCopies(BOUNDS.size() + 1, 0));
    }

    /** A copy with one more client idle for {@code idleSeconds}. */
    static int bucketOf(long idleSeconds) {
        for (int i = 0; i < BOUNDS.size(); i++) {
            if (idleSeconds <= BOUNDS.get(i)) {
                return i;
            }
        }
        return BOUNDS.size();
    }

    static IdleHistogram of(int[] counts) {
        return new IdleHistogram(java.util.Arrays.stream(counts).boxed().toList());
    }

    public int total() {
        return counts.stream().mapToInt(Integer::intValue).sum();
    }

    /** Clients idle longer than {@code seconds}, which must be one of {@link #BOUNDS}. */
    public int idleLongerThan(long seconds) {
        int index = BOUNDS.indexOf(seconds);
        if (index < 0) {
            throw new IllegalArgumentException(seconds + " s is not a bucket bound; bounds: " + BOUNDS);
        }
        int n = 0;
        for (int i = index + 1; i < counts.size(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** Clients idle longer than {@code from} and at most {@code to} (both bucket bounds). */
    public int idleBetween(long from, long to) {
        return idleLongerThan(from) - idleLongerThan(to);
    }
}
