package dev.scopedstore.internal;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Delivers one subscription's changes, one at a time, through the store's {@link DeliveryLoop}. Changes to a state that
 * arrive faster than the listener runs are coalesced to the newest, and a change older than
 * one already delivered is dropped, so per state the listener sees increasing versions and
 * always the latest. A listener that throws is logged; later deliveries go on.
 *
 * <p>The last version delivered of a state is remembered for {@link #REMEMBER_NANOS} after its
 * delivery: a state that expired sends nothing more, and a long subscription must not keep
 * every state it ever saw. Whenever the memory has doubled since the last look (at least
 * {@link #SWEEP_FLOOR} states), what is older than that is forgotten; a change that arrives
 * later than that after a newer one is not expected from any backend.
 *
 * <p>After {@link #close()} returns no delivery begins; close waits for one in progress, except
 * when a listener closes a subscription (its own or another), which must not wait for itself.
 */
final class CoalescingDispatcher {
    private static final System.Logger LOG = System.getLogger(CoalescingDispatcher.class.getName());
    /** How long a delivered version is remembered: ten minutes. */
    static final long REMEMBER_NANOS = 600_000_000_000L;
    /** The fewest remembered states that make a sweep due. */
    static final int SWEEP_FLOOR = 1024;

    /** Changes handed to a worker per turn, so that every subscription gets its turn. */
    static final int BATCH = 64;

    private final DeliveryLoop loop;
    private final Consumer<Change> listener;
    private final ReentrantLock delivering = new ReentrantLock();
    private final LongSupplier nanoTime;
    private final Map<StateId, Change> pending = new ConcurrentHashMap<>();
    private final Map<StateId, Delivered> delivered = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;
    /** Read and written by {@link #drain} only, which runs one at a time. */
    private int sweepAt = SWEEP_FLOOR;

    private record Delivered(long version, long atNanos) {
    }

    CoalescingDispatcher(DeliveryLoop loop, Consumer<Change> listener) {
        this(loop, listener, System::nanoTime);
    }

    /** As above, reading the time from {@code nanoTime} (for tests). */
    CoalescingDispatcher(DeliveryLoop loop, Consumer<Change> listener, LongSupplier nanoTime) {
        this.loop = loop;
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
        if (!DeliveryLoop.inWorker()) {
            delivering.lock(); // waits for a delivery in progress
            delivering.unlock();
        }
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            loop.ready(this);
        }
    }

    /**
     * Delivers up to {@link #BATCH} pending changes; called by one worker at a time.
     *
     * @return whether changes are left, so the dispatcher must be queued again
     */
    boolean drain(DeliveryLoop.Busy worker) {
        int delivered = 0;
        for (Iterator<StateId> ids = pending.keySet().iterator();
             ids.hasNext() && !closed && delivered < BATCH; ) {
            Change change = pending.remove(ids.next());
            if (change != null && isNewer(change)) {
                deliver(change, worker);
                delivered++;
            }
        }
        if (!pending.isEmpty() && !closed) {
            return true;
        }
        draining.set(false);
        // a change offered since the last look found the dispatcher still draining
        return !pending.isEmpty() && !closed && draining.compareAndSet(false, true);
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

    private void deliver(Change change, DeliveryLoop.Busy worker) {
        delivering.lock();
        try {
            if (closed) {
                return;
            }
            worker.busy(true);
            listener.accept(change);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "a listener of " + change.id() + " threw; it keeps"
                    + " receiving later changes", e);
        } finally {
            worker.busy(false);
            delivering.unlock();
        }
    }
}
