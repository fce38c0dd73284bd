package dev.scopedstore.dynamodb;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.DaemonThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The change feed across processes where DynamoDB Streams is absent: every interval, the scopes
 * that any subscription covers are read with consistent {@code Query}s, each scope once however
 * many subscriptions cover it, and every item whose version grew since the last poll is handed
 * to the subscriptions that cover it, with its latest value (a tombstone as a deletion). A
 * subscription takes its baseline when it starts, so a write after {@code subscribe} returns is
 * never missed; a failed poll changes nothing and the next one delivers what it missed. Expired
 * items send no event. Cost per interval: one {@code Query} per covered scope (more for a scope
 * of more than 1 MB), plus one registry {@code Query} per distinct nested or all-scopes filter.
 */
final class PollingFeed implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PollingFeed.class.getName());

    private final DynamoBackend backend;
    private final Registry registry;
    private final Duration interval;
    /** The subscriptions, by filter: one filter is looked at once, whoever subscribed to it. */
    private final Map<ScopeFilter, ChangeFanout> byFilter = new ConcurrentHashMap<>();
    /** The version last seen of each item of a covered scope; read and written under this. */
    private final Map<StateId, Long> versions = new HashMap<>();
    private ScheduledExecutorService poller;
    private ScheduledFuture<?> task;

    PollingFeed(DynamoBackend backend, Registry registry, Duration interval) {
        this.backend = backend;
        this.registry = registry;
        this.interval = interval;
    }

    Subscription watch(ScopeFilter filter, ChangeFeedListener listener) {
        Subscription[] subscription = new Subscription[1];
        synchronized (this) { // no poll between the baseline and the subscription
            poll(List.of(filter), false); // the baseline: what exists now is not news
            byFilter.compute(filter, (f, fanout) -> {
                ChangeFanout listeners = fanout == null ? new ChangeFanout() : fanout;
                subscription[0] = listeners.subscribe(ScopeFilter.ALL, listener);
                return listeners;
            });
        }
        start();
        return () -> byFilter.computeIfPresent(filter, (f, fanout) -> {
            subscription[0].close();
            return fanout.hasSubscribers() ? fanout : null;
        });
    }

    private synchronized void start() {
        if (poller == null) {
            poller = DaemonThreads.scheduler("scoped-store-dynamodb-feed-" + backend.table());
            long millis = Math.max(1, interval.toMillis());
            task = poller.scheduleWithFixedDelay(this::pollAll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** One poll of every subscription now, on the calling thread (the poller does it every interval). */
    synchronized void pollAll() {
        try {
            poll(List.copyOf(byFilter.keySet()), true);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "change feed poll of " + backend.table()
                    + " failed; the next poll catches up", e);
        }
    }

    /**
     * Reads every scope the filters cover, each once; with {@code deliver}, hands on the items
     * whose version grew to the subscriptions that cover them. The versions seen count only once
     * the whole poll succeeded (a poll that fails half way leaves them as they were, so the next
     * one delivers what this one read); after a delivering poll they are all that is kept, so an
     * item that is gone (removed by DynamoDB's TTL) is forgotten. A baseline (no delivery) only
     * adds items not known yet, so it never hides a change from the others.
     */
    private void poll(List<ScopeFilter> filters, boolean deliver) {
        long now = backend.clock().millis();
        Map<StateId, Long> seen = new HashMap<>();
        Map<StateId, Change> changed = new LinkedHashMap<>();
        for (Scope scope : coveredScopes(filters)) {
            for (Iterator<Map<String, AttributeValue>> items = registry.items(scope, null); items.hasNext(); ) {
                Map<String, AttributeValue> item = items.next();
                StateId id = Items.id(item);
                long version;
                try {
                    version = Items.version(item);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping the item of " + id
                            + ": its version cannot be read", e);
                    continue;
                }
                Long known = versions.get(id);
                seen.put(id, known == null ? version : Math.max(known, version));
                if (known != null && known >= version || !deliver) {
                    continue;
                }
                try {
                    if (!item.containsKey(Items.VALUE)) {
                        changed.put(id, new Change(id, null, version, true));
                    } else if (Items.live(item, now)) {
                        changed.put(id, new Change(id, Items.state(id, item).value(), version, false));
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping a change to " + id
                            + " that cannot be read: " + e.getMessage());
                }
            }
        }
        if (!deliver) {
            seen.forEach(versions::putIfAbsent);
            return;
        }
        versions.clear();
        versions.putAll(seen);
        changed.values().forEach(change -> byFilter.forEach((filter, listeners) -> {
            if (filter.matches(change.id().scope())) {
                listeners.publish(change);
            }
        }));
    }

    /** @return every scope one of the filters covers, once; an exact filter needs no registry read */
    private Set<Scope> coveredScopes(List<ScopeFilter> filters) {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (ScopeFilter filter : filters) {
            if (filter.scope() != null && !filter.nested()) {
                scopes.add(filter.scope());
                continue;
            }
            for (Iterator<Registry.Entry> covered = registry.scopes(filter, null, true); covered.hasNext(); ) {
                scopes.add(covered.next().scope());
            }
        }
        return scopes;
    }

    @Override
    public synchronized void close() {
        byFilter.clear();
        if (poller != null) {
            task.cancel(false);
            poller.shutdownNow();
        }
    }
}
