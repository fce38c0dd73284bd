package dev.scopedstore.spi;

import dev.scopedstore.Subscription;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands each change to the in-process subscribers whose filter covers it: the part of a change
 * feed every backend needs once its changes have arrived. Subscriptions are indexed by canonical
 * scope, so a change costs what its own subscribers cost, never a look at the others: one
 * lookup for the subscriptions of exactly its scope, one per ancestor (a scope of depth d costs
 * d lookups) for the nested ones, plus those of every scope. Subscribing and closing cost O(1);
 * all three are safe from any number of threads at once. A change published while a
 * subscription closes may still reach it; none published after its close returned does. A
 * listener that throws is logged and does not stop the others.
 */
public final class ChangeFanout {
    private static final System.Logger LOG = System.getLogger(ChangeFanout.class.getName());

    /** Subscriptions of exactly one scope, by canonical scope. */
    private final Map<String, Set<Entry>> exact = new ConcurrentHashMap<>();
    /** Subscriptions of a scope and everything nested under it, by canonical scope. */
    private final Map<String, Set<Entry>> nested = new ConcurrentHashMap<>();
    /** Subscriptions of every scope. */
    private final Set<Entry> everything = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

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
            return () -> {
                if (everything.remove(entry)) {
                    count.decrementAndGet();
                }
            };
        }
        Map<String, Set<Entry>> index = filter.nested() ? nested : exact;
        String scope = filter.scope().canonical();
        index.compute(scope, (s, entries) -> {
            Set<Entry> set = entries == null ? ConcurrentHashMap.newKeySet() : entries;
            set.add(entry);
            return set;
        });
        return () -> index.computeIfPresent(scope, (s, entries) -> {
            if (entries.remove(entry)) {
                count.decrementAndGet();
            }
            return entries.isEmpty() ? null : entries;
        });
    }

    /** @return whether anybody listens; lets a hot path skip building a {@link Change} */
    public boolean hasSubscribers() {
        return count.get() > 0;
    }

    /** @param change delivered to every subscriber whose filter covers its scope */
    public void publish(Change change) {
        if (count.get() == 0) {
            return;
        }
        String scope = change.id().scope().canonical();
        if (!exact.isEmpty()) {
            deliver(exact.get(scope), change);
        }
        if (!nested.isEmpty()) {
            for (String ancestor = scope; ; ) {
                deliver(nested.get(ancestor), change);
                int dot = ancestor.lastIndexOf('.');
                if (dot < 0) {
                    break;
                }
                ancestor = ancestor.substring(0, dot);
            }
        }
        if (!everything.isEmpty()) {
            deliver(everything, change);
        }
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

    /** One subscription; identity, not the listener, tells two apart. */
    private static final class Entry {
        private final ChangeFeedListener listener;

        Entry(ChangeFeedListener listener) {
            this.listener = listener;
        }
    }
}
