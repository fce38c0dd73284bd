package dev.scopedstore.internal;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Delivers one subscription's changes on an executor, one at a time. Changes to a state that
 * arrive faster than the listener runs are coalesced to the newest, and a change older than
 * one already delivered is dropped, so per state the listener sees increasing versions and
 * always the latest. A listener that throws is logged; later deliveries go on.
 *
 * <p>The last version delivered of a state is remembered for {@link #REMEMBER_NANOS} after its
 * delivery: a state that expired sends nothing more, and a long subscription must not keep
 * every state it ever saw. Whenever the memory has doubled since the last look (at least
 * {@link #SWEEP_FLOOR} states), what is older than that is forgotten; a change that arrives
 * later than that after a newer one is not expected from any backend.
 */
final class CoalescingDispatcher {
    private static final System.Logger LOG = System.getLogger(CoalescingDispatcher.class.getName());
    /** How long a delivered version is remembered: ten minutes. */
    static final long REMEMBER_NANOS = 600_000_000_000L;
    /** The fewest remembered states that make a sweep due. */
    static final int SWEEP_FLOOR = 1024;

    private final Executor executor;
    private final Consumer<Change> listener;
    private final LongSupplier nanoTime;
    private final Map<StateId, Change> pending = new ConcurrentHashMap<>();
    private final Map<StateId, Delivered> delivered = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;
    /** Read and written by {@link #drain} only, which runs one at a time. */
    private int sweepAt = SWEEP_FLOOR;

    private record Delivered(long version, long atNanos) {
    }

    CoalescingDispatcher(Executor executor, Consumer<Change> listener) {
        this(executor, listener, System::nanoTime);
    }

    /** As above, reading the time from {@code nanoTime} (for tests). */
    CoalescingDispatcher(Executor executor, Consumer<Change> listener, LongSupplier nanoTime) {
        this.executor = executor;
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /** @return how many states' delivered versions are remembered now */
    int remembered() {
        return delivered.size();
    }

    /** Queues a change; called on the backend's thread, returns at once. */
    void offer(Change change) {
        if (closed) {
            return;
        }
        pending.merge(change.id(), change, (old, now) -> now.version() > old.version() ? now : old);
        schedule();
    }

    void close() {
        closed = true;
        pending.clear();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                LOG.log(System.Logger.Level.WARNING, "listener executor rejected a delivery", e);
            }
        }
    }

    private void drain() {
        try {
            for (Iterator<StateId> ids = pending.keySet().iterator(); ids.hasNext() && !closed; ) {
                Change change = pending.remove(ids.next());
                if (change != null && isNewer(change)) {
                    deliver(change);
                }
            }
        } finally {
            draining.set(false);
        }
        if (!pending.isEmpty() && !closed) {
            schedule();
        }
    }

    private boolean isNewer(Change change) {
        Delivered last = delivered.get(change.id());
        if (last != null && last.version() >= change.version()) {
            return false;
        }
        long now = nanoTime.getAsLong();
        delivered.put(change.id(), new Delivered(change.version(), now));
        if (delivered.size() > sweepAt) {
            delivered.values().removeIf(d -> now - d.atNanos() > REMEMBER_NANOS);
            sweepAt = Math.max(SWEEP_FLOOR, 2 * delivered.size());
        }
        return true;
    }

    private void deliver(Change change) {
        try {
            listener.accept(change);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "a listener of " + change.id() + " threw; it keeps"
                    + " receiving later changes", e);
        }
    }
}
