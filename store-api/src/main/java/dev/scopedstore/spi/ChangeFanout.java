package dev.scopedstore.spi;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Hands each change to the in-process subscribers whose filter covers it: the part of a change
 * feed every backend needs once its changes have arrived. Subscriptions are indexed by scope, so
 * a change costs what its own subscribers cost, never a look at the others: one lookup for the
 * subscriptions of its scope, one per ancestor for the nested ones (a scope of depth d costs at
 * most d lookups, none at a depth where nobody subscribed nested), plus those of every scope.
 * A scope nobody subscribed to is usually ruled out by one array read ({@link ScopeBits}), before
 * any lookup. Subscribing and closing cost O(1) amortised; all three are safe from any number of
 * threads at once. A change published while a
 * subscription closes may still reach it; none published after its close returned does. A
 * listener that throws is logged and does not stop the others.
 */
public final class ChangeFanout {
    private static final System.Logger LOG = System.getLogger(ChangeFanout.class.getName());
    /** Depths from this one on share one count of nested subscriptions. */
    private static final int DEEPEST_COUNTED = 63;
    private static final VarHandle COUNT;
    private static final VarHandle EVERYWHERE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(ChangeFanout.class, "count", int.class);
            EVERYWHERE = lookup.findVarHandle(ChangeFanout.class, "everywhere", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The subscriptions of each scope: of exactly it, and of it with everything nested. */
    private final Map<Scope, Subscribers> byScope = new ConcurrentHashMap<>();
    /** Subscriptions of every scope. */
    private final Set<Entry> everything = ConcurrentHashMap.newKeySet();
    /** How many nested subscriptions there are of scopes of each depth: a walk skips the rest. */
    private final AtomicIntegerArray nestedAtDepth = new AtomicIntegerArray(DEEPEST_COUNTED + 1);
    /** Bit d set while {@link #nestedAtDepth}[d] may be above 0; changed under {@link #bits}' lock. */
    private volatile long nestedDepths;
    // plain fields through VarHandles: the write path reads them without a hop to another object
    private volatile int count;
    /** How many subscriptions of every scope there are (cheaper to read than the set's size). */
    private volatile int everywhere;
    /** Which scopes may be in {@link #byScope}; its lock orders marks, subscribes and rebuilds. */
    private final ScopeBits bits = new ScopeBits();

    /**
     * @param filter which scopes
     * @param listener receives matching changes
     * @return closing it removes the listener; closing twice does nothing
     */
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        Entry entry = new Entry(listener);
        COUNT.getAndAdd(this, 1);
        if (filter.scope() == null) {
            everything.add(entry);
            EVERYWHERE.getAndAdd(this, 1);
            return () -> {
                if (everything.remove(entry)) {
                    EVERYWHERE.getAndAdd(this, -1);
                    COUNT.getAndAdd(this, -1);
                }
            };
        }
        Scope scope = filter.scope();
        boolean nested = filter.nested();
        synchronized (bits) {
            bits.mark(scope, byScope.keySet());
            byScope.compute(scope, (s, subscribers) -> {
                Subscribers those = subscribers == null ? new Subscribers() : subscribers;
                those.add(entry, nested);
                if (nested) {
                    nestedAtDepth.incrementAndGet(depthSlot(scope));
                }
                return those;
            });
            if (nested) {
                nestedDepths |= 1L << depthSlot(scope);
            }
        }
        return () -> close(scope, nested, entry);
    }

    private void close(Scope scope, boolean nested, Entry entry) {
        int slot = depthSlot(scope);
        boolean[] emptied = new boolean[1];
        byScope.computeIfPresent(scope, (s, those) -> {
            if (those.remove(entry, nested)) {
                COUNT.getAndAdd(this, -1);
                if (nested) {
                    nestedAtDepth.decrementAndGet(slot);
                }
            }
            emptied[0] = those.isEmpty();
            return emptied[0] ? null : those;
        });
        boolean rebuild = emptied[0] && bits.unmarked();
        boolean depthEmptied = nested && nestedAtDepth.get(slot) == 0;
        if (rebuild || depthEmptied) {
            // both re-checked under the lock, where subscribe marks
            synchronized (bits) {
                if (bits.rebuildDue()) {
                    bits.rebuild(byScope.keySet());
                }
                if (nestedAtDepth.get(slot) == 0) {
                    nestedDepths &= ~(1L << slot);
                }
            }
        }
    }

    /** @return whether anybody listens; lets a hot path skip building a {@link Change} */
    public boolean hasSubscribers() {
        return count > 0;
    }

    /**
     * @param scope a scope
     * @return whether a change of it has a subscriber here; a backend can skip building it if not
     */
    public boolean covers(Scope scope) {
        // small enough to inline into every backend's write path; the lookups live apart
        int subscriptions = count;
        return subscriptions != 0 && (everywhere > 0 || coveredByScope(scope));
    }

    private boolean coveredByScope(Scope scope) {
        if (subscribersOf(scope) != null) {
            return true;   // an entry is removed with its last subscription
        }
        if ((nestedDepths & shallowerThan(scope)) == 0) {
            return false;
        }
        for (Scope ancestor = nextNestedAncestor(scope.parent()); ancestor != null;
             ancestor = nextNestedAncestor(ancestor.parent())) {
            Subscribers those = subscribersOf(ancestor);
            if (those != null && those.hasNested()) {
                return true;
            }
        }
        return false;
    }

    /** @return the subscribers of exactly this scope, or {@code null}: one array read for most scopes */
    private Subscribers subscribersOf(Scope scope) {
        return bits.mayHave(scope) ? byScope.get(scope) : null;
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
        if (count == 0) {
            return;
        }
        Scope scope = change.id().scope();
        Subscribers own = subscribersOf(scope);
        if (own != null) {
            deliver(own.exact, change);
            deliver(own.nested, change);
        }
        for (Scope ancestor = nextNestedAncestor(scope.parent()); ancestor != null;
             ancestor = nextNestedAncestor(ancestor.parent())) {
            Subscribers those = subscribersOf(ancestor);
            if (those != null) {
                deliver(those.nested, change);
            }
        }
        if (everywhere > 0) {
            deliver(everything, change);
        }
    }

    /** @return the depth bits of every ancestor of {@code scope} (its depth and deeper excluded) */
    private static long shallowerThan(Scope scope) {
        int depth = scope.depth();
        return depth > DEEPEST_COUNTED ? -1L : (1L << depth) - 1;
    }

    /** @return {@code scope} or its nearest ancestor at a depth that has nested subscriptions */
    private Scope nextNestedAncestor(Scope scope) {
        Scope candidate = scope;
        long depths = nestedDepths;
        while (candidate != null && (depths & (1L << depthSlot(candidate))) == 0) {
            candidate = candidate.parent();
        }
        return candidate;
    }

    private static int depthSlot(Scope scope) {
        return Math.min(scope.depth(), DEEPEST_COUNTED);
    }

    private static void deliver(Set<Entry> entries, Change change) {
        if (entries == null) {
            return;
        }
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
        // each made on its first subscription, under the index's lock of this scope; read without it
        volatile Set<Entry> exact;
        volatile Set<Entry> nested;

        void add(Entry entry, boolean ofNested) {
            Set<Entry> set = ofNested ? nested : exact;
            if (set == null) {
                set = ConcurrentHashMap.newKeySet(2);
                if (ofNested) {
                    nested = set;
                } else {
                    exact = set;
                }
            }
            set.add(entry);
        }

        boolean remove(Entry entry, boolean ofNested) {
            Set<Entry> set = ofNested ? nested : exact;
            return set != null && set.remove(entry);
        }

        boolean hasNested() {
            Set<Entry> set = nested;
            return set != null && !set.isEmpty();
        }

        boolean isEmpty() {
            Set<Entry> set = exact;
            return (set == null || set.isEmpty()) && !hasNested();
        }
    }

    /** One subscription; identity, not the listener, tells two apart. */
    private static final class Entry {
        private final ChangeFeedListener listener;

        Entry(ChangeFeedListener listener) {
            this.listener = listener;
        }
    }
}
