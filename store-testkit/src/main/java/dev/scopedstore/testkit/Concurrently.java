package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one body on many threads that start together, bounded in time. */
public final class Concurrently {

    /** The work of one thread. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param thread the thread's number, from 0
         * @throws Exception any failure, reported as the test's failure
         */
        void run(int thread) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * Starts {@code threads} threads at once (behind a latch) and waits for all of them.
     *
     * @param threads how many threads
     * @param timeout the longest the whole run may take
     * @param body what each thread does
     * @throws AssertionError naming the thread, if a thread fails or the timeout passes
     */
    public static void run(int threads, Duration timeout, Body body) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "kit-worker");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>(threads);
        try {
            for (int i = 0; i < threads; i++) {
                int thread = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(thread);
                    return null;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < threads; i++) {
                try {
                    futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("thread " + i + " of " + threads + " failed: "
                            + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    fail(threads + " threads did not finish within " + timeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while waiting for " + threads + " threads", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
