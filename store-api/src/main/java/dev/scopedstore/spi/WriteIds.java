package dev.scopedstore.spi;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write ids: unique per logical write across processes and restarts, so that a backend whose
 * driver may re-send a request after a lost reply applies the write at most once. An id is this
 * process's random prefix (64 bits from {@link SecureRandom}, base 36) and a counter.
 */
public final class WriteIds {
    private static final String PROCESS =
            Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private WriteIds() {
    }

    /** @return a write id never handed out before, by any process */
    public static String next() {
        return PROCESS + Long.toString(SEQUENCE.incrementAndGet(), 36);
    }

    /** @return this process's prefix of every id, for names that must be unique per process */
    public static String process() {
        return PROCESS;
    }
}
