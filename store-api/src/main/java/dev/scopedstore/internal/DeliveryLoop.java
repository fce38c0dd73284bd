package dev.scopedstore.internal;

import dev.scopedstore.spi.DaemonThreads;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs the subscriptions of one store that have changes to deliver ({@link CoalescingDispatcher}s)
 * on the listener executor with a few workers, instead of one task per subscription: 10,000
 * subscriptions that each get a change cost 10,000 queue offers and at most
 * {@link #parallelism} wake-ups. A worker drains one dispatcher a bounded batch at a time, then
 * takes the next, so every subscription gets its turn.
 *
 * <p>A slow listener disturbs nobody else: a worker inside one listener call for longer than
 * {@link #STUCK_NANOS} no longer counts against the parallelism, so another worker starts for
 * the subscriptions waiting behind it, at the next ready subscription or at the next look of
 * the watchdog (every {@link #STUCK_NANOS}, one daemon thread for every store).
 */
final class DeliveryLoop {
    private static final System.Logger LOG = System.getLogger(DeliveryLoop.class.getName());
    /** How long one listener call may take before its worker is set aside: 50 ms. */
    static final long STUCK_NANOS = 50_000_000L;
    /** How long an idle worker waits for more before it ends: 2 ms. */
    static final long LINGER_NANOS = 2_000_000L;
    /** Whether the current thread is one of this class's workers (of any store). */
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);
    private static final ScheduledExecutorService WATCHDOG = DaemonThreads.scheduler("scoped-store-delivery-watchdog");

    private final Executor executor;
    private final int parallelism;
    private final LongSupplier nanoTime;
    private final Queue<CoalescingDispatcher> ready = new ConcurrentLinkedQueue<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private final ScheduledFuture<?> watch;

    DeliveryLoop(Executor executor, int parallelism) {
        this(executor, parallelism, System::nanoTime);
    }

    /** As above, reading the time from {@code nanoTime} (for tests). */
    DeliveryLoop(Executor executor, int parallelism, LongSupplier nanoTime) {
        this.executor = executor;
        this.parallelism = parallelism;
        this.nanoTime = nanoTime;
        this.watch = WATCHDOG.scheduleWithFixedDelay(this::rescue, STUCK_NANOS, STUCK_NANOS,
                TimeUnit.NANOSECONDS);
    }

    /** Stops the watchdog's looks; deliveries in progress go on. */
    void close() {
        watch.cancel(false);
    }

    /** @return whether the current thread is delivering a change, i.e. runs a listener */
    static boolean inWorker() {
        return IN_WORKER.get();
    }

    /** Queues a dispatcher that has changes; it must not be queued already. */
    void ready(CoalescingDispatcher dispatcher) {
        ready.add(dispatcher);
        if (running.get() - stuck() < parallelism) {
            start();
        }
    }

    /** Starts a worker for waiting subscriptions when the running ones are all stuck. */
    private void rescue() {
        if (!ready.isEmpty() && running.get() - stuck() < parallelism) {
            start();
        }
    }

    /** @return how many workers are in one listener call for longer than {@link #STUCK_NANOS} */
    private int stuck() {
        if (running.get() < parallelism) {
            return 0; // no need to look
        }
        long now = nanoTime.getAsLong();
        int stuck = 0;
        for (Worker worker : workers) {
            long since = worker.busySince;
            if (since != 0 && now - since > STUCK_NANOS) {
                stuck++;
            }
        }
        return stuck;
    }

    private void start() {
        running.incrementAndGet();
        Worker worker = new Worker();
        workers.add(worker);
        try {
            executor.execute(worker);
        } catch (RejectedExecutionException e) {
            workers.remove(worker);
            running.decrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "the listener executor rejected a delivery", e);
        }
    }

    /** Takes ready dispatchers until none is left. */
    private final class Worker implements Runnable, Busy {
        /** When the listener call in progress began, or {@code 0} between calls. */
        volatile long busySince;

        @Override
        public void run() {
            IN_WORKER.set(true);
            try {
                while (true) {
                    CoalescingDispatcher next = ready.poll();
                    if (next == null) {
                        next = awaitReady();
                    }
                    if (next == null) {
                        running.decrementAndGet();
                        // a dispatcher queued since the poll saw this worker still running: recheck
                        if (ready.isEmpty() || !claim()) {
                            return;
                        }
                        continue;
                    }
                    if (next.drain(this)) {
                        ready.add(next); // more to deliver: back of the line
                    }
                }
            } finally {
                workers.remove(this);
                IN_WORKER.set(false);
            }
        }

        /**
         * Lingers briefly for the next ready dispatcher: a burst of changes offered one by one
         * then keeps its workers instead of waking one per change.
         */
        private CoalescingDispatcher awaitReady() {
            long until = nanoTime.getAsLong() + LINGER_NANOS;
            while (nanoTime.getAsLong() - until < 0) {
                LockSupport.parkNanos(LINGER_NANOS / 20);
                CoalescingDispatcher next = ready.poll();
                if (next != null) {
                    return next;
                }
            }
            return null;
        }

        @Override
        public void busy(boolean busy) {
            busySince = busy ? Math.max(1, nanoTime.getAsLong()) : 0;
        }

        private boolean claim() {
            while (true) {
                int n = running.get();
                if (n - stuck() >= parallelism) {
                    return false;
                }
                if (running.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }
    }

    /** What a dispatcher tells its worker around each listener call. */
    interface Busy {
        /** @param busy whether a listener call starts ({@code true}) or has ended */
        void busy(boolean busy);
    }
}
