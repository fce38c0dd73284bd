package dev.scopedstore.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Jittered exponential back-off within a deadline, for the facade's compare-and-set retries. On
 * interrupt it behaves as {@link dev.scopedstore.spi.Pause} does: the flag is kept and the
 * retries end at once.
 */
final class Backoff {
    private static final long FIRST_NANOS = 50_000;
    private static final long MAX_NANOS = 50_000_000;

    private final long deadline;
    private long ceiling = FIRST_NANOS;
    private boolean first = true;

    Backoff(Duration budget) {
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    /**
     * Waits before the next attempt; the first retry runs at once.
     *
     * @return whether another attempt fits in the budget; {@code false} at once if the thread is
     *     interrupted (its flag kept)
     */
    boolean pause() {
        long left = deadline - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (first) {
            first = false;
            return true;
        }
        LockSupport.parkNanos(Math.min(left, ThreadLocalRandom.current().nextLong(ceiling) + 1));
        ceiling = Math.min(MAX_NANOS, ceiling * 2);
        return !Thread.currentThread().isInterrupted() && System.nanoTime() < deadline;
    }
}
