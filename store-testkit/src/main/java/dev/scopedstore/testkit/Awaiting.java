package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: for what arrives asynchronously. */
public final class Awaiting {
    private static final long POLL_MILLIS = 5;

    private Awaiting() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param timeout the longest wait
     * @param condition what must become true
     * @param situation describes, when the wait fails, what was awaited and what was seen
     * @throws org.opentest4j.AssertionFailedError if the timeout passes first
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> situation) {
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                fail("not within " + timeout + ": " + situation.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting: " + situation.get(), e);
            }
        }
    }
}
