package dev.scopedstore.internal;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.ChangeFeedListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One subscription of a store or a state: it listens on the backend's feed and delivers the
 * changes, one at a time, through the store's {@link DeliveryLoop}. Changes to a state that
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
 * <p>{@link #close()} closes the feed; after it returns no delivery begins. It waits for one in
 * progress, except when a listener closes a subscription (its own or another), which must not
 * wait for itself. Closing twice does nothing. A store may hold many thousands of these, so
 * one holds no more than its queue, its lock and what it has delivered.
 */
final class CoalescingDispatcher implements ChangeFeedListener, Subscription {
    private static final System.Logger LOG = System.getLogger(CoalescingDispatcher.class.getName());
    /** How long a delivered version is remembered: ten minutes. */
    static final long REMEMBER_NANOS = 600_000_000_000L;
    /** The fewest remembered states that make a sweep due. */
    static final int SWEEP_FLOOR = 1024;

    /** Changes handed to a worker per turn, so that every subscription gets its turn. */
    static final int BATCH = 64;

    private static final VarHandle DRAINING;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DRAINING = lookup.findVarHandle(CoalescingDispatcher.class, "draining", boolean.class);
            CLOSED = lookup.findVarHandle(CoalescingDispatcher.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DeliveryLoop loop;
    private final Consumer<Change> listener;
    /** Held while a listener runs; also guards {@link #delivered}. */
    private final ReentrantLock delivering = new ReentrantLock();
    private final LongSupplier nanoTime;
    private final Map<StateId, Change> pending = new ConcurrentHashMap<>();
    /** The last version delivered of each state; made on the first delivery. */
    private Map<StateId, Delivered> delivered;
    /** The backend feed this listens on, or {@code null} while there is none. */
    private volatile Subscription feed;
    /** Whether this is queued in, or drained by, the loop. */
    private volatile boolean draining;
    private volatile boolean closed;
    /** Read and written under {@link #delivering}. */
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

    /**
     * Opens a subscription on a backend feed.
     *
     * @param loop the store's deliveries
     * @param listener receives the changes, one at a time
     * @param subscribe subscribes the given feed listener to the backend
     * @return the subscription; closing it closes the feed, then stops the deliveries
     */
    static Subscription open(DeliveryLoop loop, Consumer<Change> listener,
                             Function<ChangeFeedListener, Subscription> subscribe) {
        CoalescingDispatcher dispatcher = new CoalescingDispatcher(loop, listener);
        dispatcher.feed = subscribe.apply(dispatcher);
        return dispatcher;
    }

    /** @return how many states' delivered versions are remembered now */
    int remembered() {
        delivering.lock();
        try {
            return delivered == null ? 0 : delivered.size();
        } finally {
            delivering.unlock();
        }
    }

    /** Queues a change; called on the backend's thread, returns at once. */
    @Override
    public void onChange(Change change) {
        if (closed) {
            return;
        }
        pending.merge(change.id(), change, (old, now) -> now.version() > old.version() ? now : old);
        schedule();
    }

    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        try {
            Subscription subscribed = feed;
            if (subscribed != null) {
                subscribed.close();
            }
        } finally {
            pending.clear();
            if (!DeliveryLoop.inWorker()) {
                delivering.lock(); // waits for a delivery in progress
                delivering.unlock();
            }
        }
    }

    private void schedule() {
        if (DRAINING.compareAndSet(this, false, true)) {
            loop.ready(this);
        }
    }

    /**
     * Delivers up to {@link #BATCH} pending changes; called by one worker at a time.
     *
     * @return whether changes are left, so the dispatcher must be queued again
     */
    boolean drain(DeliveryLoop.Busy worker) {
        int count = 0;
        for (Iterator<StateId> ids = pending.keySet().iterator();
             ids.hasNext() && !closed && count < BATCH; ) {
            Change change = pending.remove(ids.next());
            if (change != null && deliver(change, worker)) {
                count++;
            }
        }
        if (!pending.isEmpty() && !closed) {
            return true;
        }
        draining = false;
        // a change offered since the last look found the dispatcher still draining
        return !pending.isEmpty() && !closed && DRAINING.compareAndSet(this, false, true);
    }

    /** @return whether the change was newer than the last delivered, so the listener got it */
    private boolean deliver(Change change, DeliveryLoop.Busy worker) {
        delivering.lock();
        try {
            if (closed || !isNewer(change)) {
                return false;
            }
            worker.busy(true);
            try {
                listener.accept(change);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "a listener of " + change.id() + " threw; it keeps"
                        + " receiving later changes", e);
            } finally {
                worker.busy(false);
            }
            return true;
        } finally {
            delivering.unlock();
        }
    }

    /** Under {@link #delivering}: records the change's version if it is newer than the last. */
    private boolean isNewer(Change change) {
        if (delivered == null) {
            delivered = new HashMap<>();
        }
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
}
