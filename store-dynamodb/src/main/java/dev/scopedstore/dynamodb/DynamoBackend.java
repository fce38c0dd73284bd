package dev.scopedstore.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * States in one DynamoDB table, as native attribute values (see {@link Items} for the layout).
 * Every write is one conditional {@code UpdateItem}; reads are strongly consistent. Integer and
 * decimal {@code ADD} and {@code SUBTRACT_FROM} (also on the numeric leaves of arrays and
 * objects) and list {@code APPEND} are native ({@link DynamoAtomics}); other operations run the
 * facade's version-conditioned compare-and-set. Scoped listings read a registry of scopes with
 * {@code Query} and {@code begins_with}, never a Scan ({@link DynamoListing}).
 * Changes reach this process's subscribers at once and other processes' through a polling
 * change feed ({@link PollingFeed}).
 *
 * <p>Open it from a URL ({@code dynamodb://table?region=eu-west-1}) or build it around the
 * application's own client with {@link #builder(DynamoDbClient)}; a client passed in is never
 * closed by the backend.
 */
public final class DynamoBackend implements StateBackend {
    /** The item limit of DynamoDB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    /** The largest value: the item limit less room for scope, key, labels and bookkeeping. */
    public static final int MAX_VALUE_BYTES = MAX_ITEM_BYTES - 8 * 1024;

    private static final Capabilities CAPABILITIES = Capabilities.of(MAX_VALUE_BYTES,
            Capability.NATIVE_ADD, Capability.NATIVE_SUBTRACT_FROM, Capability.NATIVE_APPEND,
            Capability.TTL_FOLLOWS_CLOCK, Capability.CHANGE_FEED_ACROSS_INSTANCES,
            Capability.BULK_READ, Capability.BULK_WRITE, Capability.DURABLE);

    private final DynamoDbClient client;
    private final boolean ownsClient;
    private final String table;
    private final Clock clock;
    private final Calls calls;
    private final Registry registry;
    private final ChangeFanout fanout = new ChangeFanout();
    private final PollingFeed feed;
    private final DynamoWrites writes;
    private final DynamoAtomics atomics;
    private final DynamoListing listing;
    private final BulkWrites bulk;

    DynamoBackend(DynamoConfig config, DynamoDbClient client, boolean ownsClient, Clock clock) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.table = config.table();
        this.clock = clock;
        this.calls = new Calls(config.operationTimeout(), table, !ownsClient);
        this.registry = new Registry(client, table, calls);
        this.writes = new DynamoWrites(client, ownsClient, table, clock, calls, registry, fanout);
        this.atomics = new DynamoAtomics(clock, fanout, new Lanes(config.operationTimeout().toMillis()), writes);
        this.listing = new DynamoListing(registry, writes, clock);
        this.bulk = new BulkWrites(writes::put);
        this.feed = new PollingFeed(this, registry, config.pollInterval());
    }

    /**
     * @param client the application's client; the backend never closes it
     * @return a builder of a backend on that client
     */
    public static DynamoBackendBuilder builder(DynamoDbClient client) {
        return new DynamoBackendBuilder(client);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** @return the table this backend keeps its states in */
    public String table() {
        return table;
    }

    /** @return the client, for power users; do not close it */
    public DynamoDbClient client() {
        return client;
    }

    @Override
    public Optional<StoredState> get(StateId id) {
        return writes.get(id);
    }

    @Override
    public Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        Map<StateId, Map<String, AttributeValue>> items = new BatchGet(client, table, calls).read(ids);
        long now = clock.millis();
        Map<StateId, StoredState> found = new LinkedHashMap<>();
        for (StateId id : ids) {
            Map<String, AttributeValue> item = items.get(id);
            if (Items.live(item, now)) {
                found.put(id, Items.state(id, item));
            }
        }
        return found;
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        return writes.getOrCreate(id, initial, meta);
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        return writes.put(id, value, meta);
    }

    /** Concurrent conditional writes, at most 16 in flight. */
    @Override
    public List<StoredState> putAll(List<Write> writes) {
        return bulk.putAll(writes);
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        return writes.putIfVersion(id, expectedVersion, value, meta);
    }

    /** See {@link DynamoAtomics}: native where an update expression is exact, declines the rest. */
    @Override
    public Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        return atomics.apply(id, op, initial, meta);
    }

    @Override
    public boolean delete(StateId id) {
        return writes.tombstone(id, null);
    }

    @Override
    public boolean touch(StateId id) {
        return writes.touch(id);
    }

    @Override
    public long touchScope(Scope scope) {
        return listing.touchScope(scope);
    }

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
        return listing.purgeLabels(labels);
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        return listing.dropScope(filter);
    }

    @Override
    public void ping() {
        registry.ping();
    }

    /** Polls the change feed now instead of at its next interval; for tests. */
    void pollNow() {
        feed.pollAll();
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        Subscription local = fanout.subscribe(filter, listener);
        Subscription polled;
        try {
            polled = feed.watch(filter, listener);
        } catch (RuntimeException e) {
            local.close();   // a subscribe that failed leaves nothing listening
            throw e;
        }
        return () -> {
            polled.close();
            local.close();
        };
    }

    @Override
    public void close() {
        feed.close();
        bulk.close();
        if (ownsClient) {
            client.close();
        }
    }

    Clock clock() {
        return clock;
    }
}
