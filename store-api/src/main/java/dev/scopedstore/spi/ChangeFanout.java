package dev.scopedstore.spi;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each change to the in-process subscribers whose filter covers it: the part of a change
 * feed every backend needs once its changes have arrived. Subscriptions are indexed by scope, so
 * a change costs what its own subscribers cost, never a look at the others: one lookup for the
 * subscriptions of its scope, one per ancestor for the nested ones (a scope of depth d costs at
 * most d lookups, none at a depth where nobody subscribed nested), plus those of every scope.
 * A scope nobody subscribed to is usually ruled out by one array read ({@link ScopeBits}), before
 * any lookup. Subscribing and closing cost O(1) amortised and take one lock, which publishing
 * never takes; all three are safe from any number of threads at once. A change published while
 * a subscription closes may still reach it; none published after its close returned does. A
 * listener that throws is logged and does not stop the others.
 */
public final class ChangeFanout {
    private static final System.Logger LOG = System.getLogger(ChangeFanout.class.getName());
    /** Depths from this one on share one count of nested subscriptions. */
    private static final int DEEPEST_COUNTED = 63;

    /**
     * Held by every subscribe and close, never by a publish. Changes go through plain
     * {@code get}, {@code put} and {@code remove}: no lambda of the index joins the type profile
     * of the map's {@code compute}, which a backend's write path may share.
     */
    private final Object lock = new Object();
    /** The subscriptions of each scope: of exactly it, and of it with everything nested. */
    private final Map<Scope, Subscribers> byScope = new ConcurrentHashMap<>();
    /** Subscriptions of every scope. */
    private final Set<Entry> everything = ConcurrentHashMap.newKeySet();
    /** How many nested subscriptions there are of scopes of each depth; under {@link #lock}. */
    private final int[] nestedAtDepth = new int[DEEPEST_COUNTED + 1];
    /** Bit d set while {@link #nestedAtDepth}[d] is above 0: a walk skips the other depths. */
    private volatile long nestedDepths;
    // written under the lock; read by the write path without it
    private volatile int count;
    /** How many subscriptions of every scope there are (cheaper to read than the set's size). */
    private volatile int everywhere;
    /** Which scopes may be in {@link #byScope}; changed under {@link #lock}. */
    private final ScopeBits bits = new ScopeBits();

    /**
     * @param filter which scopes
     * @param listener receives matching changes
     * @return closing it removes the listener; closing twice does nothing
     */
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        Entry entry = new Entry(filter.scope(), filter.nested(), listener);
        synchronized (lock) {
            count++;
            if (entry.scope == null) {
                everything.add(entry);
                everywhere++;
                return entry;
            }
            bits.mark(entry.scope, byScope.keySet());   // before the index has it: never hides it
            Subscribers those = byScope.get(entry.scope);
            if (those == null) {
                byScope.put(entry.scope, new Subscribers().add(entry));
            } else {
                those.add(entry);
            }
            if (entry.nested) {
                int slot = depthSlot(entry.scope);
                nestedAtDepth[slot]++;
                nestedDepths |= 1L << slot;
            }
        }
        return entry;
    }

    private void close(Entry entry) {
        synchronized (lock) {
            if (entry.closed) {
                return;
            }
            entry.closed = true;
            count--;
            if (entry.scope == null) {
                everything.remove(entry);
                everywhere--;
                return;
            }
            Subscribers those = byScope.get(entry.scope);
            if (those.remove(entry)) {
                byScope.remove(entry.scope);
                if (bits.unmarked()) {
                    bits.rebuild(byScope.keySet());
                }
            }
            int slot = depthSlot(entry.scope);
            if (entry.nested && --nestedAtDepth[slot] == 0) {
                nestedDepths &= ~(1L << slot);
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
            for (Entry entry : everything) {
                entry.deliver(change);
            }
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

    private static void deliver(Members members, Change change) {
        if (members != null) {
            members.deliver(change);
        }
    }

    /** The subscriptions of one scope. */
    private static final class Subscribers {
        // changed under the fanout's lock, read without it
        private volatile Members exact;
        private volatile Members nested;

        Subscribers add(Entry entry) {
            if (entry.nested) {
                nested = nested == null ? entry : nested.plus(entry);
            } else {
                exact = exact == null ? entry : exact.plus(entry);
            }
            return this;
        }

        /** Removes an entry that {@link #add} added. @return whether no subscription is left */
        boolean remove(Entry entry) {
            if (entry.nested) {
                nested = nested.minus(entry);
            } else {
                exact = exact.minus(entry);
            }
            return exact == null && nested == null;
        }

        boolean hasNested() {
            return nested != null;
        }
    }

    /**
     * The subscriptions of one kind (exact or nested) on one scope: most scopes have one, held
     * as that entry alone; more are held in a set. Changed under the fanout's lock.
     */
    private abstract static class Members {
        abstract void deliver(Change change);

        /** @return these members and {@code entry} */
        abstract Members plus(Entry entry);

        /** @return these members without {@code entry}, or {@code null} if none is left */
        abstract Members minus(Entry entry);
    }

    /** Two or more subscriptions of one kind on one scope. */
    private static final class Many extends Members {
        private final Set<Entry> entries = ConcurrentHashMap.newKeySet();

        Many(Entry first, Entry second) {
            entries.add(first);
            entries.add(second);
        }

        @Override
        void deliver(Change change) {
            for (Entry entry : entries) {
                entry.deliver(change);
            }
        }

        @Override
        Members plus(Entry entry) {
            entries.add(entry);
            return this;
        }

        @Override
        Members minus(Entry entry) {
            entries.remove(entry);
            if (entries.size() > 1) {
                return this;
            }
            Iterator<Entry> last = entries.iterator();
            return last.hasNext() ? last.next() : null;   // one left: held alone again
        }
    }

    /** One subscription, and the handle that closes it; identity, not the listener, tells two apart. */
    private final class Entry extends Members implements Subscription {
        /** The scope, or {@code null} for every scope. */
        private final Scope scope;
        private final boolean nested;
        private final ChangeFeedListener listener;
        /** Under the fanout's lock. */
        private boolean closed;

        Entry(Scope scope, boolean nested, ChangeFeedListener listener) {
            this.scope = scope;
            this.nested = nested;
            this.listener = listener;
        }

        @Override
        void deliver(Change change) {
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a change listener threw on " + change.id(), e);
            }
        }

        @Override
        Members plus(Entry entry) {
            return new Many(this, entry);
        }

        @Override
        Members minus(Entry entry) {
            return entry == this ? null : this;
        }

        @Override
        public void close() {
            ChangeFanout.this.close(this);
        }
    }
}
