package dev.scopedstore.redis;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StoredState;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The change feed: one plain pub/sub channel per subscribed scope (the write script publishes
 * to a scope's channel and to each ancestor's, see {@link RedisKeys}), so nested subscriptions
 * need no patterns and work on a cluster. When Lettuce re-subscribes after a reconnect, the
 * covered states are re-read and delivered, so the latest value of each always arrives.
 */
final class RedisChangeFeed extends RedisPubSubAdapter<String, String> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisChangeFeed.class.getName());
    private static final int RESYNC_ATTEMPTS = 60;

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RedisCodec codec;
    private final RedisListing listing;
    private final Map<String, ChangeFanout> byChannel = new ConcurrentHashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private StatefulRedisPubSubConnection<String, String> connection;
    private ExecutorService resync;

    RedisChangeFeed(RedisConnections redis, RedisKeys keys, RedisCodec codec, RedisListing listing) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.listing = listing;
    }

    synchronized Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        String channel = keys.channel(filter.scope());
        ChangeFanout fanout = byChannel.get(channel);
        boolean fresh = fanout == null;
        if (fresh) {
            fanout = new ChangeFanout();
        }
        Subscription entry = fanout.subscribe(filter, listener);
        if (fresh) {
            StatefulRedisPubSubConnection<String, String> c = connection();
            byChannel.put(channel, fanout);
            try {
                RedisErrors.call("subscribe", () -> {
                    c.sync().subscribe(channel);
                    return null;
                });
            } catch (RuntimeException e) {
                byChannel.remove(channel);
                throw e;
            }
        }
        ChangeFanout subscribed = fanout;
        return () -> unsubscribe(channel, subscribed, entry);
    }

    private synchronized void unsubscribe(String channel, ChangeFanout fanout, Subscription entry) {
        entry.close();
        if (!fanout.hasSubscribers() && byChannel.remove(channel, fanout)) {
            confirmed.remove(channel);
            try {
                connection.async().unsubscribe(channel);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "unsubscribe failed; the channel is ignored", e);
            }
        }
    }

    private StatefulRedisPubSubConnection<String, String> connection() {
        if (connection == null) {
            connection = RedisErrors.call("subscribe", redis::openPubSub);
            connection.addListener(this);
            resync = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "scopedstore-redis-resync");
                t.setDaemon(true);
                return t;
            });
        }
        return connection;
    }

    @Override
    public void subscribed(String channel, long count) {
        if (!confirmed.add(channel) && resync != null) {
            resync.execute(() -> redeliver(channel));
        }
    }

    @Override
    public void message(String channel, String message) {
        ChangeFanout fanout = byChannel.get(channel);
        if (fanout == null) {
            return;
        }
        try {
            fanout.publish(parse(message));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "skipping a malformed change message on " + channel, e);
        }
    }

    /** {@code w|d<version>\n<encoded scope>\n<key>\n<value>} as the scripts publish it. */
    private Change parse(String message) {
        int a = message.indexOf('\n');
        int b = message.indexOf('\n', a + 1);
        int c = message.indexOf('\n', b + 1);
        long version = Long.parseLong(message.substring(1, a));
        StateId id = StateId.parse(RedisKeys.decode(message.substring(a + 1, b)),
                message.substring(b + 1, c));
        if (message.charAt(0) == 'd') {
            return new Change(id, null, version, true);
        }
        return new Change(id, codec.parse(id, message.substring(c + 1)), version, false);
    }

    /** After a re-subscription: the latest value of every state the channel covers. */
    private void redeliver(String channel) {
        ChangeFanout fanout = byChannel.get(channel);
        if (fanout == null) {
            return;
        }
        String encoded = channel.substring(keys.channelBase().length());
        ScopeFilter filter = encoded.isEmpty() ? ScopeFilter.ALL
                : new ScopeFilter(Scope.parse(RedisKeys.decode(encoded)), true);
        for (int attempt = 1; byChannel.get(channel) == fanout; attempt++) {
            try {
                String cursor = null;
                do {
                    Page<StoredState> page = listing.states(filter, cursor, 256);
                    for (StoredState s : page.items()) {
                        fanout.publish(new Change(s.id(), s.value(), s.version(), false));
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
                return;
            } catch (BackendUnavailableException e) {
                if (attempt == RESYNC_ATTEMPTS) {
                    LOG.log(System.Logger.Level.WARNING, "could not re-read " + filter
                            + " after a reconnect", e);
                    return;
                }
                try {
                    Thread.sleep(Math.min(2000, 50L * attempt));
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not re-read " + filter + " after a reconnect", e);
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (resync != null) {
            resync.shutdownNow();
        }
        if (connection != null) {
            connection.close();
        }
        byChannel.clear();
    }
}
