package dev.scopedstore.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Redis and Redis Cluster through Lettuce. Each write is one Lua script (value, version,
 * index, expiry, notification); reads are one {@code GET}; bulk reads and writes are
 * pipelined. Expiry follows the facade's clock (stored in the state, compared on every read)
 * with {@code PEXPIRE} as the server-side clean-up. See {@link RedisKeys} for the layout.
 *
 * <p>Integer {@code ADD}, {@code MAX}, {@code MIN} and array {@code APPEND} are native: one
 * script, exact, checked against the write id. Other shapes and operations run a
 * version-conditioned compare-and-set. Every value-changing script (put, conditional put,
 * atomic operation) records a short-lived marker of its write id, so a write re-sent after a
 * lost reply is reported as done and never applied twice.
 */
public final class RedisBackend implements StateBackend {
    /** The largest value this backend accepts, as UTF-8 JSON. */
    public static final int MAX_VALUE_BYTES = 4 * 1024 * 1024;

    private static final Capabilities CAPABILITIES = Capabilities.of(MAX_VALUE_BYTES,
            Capability.NATIVE_ADD, Capability.NATIVE_MAX, Capability.NATIVE_MIN, Capability.NATIVE_APPEND,
            Capability.TTL_FOLLOWS_CLOCK, Capability.CHANGE_FEED_ACROSS_INSTANCES,
            Capability.BULK_READ, Capability.BULK_WRITE, Capability.DURABLE);

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RedisCalls calls;
    private final RedisReads reads;
    private final RedisWrites writes;
    private final RedisAtomics atomics;
    private final RedisListing listing;
    private final RedisScopeWrites scopeWrites;
    private final RedisChangeFeed feed;

    RedisBackend(RedisConnections redis, String keyPrefix, Clock clock, Duration timeout,
                 ObjectMapper mapper) {
        this.redis = redis;
        this.keys = new RedisKeys(keyPrefix);
        RedisCodec codec = new RedisCodec(mapper);
        this.calls = new RedisCalls(redis, timeout);
        this.writes = new RedisWrites(calls, keys, codec, clock);
        this.reads = new RedisReads(calls, keys, codec, writes, clock);
        this.atomics = new RedisAtomics(writes, reads, codec);
        this.listing = new RedisListing(calls, keys, reads);
        this.scopeWrites = new RedisScopeWrites(calls, keys, writes, listing, reads);
        this.feed = new RedisChangeFeed(redis, keys, codec, listing, reads);
    }

    /**
     * A backend on the application's standalone client, which it never closes (it closes only
     * the connections it opens). Configure the client with
     * {@code ClientOptions.disconnectedBehavior(REJECT_COMMANDS)} to fail fast while Redis is
     * unreachable.
     *
     * @param client the application's client
     * @param uri the server
     * @param keyPrefix the namespace prefix of every key, free of braces
     * @param clock the clock expiry follows (the store's)
     * @param timeout how long one operation may take
     * @return an open backend; close it after the store
     */
    public static RedisBackend standalone(RedisClient client, RedisURI uri, String keyPrefix,
                                          Clock clock, Duration timeout) {
        return new RedisBackend(RedisErrors.call("connect", () ->
                RedisConnections.standalone(client, uri, timeout, false)), keyPrefix, clock, timeout,
                new ObjectMapper());
    }

    /**
     * A backend on the application's cluster client, which it never closes. To follow a
     * failover, configure the client's {@code ClusterTopologyRefreshOptions} (adaptive
     * triggers, a periodic refresh) and {@code TimeoutOptions} shorter than {@code timeout},
     * as {@code redis-cluster://} URLs do.
     *
     * @param client the application's cluster client
     * @param keyPrefix the namespace prefix of every key, free of braces
     * @param clock the clock expiry follows (the store's)
     * @param timeout how long one operation may take
     * @return an open backend; close it after the store
     */
    public static RedisBackend cluster(RedisClusterClient client, String keyPrefix, Clock clock,
                                       Duration timeout) {
        return new RedisBackend(RedisErrors.call("connect", () ->
                RedisConnections.cluster(client, timeout, false)), keyPrefix, clock, timeout,
                new ObjectMapper());
    }

    /** @return the key layout, e.g. for tools */
    public RedisKeys keys() {
        return keys;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    // ---- single states ---------------------------------------------------------------------

    @Override
    public Optional<StoredState> get(StateId id) {
        return reads.get(id);
    }

    @Override
    public Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        return reads.getAll(ids);
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        return writes.getOrCreate(id, initial, meta);
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        return writes.put(id, value, meta);
    }

    @Override
    public List<StoredState> putAll(List<Write> writes) {
        return this.writes.putAll(writes);
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        return writes.putIfVersion(id, expectedVersion, value, meta);
    }

    /** See {@link RedisAtomics}: native for integer ADD/MAX/MIN and array APPEND, declines the rest. */
    @Override
    public Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        return atomics.apply(id, op, initial, meta);
    }

    @Override
    public boolean delete(StateId id) {
        return writes.delete(id);
    }

    @Override
    public boolean touch(StateId id) {
        return writes.touch(id);
    }

    @Override
    public long touchScope(Scope scope) {
        return scopeWrites.touchScope(scope);
    }

    // ---- listings and scope-wide writes ----------------------------------------------------

    @Override
    public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        return listing.states(filter, cursor, limit);
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        return listing.scopes(filter, cursor, limit);
    }

    @Override
    public long purgeLabels(Set<String> labels) {
        return scopeWrites.purgeLabels(labels);
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        return scopeWrites.dropScope(filter);
    }

    @Override
    public void ping() {
        calls.call("ping", redis.sync::ping);
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        return feed.subscribe(filter, listener);
    }

    /** @return how many states the change feed keeps a version of (see {@link FeedChannel}) */
    int feedKnownCount() {
        return feed.knownCount();
    }

    @Override
    public void close() {
        try {
            feed.close();
        } finally {
            redis.close();
        }
    }
}
