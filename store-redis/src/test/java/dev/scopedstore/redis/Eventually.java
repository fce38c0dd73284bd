package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that other threads or processes make true, failing after a deadline. */
final class Eventually {
    private Eventually() {
    }

    static void await(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + within);
            Thread.sleep(50);
        }
    }
}
