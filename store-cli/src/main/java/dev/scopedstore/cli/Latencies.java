package dev.scopedstore.cli;

import java.util.Locale;

/**
 * A latency histogram with buckets about 3% wide (32 per power of two), for {@code bench}:
 * one per thread and operation, recorded without locks, merged at the end.
 */
final class Latencies {
    private static final int SUB = 32;
    private static final int SUB_BITS = 5;

    private final long[] counts = new long[64 * SUB];
    private long total;

    /** @param nanos one operation's latency */
    void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    /** @param other latencies to add to these */
    void add(Latencies other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** @return how many latencies were recorded */
    long count() {
        return total;
    }

    /**
     * @param fraction e.g. 0.99
     * @return the latency below which that fraction of operations ran, in nanoseconds (the
     *     lower bound of its bucket); 0 if nothing was recorded
     */
    long percentile(double fraction) {
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowerBound(i);
            }
        }
        return 0;
    }

    static int index(long nanos) {
        if (nanos < SUB) {
            return (int) nanos;
        }
        int shift = 63 - Long.numberOfLeadingZeros(nanos) - SUB_BITS;
        return (shift + 1) * SUB + (int) (nanos >>> shift) - SUB;
    }

    static long lowerBound(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        return (long) (SUB + index % SUB) << shift;
    }

    /** @return e.g. {@code 850 ns}, {@code 12.4 µs}, {@code 3.10 ms} */
    static String format(long nanos, String micro) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f %ss", nanos / 1e3, micro);
        }
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
