package dev.scopedstore.dynamodb;

import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.ScopeFilter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The change feed across processes where DynamoDB Streams is absent: every interval, each
 * subscription's scopes are read with consistent {@code Query}s and every item whose version
 * grew since the last poll is delivered with its latest value (a tombstone as a deletion).
 * A subscription takes its baseline when it starts, so a write after {@code subscribe} returns
 * is never missed; a failed poll changes nothing and the next one delivers what it missed.
 * Expired items send no event. Cost: per subscription and interval, one registry query plus
 * one query per covered scope.
 */
final class PollingFeed implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PollingFeed.class.getName());

    private final DynamoBackend backend;
    private final Registry registry;
    private final Duration interval;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService poller;
    private ScheduledFuture<?> task;

    PollingFeed(DynamoBackend backend, Registry registry, Duration interval) {
        this.backend = backend;
        this.registry = registry;
        this.interval = interval;
    }

    Subscription watch(ScopeFilter filter, ChangeFeedListener listener) {
        Watch watch = new Watch(filter, listener);
        watch.poll(false);
        watches.add(watch);
        start();
        return () -> watches.remove(watch);
    }

    private synchronized void start() {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "scoped-store-dynamodb-feed-" + backend.table());
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, interval.toMillis());
            task = poller.scheduleWithFixedDelay(this::pollAll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void pollAll() {
        for (Watch watch : watches) {
            try {
                watch.poll(true);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "change feed poll of " + backend.table()
                        + " failed; the next poll catches up", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        watches.clear();
        if (poller != null) {
            task.cancel(false);
            poller.shutdownNow();
        }
    }

    /** One subscription's known versions. */
    private final class Watch {
        private final ScopeFilter filter;
        private final ChangeFeedListener listener;
        private final Map<StateId, Long> versions = new HashMap<>();

        Watch(ScopeFilter filter, ChangeFeedListener listener) {
            this.filter = filter;
            this.listener = listener;
        }

        /**
         * Reads every covered item; with {@code deliver}, hands on those whose version grew. The
         * versions seen count only once the whole poll succeeded (a poll that fails half way
         * leaves them as they were, so the next one delivers what this one read), and then they
         * are all that is kept: an item that is gone (removed by DynamoDB's TTL) is forgotten.
         */
        synchronized void poll(boolean deliver) {
            long now = backend.clock().millis();
            Map<StateId, Long> seen = new HashMap<>();
            Map<StateId, Change> changed = new HashMap<>();
            for (Iterator<Registry.Entry> scopes = registry.scopes(filter, null, true); scopes.hasNext(); ) {
                for (Iterator<Map<String, AttributeValue>> items = registry.items(scopes.next().scope(), null);
                     items.hasNext(); ) {
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
            versions.clear();
            versions.putAll(seen);
            changed.values().forEach(change -> {
                try {
                    listener.onChange(change);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a change listener threw on " + change.id(), e);
                }
            });
        }
    }
}
