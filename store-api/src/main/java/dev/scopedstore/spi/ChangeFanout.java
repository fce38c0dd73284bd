package dev.scopedstore.spi;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Hands each change to the in-process subscribers whose filter covers it: the part of a change
 * feed every backend needs once its changes have arrived. Subscriptions are indexed by scope, so
 * a change costs what its own subscribers cost, never a look at the others: one lookup for the
 * subscriptions of its scope, one per ancestor for the nested ones (a scope of depth d costs at
 * most d lookups, none at a depth where nobody subscribed nested), plus those of every scope.
 * Subscribing and closing cost O(1); all three are safe from any number of threads at once. A change published while a
 * subscription closes may still reach it; none published after its close returned does. A
 * listener that throws is logged and does not stop the others.
 */
public final class ChangeFanout {
    private static final System.Logger LOG = System.getLogger(ChangeFanout.class.getName());
    /** Depths from this one on share one count of nested subscriptions. */
    private static final int DEEPEST_COUNTED = 63;

    /** The subscriptions of each scope: of exactly it, and of it with everything nested. */
    private final Map<Scope, Subscribers> byScope = new ConcurrentHashMap<>();
    /** Subscriptions of every scope. */
    private final Set<Entry> everything = ConcurrentHashMap.newKeySet();
    /** How many nested subscriptions there are of scopes of each depth: a walk skips the rest. */
    private final AtomicIntegerArray nestedAtDepth = new AtomicIntegerArray(DEEPEST_COUNTED + 1);
    private final AtomicInteger count = new AtomicInteger();
    /** How many subscriptions of every scope there are (cheaper to read than the set's size). */
    private final AtomicInteger everywhere = new AtomicInteger();

    /**
     * @param filter which scopes
     * @param listener receives matching changes
     * @return closing it removes the listener; closing twice does nothing
     */
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        Entry entry = new Entry(listener);
        count.incrementAndGet();
        if (filter.scope() == null) {
            everything.add(entry);
            everywhere.incrementAndGet();
            return () -> {
                if (everything.remove(entry)) {
                    everywhere.decrementAndGet();
                    count.decrementAndGet();
                }
            };
        }
        Scope scope = filter.scope();
        boolean nested = filter.nested();
        byScope.compute(scope, (s, subscribers) -> {
            Subscribers those = subscribers == null ? new Subscribers() : subscribers;
            (nested ? those.nested : those.exact).add(entry);
            if (nested) {
                nestedAtDepth.incrementAndGet(depthSlot(scope));
            }
            return those;
        });
        return () -> byScope.computeIfPresent(scope, (s, those) -> {
            if ((nested ? those.nested : those.exact).remove(entry)) {
                count.decrementAndGet();
                if (nested) {
                    nestedAtDepth.decrementAndGet(depthSlot(scope));
                }
            }
            return those.exact.isEmpty() && those.nested.isEmpty() ? null : those;
        });
    }

    /** @return whether anybody listens; lets a hot path skip building a {@link Change} */
    public boolean hasSubscribers() {
        return count.get() > 0;
    }

    /**
     * @param scope a scope
     * @return whether a change of it has a subscriber here; a backend can skip building it if not
     */
    public boolean covers(Scope scope) {
        // small enough to inline into every backend's write path; the lookups live apart
        int subscriptions = count.get();
        return subscriptions != 0 && (everywhere.get() > 0 || coveredByScope(scope));
    }

    private boolean coveredByScope(Scope scope) {
        if (byScope.get(scope) != null) {
            return true;   // an entry is removed with its last subscription
        }
        for (Scope ancestor = nextNestedAncestor(scope.parent()); ancestor != null;
             ancestor = nextNestedAncestor(ancestor.parent())) {
            Subscribers those = byScope.get(ancestor);
            if (those != null && !those.nested.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Publishes a write, building its {@link Change} only if somebody here covers its scope.
     *
     * @param written the state as written, or {@code null} if nothing was written
     */
    public void publishWrite(StoredState written) {
        if (written != null && covers(written.id().scope())) {
            publish(new Change(written.id(), written.value(), written.version(), false));
        }
    }

    /**
     * Publishes a deletion, building its {@link Change} only if somebody here covers its scope.
     *
     * @param id the deleted state
     * @param version the version of the deletion
     */
    public void publishDeletion(StateId id, long version) {
        if (covers(id.scope())) {
            publish(new Change(id, null, version, true));
        }
    }

    /** @param change delivered to every subscriber whose filter covers its scope */
    public void publish(Change change) {
        if (count.get() == 0) {
            return;
        }
        Scope scope = change.id().scope();
        Subscribers own = byScope.get(scope);
        if (own != null) {
            deliver(own.exact, change);
            deliver(own.nested, change);
        }
        for (Scope ancestor = nextNestedAncestor(scope.parent()); ancestor != null;
             ancestor = nextNestedAncestor(ancestor.parent())) {
            Subscribers those = byScope.get(ancestor);
            if (those != null) {
                deliver(those.nested, change);
            }
        }
        if (everywhere.get() > 0) {
            deliver(everything, change);
        }
    }

    /** @return {@code scope} or its nearest ancestor at a depth that has nested subscriptions */
    private Scope nextNestedAncestor(Scope scope) {
        Scope candidate = scope;
        while (candidate != null && nestedAtDepth.get(depthSlot(candidate)) == 0) {
            candidate = candidate.parent();
        }
        return candidate;
    }

    private static int depthSlot(Scope scope) {
        return Math.min(scope.depth(), DEEPEST_COUNTED);
    }

    private static void deliver(Set<Entry> entries, Change change) {
        for (Entry entry : entries) {
            try {
                entry.listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a change listener threw on " + change.id(), e);
            }
        }
    }

    /** The subscriptions of one scope. */
    private static final class Subscribers {
        final Set<Entry> exact = ConcurrentHashMap.newKeySet();
        final Set<Entry> nested = ConcurrentHashMap.newKeySet();
    }

    /** One subscription; identity, not the listener, tells two apart. */
    private static final class Entry {
        private final ChangeFeedListener listener;

        Entry(ChangeFeedListener listener) {
            this.listener = listener;
        }
    }
}
