package dev.scopedstore.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A backend seen without its native atomic operations: it hides every {@code NATIVE_*}
 * capability, so that the facade runs each equation through its version-conditioned
 * compare-and-set instead. The kit uses it when
 * {@link StoreConformanceKit#nativeOperations()} is {@code false}, to prove that native
 * operations change nothing observable. Closing it does not close the backend it wraps.
 */
public final class WithoutNativeOperations implements StateBackend {
    private final StateBackend backend;
    private final Capabilities capabilities;

    /** @param backend the backend to wrap */
    public WithoutNativeOperations(StateBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        Capabilities all = backend.capabilities();
        Set<Capability> kept = EnumSet.noneOf(Capability.class);
        for (Capability c : all.features()) {
            if (!c.name().startsWith("NATIVE_")) {
                kept.add(c);
            }
        }
        this.capabilities = new Capabilities(kept, all.maxValueBytes());
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Optional<StoredState> get(StateId id) {
        return backend.get(id);
    }

    @Override
    public Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        return backend.getAll(ids);
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        return backend.getOrCreate(id, initial, meta);
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        return backend.put(id, value, meta);
    }

    @Override
    public List<StoredState> putAll(List<Write> writes) {
        return backend.putAll(writes);
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        return backend.putIfVersion(id, expectedVersion, value, meta);
    }

    @Override
    public boolean delete(StateId id) {
        return backend.delete(id);
    }

    @Override
    public boolean touch(StateId id) {
        return backend.touch(id);
    }

    @Override
    public long touchScope(Scope scope) {
        return backend.touchScope(scope);
    }

    @Override
    public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        return backend.states(filter, cursor, limit);
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        return backend.scopes(filter, cursor, limit);
    }

    @Override
    public long purgeLabels(Set<String> labels) {
        return backend.purgeLabels(labels);
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        return backend.dropScope(filter);
    }

    @Override
    public void ping() {
        backend.ping();
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        return backend.subscribe(filter, listener);
    }

    /** Leaves the wrapped backend open: its own store closes it. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "WithoutNativeOperations[" + backend + "]";
    }
}
