package dev.scopedstore.spi;

import java.util.function.Supplier;

/**
 * The waits of a backend's retries, with one behaviour on interrupt everywhere: the thread's
 * interrupt flag is kept, and the wait ends at once, either by throwing what the caller names
 * (an operation that cannot go on) or by returning {@code false} (a background task that stops).
 * The facade's compare-and-set back-off keeps the same rule.
 */
public final class Pause {
    private Pause() {
    }

    /**
     * @param millis how long to wait
     * @param onInterrupt what to throw if the thread is interrupted
     * @throws RuntimeException from {@code onInterrupt}, with the interrupt flag kept
     */
    public static void sleep(long millis, Supplier<? extends RuntimeException> onInterrupt) {
        if (!sleep(millis)) {
            throw onInterrupt.get();
        }
    }

    /**
     * @param millis how long to wait
     * @return {@code false} if the thread was interrupted (its flag is kept)
     */
    public static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
