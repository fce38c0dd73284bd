package dev.scopedstore.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of atomic writes, unique across processes and restarts: a random per-process prefix and
 * a counter. Cheaper than a random UUID per write, which would dominate an in-memory increment.
 */
final class OperationIds {
    private static final String PREFIX = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final AtomicLong COUNTER = new AtomicLong();

    private OperationIds() {
    }

    static String next() {
        return PREFIX + Long.toString(COUNTER.incrementAndGet(), 36);
    }
}
