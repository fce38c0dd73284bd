package dev.scopedstore.memory;

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
import dev.scopedstore.spi.PageCursor;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process backend: one {@link ConcurrentHashMap} of immutable {@link StoredState}s,
 * written with per-entry {@code compute} (no global lock), plus indexes of scopes and labels.
 * Expired states are treated as absent on every access, whatever the sweeper has done.
 *
 * <p>Versions never repeat: removing a state (delete or expiry) raises a store-wide high-water
 * mark above its last version, and a state created later starts above the mark.
 */
public final class MemoryBackend implements StateBackend {
    /** The largest value this backend accepts, as UTF-8 JSON. */
    public static final int MAX_VALUE_BYTES = 4 * 1024 * 1024;

    private static final Capabilities CAPABILITIES = Capabilities.of(MAX_VALUE_BYTES,
            Capability.NATIVE_ADD, Capability.NATIVE_MULTIPLY, Capability.NATIVE_SUBTRACT_FROM,
            Capability.NATIVE_MAX, Capability.NATIVE_MIN, Capability.NATIVE_APPEND,
            Capability.NATIVE_UNION, Capability.TTL_FOLLOWS_CLOCK);

    private final ConcurrentHashMap<StateId, StoredState> states = new ConcurrentHashMap<>();
    private final ScopeIndex scopeIndex = new ScopeIndex();
    private final LabelIndex labelIndex = new LabelIndex();
    private final AtomicLong highWater = new AtomicLong();
    private final ChangeFanout feed = new ChangeFanout();
    private final Clock clock;
    private final Capabilities capabilities;
    private Maintenance maintenance;

    private MemoryBackend(Clock clock, Capabilities capabilities) {
        this.clock = clock;
        this.capabilities = capabilities;
    }

    /**
     * An empty backend that forgets on close, for programmatic construction:
     * {@code Store.builder().backend(MemoryBackend.create(clock)).build()}. Close it yourself.
     *
     * @param clock the time expiry follows
     * @return a new backend
     */
    public static MemoryBackend create(Clock clock) {
        return withMaintenance(clock, null, Duration.ZERO);
    }

    /** A backend loaded from {@code snapshot} (if any), swept and flushed in the background. */
    static MemoryBackend withMaintenance(Clock clock, SnapshotFile snapshot, Duration flushInterval) {
        MemoryBackend backend = new MemoryBackend(clock, snapshot == null ? CAPABILITIES
                : MemoryBackendProvider.durable(CAPABILITIES));
        if (snapshot != null) {
            snapshot.loadInto(backend);
        }
        backend.maintenance = new Maintenance(backend, snapshot, flushInterval);
        return backend;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Optional<StoredState> get(StateId id) {
        StoredState state = states.get(id);
        if (state == null || (state.expiresAt() != StoredState.NEVER && isExpired(state))) {
            return Optional.empty();
        }
        return Optional.of(state);
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        StoredState existing = states.get(id);
        if (existing != null && !isExpired(existing)) {
            return existing;
        }
        Outcome outcome = new Outcome();
        StoredState result = states.compute(scopeIndex.intern(id), (k, current) -> {
            StoredState live = liveOrRetire(current);
            if (live != null) {
                return live;
            }
            return outcome.written(created(k, initial, meta));
        });
        feed.publishWrite(outcome.written);
        return result;
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        StoredState written = states.compute(id, (k, current) -> {
            StoredState live = liveOrRetire(current);
            return live == null ? created(k, value, meta) : next(live, value, meta);
        });
        feed.publishWrite(written);
        return written;
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        Outcome outcome = new Outcome();
        states.compute(id, (k, current) -> {
            StoredState live = liveOrRetire(current);
            if (live == null || live.version() != expectedVersion) {
                return live;
            }
            return outcome.written(next(live, value, meta));
        });
        feed.publishWrite(outcome.written);
        return Optional.ofNullable(outcome.written);
    }

    @Override
    public Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        StoredState written = states.compute(id, (k, current) -> {
            StoredState live = liveOrRetire(current);
            return live == null ? created(k, op.applyTo(initial), meta)
                    : next(live, op.applyTo(live.value()), meta);
        });
        feed.publishWrite(written);
        return Optional.of(written);
    }

    @Override
    public boolean delete(StateId id) {
        Outcome outcome = new Outcome();
        states.computeIfPresent(id, (k, current) -> {
            StoredState live = liveOrRetire(current);
            if (live != null) {
                outcome.written(retire(live));
            }
            return null;
        });
        StoredState deleted = outcome.written;
        if (deleted != null) {
            feed.publishDeletion(id, deleted.version() + 1);
        }
        return deleted != null;
    }

    @Override
    public boolean touch(StateId id) {
        StoredState result = states.computeIfPresent(id, (k, current) -> {
            StoredState live = liveOrRetire(current);
            if (live == null || live.ttlMillis() == 0) {
                return live;
            }
            return new StoredState(id, live.value(), live.version(), live.labels(),
                    live.ttlMillis(), clock.millis() + live.ttlMillis());
        });
        return result != null;
    }

    @Override
    public long touchScope(Scope scope) {
        long touched = 0;
        for (Iterator<String> keys = scopeIndex.keys(scope, null); keys.hasNext(); ) {
            if (touch(new StateId(scope, keys.next()))) {
                touched++;
            }
        }
        return touched;
    }

    @Override
    public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        StateId after = cursor == null ? null : PageCursor.lastState(cursor);
        List<StoredState> page = new ArrayList<>(Math.min(limit, 1024));
        Iterator<Scope> scopes = scopeIndex.scopes(filter, after == null ? null : after.scope()).iterator();
        while (scopes.hasNext()) {
            Scope scope = scopes.next();
            String afterKey = after != null && after.scope().equals(scope) ? after.key() : null;
            for (Iterator<String> keys = scopeIndex.keys(scope, afterKey); keys.hasNext(); ) {
                Optional<StoredState> state = get(new StateId(scope, keys.next()));
                if (state.isPresent()) {
                    if (page.size() == limit) {
                        return new Page<>(page, PageCursor.after(page.get(limit - 1).id()));
                    }
                    page.add(state.get());
                }
            }
        }
        return new Page<>(page, null);
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        Scope after = cursor == null ? null : PageCursor.lastScope(cursor);
        List<Scope> page = new ArrayList<>(Math.min(limit, 1024));
        Iterator<Scope> scopes = scopeIndex.scopes(filter, after).iterator();
        while (scopes.hasNext()) {
            Scope scope = scopes.next();
            if (scope.equals(after) || !hasLiveState(scope)) {
                continue;
            }
            if (page.size() == limit) {
                return new Page<>(page, page.get(limit - 1).canonical());
            }
            page.add(scope);
        }
        return new Page<>(page, null);
    }

    @Override
    public long purgeLabels(Set<String> labels) {
        long deleted = 0;
        for (String label : labels) {
            for (StateId id : labelIndex.idsWith(label)) {
                if (delete(id)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        List<StateId> doomed = new ArrayList<>();
        scopeIndex.scopes(filter, null).forEach(scope -> scopeIndex.keys(scope, null)
                .forEachRemaining(key -> doomed.add(new StateId(scope, key))));
        return doomed.stream().filter(this::delete).count();
    }

    @Override
    public void ping() {
        // in-process: always reachable
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        return feed.subscribe(filter, listener);
    }

    /** Stops the maintenance thread and, for a durable store, writes the last snapshot. */
    @Override
    public void close() {
        maintenance.close();
    }

    /** Removes states that have expired; correctness never depends on this running. */
    void sweepExpired() {
        long now = clock.millis();
        for (StoredState state : states.values()) {
            if (state.isExpiredAt(now)) {
                states.computeIfPresent(state.id(), (k, current) ->
                        liveOrRetire(current));
            }
        }
    }

    /** @return every live state, for a snapshot */
    Iterable<StoredState> liveStates() {
        long now = clock.millis();
        return () -> states.values().stream().filter(s -> !s.isExpiredAt(now)).iterator();
    }

    long highWater() {
        return highWater.get();
    }

    /** Puts a state read from a snapshot, as it was. */
    void restore(StoredState state) {
        states.put(state.id(), state);
        scopeIndex.add(state.id());
        labelIndex.add(state.id(), state.labels());
        raiseHighWater(state.version());
    }

    /** Lifts the version mark, e.g. to the one a snapshot recorded. */
    void raiseHighWater(long version) {
        highWater.accumulateAndGet(version, Math::max);
    }

    private boolean hasLiveState(Scope scope) {
        for (Iterator<String> keys = scopeIndex.keys(scope, null); keys.hasNext(); ) {
            if (get(new StateId(scope, keys.next())).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private boolean isExpired(StoredState state) {
        return state.expiresAt() != StoredState.NEVER && state.isExpiredAt(clock.millis());
    }

    /** Inside {@code compute}: the current state if live; an expired one is retired silently. */
    private StoredState liveOrRetire(StoredState current) {
        if (current == null || !isExpired(current)) {
            return current;
        }
        retire(current);
        return null;
    }

    /** Inside {@code compute}: un-indexes a removed state and lifts the version mark above it. */
    private StoredState retire(StoredState state) {
        scopeIndex.remove(state.id());
        labelIndex.remove(state.id(), state.labels());
        raiseHighWater(state.version() + 1);
        return state;
    }

    /** Inside {@code compute}: a new state above the version mark, indexed. */
    private StoredState created(StateId id, JsonNode value, StateMeta meta) {
        StoredState state = new StoredState(id, value, highWater.get() + 1, meta.labels(),
                meta.ttlMillis(), expiresAt(meta));
        scopeIndex.add(id);
        labelIndex.add(id, meta.labels());
        return state;
    }

    private StoredState next(StoredState live, JsonNode value, StateMeta meta) {
        return new StoredState(live.id(), value, live.version() + 1, live.labels(),
                meta.ttlMillis(), expiresAt(meta));
    }

    /** When a state written now with this meta expires; reads the clock only for a TTL. */
    private long expiresAt(StateMeta meta) {
        return meta.ttlMillis() == 0 ? StoredState.NEVER : meta.expiresAt(clock.millis());
    }


    /** The state a {@code compute} wrote or removed, if any, read after it returns. */
    private static final class Outcome {
        StoredState written;

        StoredState written(StoredState state) {
            written = state;
            return state;
        }
    }
}
