package dev.scopedstore.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.StoreException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.PageCursor;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import dev.scopedstore.spi.DaemonThreads;
import dev.scopedstore.spi.WriteIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * States in one DynamoDB table, as native attribute values (see {@link Items} for the layout).
 * Every write is one conditional {@code UpdateItem}; reads are strongly consistent. Integer and
 * decimal {@code ADD} and {@code SUBTRACT_FROM} (also on the numeric leaves of arrays and
 * objects) and list {@code APPEND} are native ({@link NativeEquation}); other equations run the
 * facade's version-conditioned compare-and-set. Scoped
 * listings read a registry of scopes with {@code Query} and {@code begins_with}, never a Scan.
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
    private static final System.Logger LOG = System.getLogger(DynamoBackend.class.getName());
    /** The most writes of one {@code setAll} in flight at once. */
    static final int BULK_THREADS = 16;
    private static final long TOMBSTONE_MILLIS = 24L * 3600 * 1000;

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
    private final ExecutorService bulk;
    private final Lanes lanes;

    DynamoBackend(DynamoConfig config, DynamoDbClient client, boolean ownsClient, Clock clock) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.table = config.table();
        this.clock = clock;
        this.calls = new Calls(config.operationTimeout(), table, !ownsClient);
        this.lanes = new Lanes(config.operationTimeout().toMillis());
        this.registry = new Registry(client, table, calls);
        this.feed = new PollingFeed(this, registry, config.pollInterval());
        // at most BULK_THREADS writes of a setAll in flight, however large it is
        ThreadPoolExecutor pool = new ThreadPoolExecutor(BULK_THREADS, BULK_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.named("scoped-store-dynamodb-bulk"));
        pool.allowCoreThreadTimeOut(true);
        this.bulk = pool;
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
        Map<String, AttributeValue> item = getItem(id);
        return Items.live(item, clock.millis()) ? Optional.of(Items.state(id, item)) : Optional.empty();
    }

    Map<String, AttributeValue> getItem(StateId id) {
        GetItemRequest request = GetItemRequest.builder().tableName(table).key(Items.key(id))
                .consistentRead(true).overrideConfiguration(calls.perRequest()).build();
        return calls.read("a get", () -> client.getItem(request).item());
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
        AttributeValue value = encode(id, initial, meta);
        while (true) {
            Optional<StoredState> existing = get(id);
            if (existing.isPresent()) {
                return existing.get();
            }
            StoredState created = create(id, value, meta, WriteIds.next());
            if (created != null) {
                return created;
            }
        }
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        AttributeValue encoded = encode(id, value, meta);
        while (true) {
            Optional<StoredState> written = putIfLive(id, encoded, meta, null, WriteIds.next());
            if (written.isPresent()) {
                return written.get();
            }
            StoredState created = create(id, encoded, meta, WriteIds.next());
            if (created != null) {
                return created;
            }
        }
    }

    @Override
    public List<StoredState> putAll(List<Write> writes) {
        if (writes.size() <= 1) {
            return StateBackend.super.putAll(writes);
        }
        List<CompletableFuture<StoredState>> futures = new ArrayList<>(writes.size());
        for (Write w : writes) {
            futures.add(CompletableFuture.supplyAsync(() -> put(w.id(), w.value(), w.meta()), bulk));
        }
        List<StoredState> written = new ArrayList<>(writes.size());
        RuntimeException failed = null;
        for (CompletableFuture<StoredState> f : futures) {
            // every write is waited for, so none is still running when the caller hears of a failure
            try {
                written.add(f.join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failed == null) {
                    failed = cause;
                } else if (failed != cause) {
                    failed.addSuppressed(cause);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return written;
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        return putIfLive(id, encode(id, value, meta), meta, expectedVersion, WriteIds.next());
    }

    /**
     * Applies an atomic operation in one conditional {@code UpdateItem} where
     * {@link NativeEquation} expresses it; an absent state is created from the initial value in
     * one write. Declines (see {@link StateBackend#apply}) an operand {@link NativeEquation}
     * cannot express exactly, and a stored value its guard refuses. Every write carries the
     * call's writer-lane number ({@link Lanes}) and the operation's id, and the native one the
     * condition that neither is recorded on the item yet: a request re-sent after a lost reply,
     * by this backend or by an application client's retry policy, fails that condition, and the
     * state as it is then is returned. Never applied twice.
     */
    @Override
    public Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        Lanes.Lane lane = lanes.acquire();
        try {
            return apply(id, op, initial, meta, new Mark(lane, lane.next()));
        } finally {
            lanes.release(lane);
        }
    }

    private Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta, Mark mark) {
        Update u = new Update();
        String guard = NativeEquation.express(op, u);
        if (guard == null) {
            return Optional.empty();   // not exact in DynamoDB's arithmetic: the facade's compare-and-set
        }
        String opId = op.operationId();
        long now = clock.millis();
        String version = u.name(Items.VERSION);
        u.condition(u.live(now) + " AND " + u.unrecorded(opId) + " AND " + mark.write(u)
                + " AND " + guard).oldOnFailure();
        u.set(version + " = " + version + " + " + u.number("one", 1));
        expiry(u, meta, now);
        u.record(opId);
        UpdateItemRequest request = u.request(table, Items.key(id), ReturnValue.ALL_NEW, calls.perRequest());
        Map<String, AttributeValue> item;
        try {
            Map<String, AttributeValue> written = calls.read("an equation",
                    () -> client.updateItem(request).attributes());
            StoredState state = Items.state(id, written);
            fanout.publishWrite(state);
            pruneLanes(id, written, now);
            return Optional.of(state);
        } catch (ConditionalCheckFailedException e) {
            item = e.hasItem() ? e.item() : getItem(id);
        }
        if (mark.appliedOn(item) || Items.recorded(item, opId)) {
            return Optional.of(replayed(id, op));
        }
        if (Items.live(item, now)) {
            return Optional.empty();   // a stored value the guard refused: the facade's compare-and-set
        }
        // absent: created from the initial value, in one write; empty if another writer created it first
        return Optional.ofNullable(create(id, encode(id, op.applyTo(initial), meta), meta, opId, mark));
    }

    /** An equation's lane and number, written with it (see {@link Lanes}). */
    private record Mark(Lanes.Lane lane, long seq) {
        /** Sets the lane's entry to this number; @return the condition that it is not there yet */
        String write(Update u) {
            String a = u.field(lane.attribute);
            String n = u.number("seq", seq);
            u.set(a + " = " + n);
            return "(attribute_not_exists(" + a + ") OR " + a + " < " + n + ")";
        }

        boolean appliedOn(Map<String, AttributeValue> item) {
            return Lanes.applied(item, lane, seq);
        }
    }

    /**
     * Removes lane entries too old to match any request, each conditioned on being unchanged;
     * rare (a lane of a process that stopped), so not on the common path.
     */
    private void pruneLanes(StateId id, Map<String, AttributeValue> item, long now) {
        Update u = null;
        StringBuilder unchanged = new StringBuilder();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey().startsWith(Lanes.PREFIX) && lanes.stale(Long.parseLong(e.getValue().n()), now)) {
                u = u == null ? new Update() : u;
                String a = u.field(e.getKey());
                u.removeAlias(a);
                unchanged.append(unchanged.length() == 0 ? "" : " AND ").append(a).append(" = ")
                        .append(u.value("v" + unchanged.length(), e.getValue()));
            }
        }
        if (u == null) {
            return;
        }
        u.condition(unchanged.toString());
        UpdateItemRequest request = u.request(table, Items.key(id), ReturnValue.NONE, calls.perRequest());
        try {
            calls.read("a lane clean-up", () -> client.updateItem(request));
        } catch (ConditionalCheckFailedException | StoreException ignored) {
            // written meanwhile, or unreachable: the next writer that sees them tries again
        }
    }

    /** The state after an operation found recorded: applied by an earlier attempt. */
    private StoredState replayed(StateId id, AtomicOp op) {
        return get(id).orElseThrow(() -> new StoreException("the " + op.kind() + " on " + id
                + " was applied, then the state was deleted before its reply arrived"));
    }

    /** Writes a live state (of {@code expectedVersion}, unless null); empty if there is none. */
    private Optional<StoredState> putIfLive(StateId id, AttributeValue value, StateMeta meta,
                                            Long expectedVersion, String token) {
        long now = clock.millis();
        Update u = new Update();
        String version = u.name(Items.VERSION);
        String condition = u.live(now);
        if (expectedVersion != null) {
            condition = condition + " AND " + version + " = " + u.number("expected", expectedVersion);
        } else {
            // an application's client may send this again after a lost reply: the second
            // arrival must fail, and be recognised by the token it recorded (see write)
            condition = condition + " AND " + u.unrecorded(token);
        }
        u.condition(condition);
        u.set(u.name(Items.VALUE) + " = " + u.value("value", value));
        u.set(version + " = " + version + " + " + u.number("one", 1));
        expiry(u, meta, now);
        u.record(token);
        Map<String, AttributeValue> item = write("a write", id, token, u);
        if (item == null) {
            return Optional.empty();
        }
        StoredState written = Items.state(id, item);
        fanout.publishWrite(written);
        return Optional.of(written);
    }

    /** Creates the state where there is no live one; {@code null} if one exists now. */
    private StoredState create(StateId id, AttributeValue value, StateMeta meta, String token) {
        return create(id, value, meta, token, null);
    }

    private StoredState create(StateId id, AttributeValue value, StateMeta meta, String token, Mark mark) {
        long now = clock.millis();
        Update u = new Update();
        String version = u.name(Items.VERSION);
        u.condition(u.notLive(now));
        u.set(u.name(Items.VALUE) + " = " + u.value("value", value));
        // a fresh item starts above any version an item of this id, removed by DynamoDB TTL or by
        // hand, can have had: the wall clock in microseconds
        u.set(version + " = if_not_exists(" + version + ", " + u.number("base", VersionBase.now())
                + ") + " + u.number("one", 1));
        if (meta.labels().isEmpty()) {
            u.remove(Items.LABELS);
        } else {
            u.set(u.name(Items.LABELS) + " = " + u.value("labels", AttributeValue.fromSs(List.copyOf(meta.labels()))));
        }
        expiry(u, meta, now);
        u.record(token);
        if (mark != null) {
            mark.write(u);
        }
        Map<String, AttributeValue> item = write("a create", id, token, u);
        if (item == null) {
            return null;
        }
        registry.register(id, meta.labels());
        StoredState created = Items.state(id, item);
        fanout.publishWrite(created);
        return created;
    }

    private static void expiry(Update u, StateMeta meta, long now) {
        u.set(u.name(Items.TTL_MS) + " = " + u.number("ttl", meta.ttlMillis()));
        if (meta.ttlMillis() == 0) {
            u.remove(Items.EXPIRES_MS).remove(Items.EXPIRES_AT);
        } else {
            long expires = meta.expiresAt(now);
            u.set(u.name(Items.EXPIRES_MS) + " = " + u.number("exp", expires));
            u.set(u.name(Items.EXPIRES_AT) + " = " + u.number("expat", Math.floorDiv(expires, 1000) + 1));
        }
    }

    /**
     * Sends a conditional write that records {@code token}: the item as written, or {@code null}
     * when its condition failed. A lost reply is resolved by reading whether the item recorded
     * the token, never by sending it again. On an application's client, whose retry policy may
     * re-send a write whose reply was lost, a failed condition is checked the same way: it may
     * be the re-sent request failing on the item its first attempt wrote.
     */
    private Map<String, AttributeValue> write(String what, StateId id, String token, Update u) {
        if (!ownsClient) {
            u.oldOnFailure();
        }
        UpdateItemRequest request = u.request(table, Items.key(id), ReturnValue.ALL_NEW, calls.perRequest());
        try {
            return calls.write(what, () -> client.updateItem(request).attributes());
        } catch (ConditionalCheckFailedException e) {
            if (ownsClient) {
                return null;
            }
            Map<String, AttributeValue> item = e.hasItem() ? e.item() : getItem(id);
            return Items.recorded(item, token) ? item : null;
        } catch (Calls.UnknownOutcome lost) {
            Map<String, AttributeValue> item;
            try {
                item = getItem(id);
            } catch (BackendUnavailableException e) {
                e.addSuppressed(lost.getCause());
                throw e;
            }
            if (Items.recorded(item, token)) {
                return item;
            }
            throw new BackendUnavailableException("the reply to " + what + " of " + id + " on DynamoDB"
                    + " table " + table + " was lost and the write is not visible: it may have been"
                    + " overwritten or not applied; it is not re-sent, so that it is never applied twice",
                    lost.getCause());
        }
    }

    @Override
    public boolean delete(StateId id) {
        return tombstone(id, null);
    }

    /** Deletes a live state (carrying {@code label}, unless null), keeping its version. */
    boolean tombstone(StateId id, String label) {
        long now = clock.millis();
        String token = WriteIds.next();
        Update u = new Update();
        String version = u.name(Items.VERSION);
        String condition = u.live(now);
        if (label != null) {
            condition = "(" + condition + ") AND contains(" + u.name(Items.LABELS) + ", "
                    + u.value("label", AttributeValue.fromS(label)) + ")";
        }
        u.condition(condition);
        u.set(version + " = " + version + " + " + u.number("one", 1));
        u.record(token);
        u.set(u.name(Items.EXPIRES_AT) + " = " + u.number("expat", (now + TOMBSTONE_MILLIS) / 1000));
        u.remove(Items.VALUE).remove(Items.LABELS).remove(Items.TTL_MS).remove(Items.EXPIRES_MS);
        Map<String, AttributeValue> item = write("a delete", id, token, u);
        if (item == null) {
            return false;
        }
        fanout.publishDeletion(id, Items.version(item));
        return true;
    }

    @Override
    public boolean touch(StateId id) {
        while (true) {
            Map<String, AttributeValue> item = getItem(id);
            long now = clock.millis();
            if (!Items.live(item, now)) {
                return false;
            }
            // the time-to-live and version only: a value that cannot be read is touched too
            long ttlMillis = Items.ttlMillis(item);
            if (ttlMillis == 0) {
                return true;
            }
            Update u = new Update();
            u.condition(u.live(now) + " AND " + u.name(Items.VERSION) + " = "
                    + u.number("version", Items.version(item)));
            long expires = now + ttlMillis;
            u.set(u.name(Items.EXPIRES_MS) + " = " + u.number("exp", expires));
            u.set(u.name(Items.EXPIRES_AT) + " = " + u.number("expat", Math.floorDiv(expires, 1000) + 1));
            try {
                calls.read("a touch", () -> client.updateItem(u.request(table, Items.key(id), ReturnValue.NONE,
                        calls.perRequest())));
                return true;
            } catch (ConditionalCheckFailedException raced) {
                // written meanwhile: re-read
            }
        }
    }

    @Override
    public long touchScope(Scope scope) {
        long touched = 0;
        for (Iterator<Map<String, AttributeValue>> items = registry.items(scope, null); items.hasNext(); ) {
            Map<String, AttributeValue> item = items.next();
            if (Items.live(item, clock.millis()) && touch(Items.id(item))) {
                touched++;
            }
        }
        return touched;
    }

    @Override
    public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        StateId after = cursor == null ? null : PageCursor.lastState(cursor);
        List<StoredState> page = new ArrayList<>(Math.min(limit, 1024));
        for (Iterator<Registry.Entry> scopes = registry.scopes(filter, after == null ? null : after.scope(), true);
             scopes.hasNext(); ) {
            Scope scope = scopes.next().scope();
            String afterKey = after != null && after.scope().equals(scope) ? after.key() : null;
            for (Iterator<Map<String, AttributeValue>> items = registry.items(scope, afterKey); items.hasNext(); ) {
                Map<String, AttributeValue> item = items.next();
                if (!Items.live(item, clock.millis())) {
                    continue;
                }
                if (page.size() == limit) {
                    return new Page<>(page, PageCursor.after(page.get(limit - 1).id()));
                }
                StateId id = Items.id(item);
                try {
                    page.add(Items.state(id, item));
                } catch (CorruptStateException e) {
                    // the others stay listable, as they stay readable
                    LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; left out of the listing");
                }
            }
        }
        return new Page<>(page, null);
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        Scope after = cursor == null ? null : PageCursor.lastScope(cursor);
        List<Scope> page = new ArrayList<>(Math.min(limit, 1024));
        for (Iterator<Registry.Entry> scopes = registry.scopes(filter, after, false); scopes.hasNext(); ) {
            Registry.Entry entry = scopes.next();
            if (!registry.hasLiveState(entry.scope(), clock.millis())) {
                registry.prune(entry);
                continue;
            }
            if (page.size() == limit) {
                return new Page<>(page, page.get(limit - 1).canonical());
            }
            page.add(entry.scope());
        }
        return new Page<>(page, null);
    }

    @Override
    public long purgeLabels(Set<String> labels) {
        long deleted = 0;
        for (String label : labels) {
            for (Iterator<Registry.LabelEntry> entries = registry.labelled(label); entries.hasNext(); ) {
                Registry.LabelEntry entry = entries.next();
                if (tombstone(entry.id(), label)) {
                    deleted++;
                }
                registry.unlabel(entry);
            }
        }
        return deleted;
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        long deleted = 0;
        for (Iterator<Registry.Entry> scopes = registry.scopes(filter, null, true); scopes.hasNext(); ) {
            Registry.Entry entry = scopes.next();
            for (Iterator<Map<String, AttributeValue>> items = registry.items(entry.scope(), null); items.hasNext(); ) {
                Map<String, AttributeValue> item = items.next();
                if (Items.live(item, clock.millis()) && tombstone(Items.id(item), null)) {
                    deleted++;
                }
            }
            registry.prune(entry);
        }
        return deleted;
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
        bulk.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    Clock clock() {
        return clock;
    }


    private AttributeValue encode(StateId id, JsonNode value, StateMeta meta) {
        AttributeValue encoded = AttributeCodec.encode(value);
        long size = AttributeCodec.size(encoded) + AttributeCodec.utf8(id.scope().canonical())
                + AttributeCodec.utf8(id.key()) + 160;
        for (String label : meta.labels()) {
            size += AttributeCodec.utf8(label);
        }
        if (size > MAX_ITEM_BYTES) {
            throw new IllegalArgumentException("the value of " + id + " makes a DynamoDB item of about "
                    + size + " bytes, over DynamoDB's limit of 400 KB (" + MAX_ITEM_BYTES + " bytes) per item");
        }
        return encoded;
    }
}
