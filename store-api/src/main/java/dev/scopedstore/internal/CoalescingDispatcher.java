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

/**
 * Delivers one subscription's changes on an executor, one at a time. Changes to a state that
 * arrive faster than the listener runs are coalesced to the newest, and a change older than
 * one already delivered is dropped, so per state the listener sees increasing versions and
 * always the latest. A listener that throws is logged; later deliveries go on.
 */
final class CoalescingDispatcher {
    private static final System.Logger LOG = System.getLogger(CoalescingDispatcher.class.getName());

    private final Executor executor;
    private final Consumer<Change> listener;
    private final Map<StateId, Change> pending = new ConcurrentHashMap<>();
    private final Map<StateId, Long> delivered = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;

    CoalescingDispatcher(Executor executor, Consumer<Change> listener) {
        this.executor = executor;
        this.listener = listener;
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
        Long last = delivered.get(change.id());
        if (last != null && last >= change.version()) {
            return false;
        }
        delivered.put(change.id(), change.version());
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
