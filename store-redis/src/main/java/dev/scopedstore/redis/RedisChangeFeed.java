package dev.scopedstore.redis;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.DaemonThreads;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.Pause;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StoredState;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The change feed: one plain pub/sub channel per subscribed scope (the write script publishes
 * to a scope's channel and to each ancestor's, see {@link RedisKeys}), so nested subscriptions
 * need no patterns and work on a cluster. A new channel's states are listed once (in the
 * background) so the feed knows what exists; when Lettuce re-subscribes after a reconnect, the
 * covered states are re-read: the latest value of each is delivered, and each state known
 * before but deleted meanwhile is delivered as a deletion. A state that expired meanwhile is
 * forgotten silently, as expiry sends no event; the two are told apart by the state's
 * high-water mark, which a deletion stores negated.
 */
final class RedisChangeFeed extends RedisPubSubAdapter<String, String> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisChangeFeed.class.getName());
    private static final int RESYNC_ATTEMPTS = 60;

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RedisCodec codec;
    private final RedisListing listing;
    private final RedisReads reads;
    private final Map<String, FeedChannel> byChannel = new ConcurrentHashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private StatefulRedisPubSubConnection<String, String> connection;
    private ExecutorService resync;

    RedisChangeFeed(RedisConnections redis, RedisKeys keys, RedisCodec codec, RedisListing listing,
                    RedisReads reads) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.listing = listing;
        this.reads = reads;
    }

    synchronized Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        String name = keys.channel(filter.scope());
        FeedChannel channel = byChannel.get(name);
        boolean fresh = channel == null;
        if (fresh) {
            channel = new FeedChannel(name, filter.scope() == null ? ScopeFilter.ALL
                    : new ScopeFilter(filter.scope(), true));
        }
        Subscription entry = channel.fanout.subscribe(filter, listener);
        if (fresh) {
            StatefulRedisPubSubConnection<String, String> c = connection();
            byChannel.put(name, channel);
            try {
                RedisErrors.call("subscribe", () -> {
                    c.sync().subscribe(name);
                    return null;
                });
            } catch (RuntimeException e) {
                byChannel.remove(name);
                throw e;
            }
            FeedChannel listed = channel;
            resync.execute(() -> reread(listed, false));
        }
        FeedChannel subscribed = channel;
        return () -> unsubscribe(subscribed, entry);
    }

    private synchronized void unsubscribe(FeedChannel channel, Subscription entry) {
        entry.close();
        if (!channel.fanout.hasSubscribers() && byChannel.remove(channel.name, channel)) {
            confirmed.remove(channel.name);
            try {
                connection.async().unsubscribe(channel.name);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "unsubscribe failed; the channel is ignored", e);
            }
        }
    }

    private StatefulRedisPubSubConnection<String, String> connection() {
        if (connection == null) {
            connection = RedisErrors.call("subscribe", redis::openPubSub);
            connection.addListener(this);
            resync = Executors.newSingleThreadExecutor(DaemonThreads.named("scoped-store-redis-resync"));
        }
        return connection;
    }

    @Override
    public void subscribed(String name, long count) {
        FeedChannel channel = byChannel.get(name);
        if (!confirmed.add(name) && channel != null && resync != null) {
            resync.execute(() -> reread(channel, true));
        }
    }

    @Override
    public void message(String name, String message) {
        FeedChannel channel = byChannel.get(name);
        if (channel == null) {
            return;
        }
        try {
            channel.deliver(parse(message));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "skipping a malformed change message on " + name, e);
        }
        if (channel.sweepDue()) {
            try {
                resync.execute(() -> sweep(channel));
            } catch (RejectedExecutionException closed) {
                channel.swept();
            }
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

    /**
     * Lists every state the channel covers, retrying while Redis is unreachable. With
     * {@code deliver} (after a re-subscription) hands each to the subscribers and announces
     * the known states that are gone; without (a new channel) only records them.
     */
    private void reread(FeedChannel channel, boolean deliver) {
        for (int attempt = 1; byChannel.get(channel.name) == channel; attempt++) {
            try {
                Map<StateId, Long> before = channel.known();
                Set<StateId> live = new HashSet<>();
                String cursor = null;
                do {
                    Page<StoredState> page = listing.states(channel.covered, cursor, ScopeWalk.BATCH);
                    for (StoredState s : page.items()) {
                        live.add(s.id());
                        if (deliver) {
                            channel.deliver(new Change(s.id(), s.value(), s.version(), false));
                        } else {
                            channel.seen(s);
                        }
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
                if (deliver) {
                    settleAbsent(channel, before, live);
                }
                return;
            } catch (BackendUnavailableException e) {
                if (attempt == RESYNC_ATTEMPTS) {
                    LOG.log(System.Logger.Level.WARNING, "could not re-read " + channel.covered
                            + " after a reconnect", e);
                    return;
                }
                if (!Pause.sleep(Math.min(2000, 50L * attempt))) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not re-read " + channel.covered
                        + " after a reconnect", e);
                return;
            }
        }
    }

    /**
     * Announces each state of {@code known} that is not in {@code present} as deleted if its
     * mark says so, else forgets it (it expired); either only if no change to it arrived since.
     */
    private void settleAbsent(FeedChannel channel, Map<StateId, Long> known, Set<StateId> present) {
        List<StateId> absent = known.keySet().stream().filter(id -> !present.contains(id)).toList();
        for (int from = 0; from < absent.size(); from += ScopeWalk.BATCH) {
            Map<StateId, Long> marks = reads.highWaters(absent.subList(from, Math.min(from + ScopeWalk.BATCH,
                    absent.size())));
            marks.forEach((id, mark) -> {
                long seen = known.get(id);
                if (mark < 0) {
                    channel.gone(id, seen, Math.max(-mark, seen + 1));
                } else {
                    channel.expired(id, seen);
                }
            });
        }
    }

    /**
     * Settles the channel's known states that are no longer there (expiry sends no event, so
     * without this the map would keep every state that ever expired); on the re-read thread.
     */
    private void sweep(FeedChannel channel) {
        try {
            Map<StateId, Long> known = channel.known();
            settleAbsent(channel, known, reads.presentLabels("sweep", List.copyOf(known.keySet())).keySet());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not sweep " + channel.covered + "; tried again later", e);
        } finally {
            channel.swept();
        }
    }

    /** @return how many states the subscribed channels know, all together */
    int knownCount() {
        return byChannel.values().stream().mapToInt(FeedChannel::knownCount).sum();
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
