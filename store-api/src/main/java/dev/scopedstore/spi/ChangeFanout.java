package dev.scopedstore.spi;

import dev.scopedstore.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands each change to the in-process subscribers whose filter covers it: the part of a change
 * feed every backend needs once its changes have arrived. A listener that throws is logged and
 * does not stop the others.
 */
public final class ChangeFanout {
    private static final System.Logger LOG = System.getLogger(ChangeFanout.class.getName());

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * @param filter which scopes
     * @param listener receives matching changes
     * @return closing it removes the listener
     */
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        Entry entry = new Entry(filter, listener);
        entries.add(entry);
        return () -> entries.remove(entry);
    }

    /** @return whether anybody listens; lets a hot path skip building a {@link Change} */
    public boolean hasSubscribers() {
        return !entries.isEmpty();
    }

    /** @return the filters subscribed now, e.g. to re-read them after a reconnect */
    public List<ScopeFilter> filters() {
        return entries.stream().map(Entry::filter).toList();
    }

    /** @param change delivered to every subscriber whose filter covers its scope */
    public void publish(Change change) {
        for (Entry entry : entries) {
            if (entry.filter.matches(change.id().scope())) {
                try {
                    entry.listener.onChange(change);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a change listener threw on " + change.id(), e);
                }
            }
        }
    }

    private record Entry(ScopeFilter filter, ChangeFeedListener listener) {
    }
}
